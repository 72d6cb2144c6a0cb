#include "submitter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fallback.h"
#include "json.h"
#include "protocol.h"

/* One submit: the events, their JSON (serialised once, reused by 413 halves) and fates. */
typedef struct batch {
    mt_submitter *submitter;
    const mosaic_event *events;
    char *const *json;
    const size_t *json_len;
    mt_fate *fates;
    const _Atomic int64_t *deadline_ms;
    unsigned *fallbacks; /* by event: the fields to send again with fallbacks (fallback.h); NULL:
                            this batch is itself a resend, or memory ran out */
} batch;

static mt_stats *stats_of(batch *b)
{
    return b->submitter->sender.stats;
}

static void count(batch *b, _Atomic uint64_t *(*pick)(mt_stats *), uint64_t n)
{
    mt_stats *stats = stats_of(b);
    if (stats)
        mt_count(pick(stats), n);
}

#define COUNTER(field)                                                                             \
    static _Atomic uint64_t *field##_counter(mt_stats *s)                                          \
    {                                                                                              \
        return &s->field;                                                                          \
    }
COUNTER(accepted)
COUNTER(duplicates)
COUNTER(rejected)
COUNTER(dropped_bad_batch)
COUNTER(dropped_too_large)
COUNTER(dry_run)
COUNTER(split_batches)
COUNTER(resent_with_fallback)

static void settle(batch *b, size_t lo, size_t hi, mt_fate fate)
{
    for (size_t i = lo; i < hi; i++)
        b->fates[i] = fate;
}

/* {"events":[...]} of events[lo..hi) that have JSON; false when out of memory. */
static bool build_body(batch *b, size_t lo, size_t hi, mt_buf *body)
{
    mt_buf_append_str(body, "{\"events\":[");
    for (size_t i = lo; i < hi; i++) {
        if (i > lo)
            mt_buf_append(body, ",", 1);
        mt_buf_append(body, b->json[i], b->json_len[i]);
    }
    mt_buf_append_str(body, "]}");
    return !body->failed;
}

/* The "error" member of an error answer, for the log line. */
static void error_reason(const mt_http_response *response, char *out, size_t len)
{
    snprintf(out, len, "no reason given");
    json_object *root =
        mt_json_parse(response->body.data ? response->body.data : "", response->body.len, NULL, 0);
    json_object *error;
    if (root && json_object_object_get_ex(root, "error", &error) &&
        json_object_is_type(error, json_type_string))
        snprintf(out, len, "%.200s", json_object_get_string(error));
    json_object_put(root);
}

static size_t find_event(batch *b, size_t lo, size_t hi, size_t guess, const char *id)
{
    if (guess < hi && strcmp(b->events[guess].event_id, id) == 0)
        return guess;
    for (size_t i = lo; i < hi; i++)
        if (strcmp(b->events[i].event_id, id) == 0)
            return i;
    return hi;
}

static void apply_result(batch *b, size_t index, json_object *result)
{
    json_object *status, *error;
    /* A member may be present and JSON null: only a string counts. */
    const char *text = json_object_object_get_ex(result, "status", &status) &&
                               json_object_is_type(status, json_type_string)
                           ? json_object_get_string(status)
                           : "";
    if (strcmp(text, "duplicate") == 0) {
        b->fates[index] = MT_FATE_DUPLICATE;
    } else if (strcmp(text, "rejected") == 0) {
        b->fates[index] = MT_FATE_REJECTED;
        const char *why = json_object_object_get_ex(result, "error", &error)
                              ? json_object_get_string(error)
                              : NULL;
        unsigned fields = b->fallbacks ? mt_fallback_fields(&b->events[index], why) : 0;
        if (b->fallbacks)
            b->fallbacks[index] = fields;
        mt_log(b->submitter->sender.log, MOSAIC_LOG_WARN,
               "event %s rejected by the server: %.200s%s", b->events[index].event_id,
               why ? why : "no reason given",
               fields ? "; sending it again with documented values" : "");
    } else {
        b->fates[index] = MT_FATE_ACCEPTED;
    }
}

/* 202: one result per event. Events the answer does not mention count as accepted, as the
 * protocol says of any other 2xx. */
static void apply_results(batch *b, size_t lo, size_t hi, const mt_http_response *response)
{
    settle(b, lo, hi, MT_FATE_ACCEPTED);
    json_object *root =
        mt_json_parse(response->body.data ? response->body.data : "", response->body.len, NULL, 0);
    json_object *results;
    if (!root || !json_object_object_get_ex(root, "results", &results) ||
        !json_object_is_type(results, json_type_array)) {
        mt_log(b->submitter->sender.log, MOSAIC_LOG_WARN,
               "events: HTTP %ld without a readable result list; taking all as accepted",
               response->status);
        json_object_put(root);
        return;
    }
    size_t n = json_object_array_length(results);
    for (size_t i = 0; i < n; i++) {
        json_object *result = json_object_array_get_idx(results, i), *id;
        if (!json_object_object_get_ex(result, "event_id", &id) ||
            !json_object_is_type(id, json_type_string))
            continue;
        size_t index = find_event(b, lo, hi, lo + i, json_object_get_string(id));
        if (index < hi)
            apply_result(b, index, result);
    }
    json_object_put(root);
}

static void count_fates(batch *b, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++) {
        switch (b->fates[i]) {
        case MT_FATE_ACCEPTED: count(b, accepted_counter, 1); break;
        case MT_FATE_DUPLICATE: count(b, duplicates_counter, 1); break;
        case MT_FATE_REJECTED: count(b, rejected_counter, 1); break;
        case MT_FATE_DROPPED: count(b, dropped_bad_batch_counter, 1); break;
        case MT_FATE_TOO_LARGE: count(b, dropped_too_large_counter, 1); break;
        case MT_FATE_DRY_RUN: count(b, dry_run_counter, 1); break;
        case MT_FATE_KEPT: break;
        }
    }
}

static void note_hold(batch *b, const mt_http_response *response)
{
    mt_submitter *s = b->submitter;
    char reason[200], cause[sizeof s->last_hold_cause];
    error_reason(response, reason, sizeof reason);
    snprintf(cause, sizeof cause, "HTTP %ld: %s", response->status, reason);
    s->held = true;
    if (strcmp(cause, s->last_hold_cause) != 0) { /* once per distinct cause */
        bool auth = response->status == 401 || response->status == 403;
        mt_log(s->sender.log, MOSAIC_LOG_ERROR,
               "events: %s (%s); events are kept and sending pauses until the next interval",
               auth ? "the server refused the API key" : "the server's answer cannot be acted on",
               cause);
        memcpy(s->last_hold_cause, cause, sizeof cause);
    }
}

static void send_range(batch *b, size_t lo, size_t hi);

static void handle_answer(batch *b, size_t lo, size_t hi, const mt_http_response *response)
{
    char reason[200];
    switch (mt_action_for_status(response->status)) {
    case MT_ACTION_DONE:
        b->submitter->last_hold_cause[0] = '\0';
        if (response->status == 202)
            apply_results(b, lo, hi, response);
        else
            settle(b, lo, hi, MT_FATE_ACCEPTED);
        break;
    case MT_ACTION_HOLD: note_hold(b, response); break;
    case MT_ACTION_SPLIT:
        if (hi - lo == 1) {
            mt_log(b->submitter->sender.log, MOSAIC_LOG_ERROR,
                   "events: HTTP 413 for the single event %s; dropped", b->events[lo].event_id);
            settle(b, lo, hi, MT_FATE_TOO_LARGE);
        } else {
            count(b, split_batches_counter, 1);
            size_t mid = lo + (hi - lo) / 2;
            send_range(b, lo, mid);
            send_range(b, mid, hi);
        }
        break;
    case MT_ACTION_DROP:
        error_reason(response, reason, sizeof reason);
        mt_log(b->submitter->sender.log, MOSAIC_LOG_ERROR,
               "events: HTTP %ld, %zu events dropped: %s", response->status, hi - lo, reason);
        settle(b, lo, hi, MT_FATE_DROPPED);
        break;
    case MT_ACTION_RETRY: /* the sender already retried: keep them */ break;
    }
}

static void log_dry_run(batch *b, size_t lo, size_t hi, const mt_buf *body)
{
    /* The API key is never part of a body: dry run shows exactly what would go out. */
    mt_log(b->submitter->sender.log, MOSAIC_LOG_INFO, "dry run: would send %zu events to %s: %s",
           hi - lo, b->submitter->url, body->data);
    settle(b, lo, hi, MT_FATE_DRY_RUN);
}

static void send_range(batch *b, size_t lo, size_t hi)
{
    mt_buf body = {0};
    if (!build_body(b, lo, hi, &body)) {
        mt_buf_free(&body);
        return; /* out of memory: the events stay KEPT */
    }
    if (b->submitter->dry_run) {
        log_dry_run(b, lo, hi, &body);
        mt_buf_free(&body);
        return;
    }
    mt_http_request request = {b->submitter->url, body.data, body.len, b->submitter->api_key,
                               b->deadline_ms};
    mt_http_response response = {0};
    mt_send_result result = mt_sender_post(&b->submitter->sender, &request, &response);
    if (result == MT_SEND_ANSWERED)
        handle_answer(b, lo, hi, &response);
    mt_buf_free(&response.body);
    mt_buf_free(&body);
}

/* The events of b that were refused for one of our values, again, once, with the fallbacks;
 * their fates become the resend's. */
static void resend_with_fallbacks(batch *b, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += b->fallbacks[i] != 0;
    if (k == 0)
        return;
    mosaic_event *copies = malloc(k * sizeof *copies);
    char **json = calloc(k, sizeof *json);
    size_t *json_len = calloc(k, sizeof *json_len), *origin = calloc(k, sizeof *origin);
    mt_fate *fates = calloc(k, sizeof *fates);
    bool ready = copies && json && json_len && origin && fates;
    for (size_t i = 0, j = 0; ready && i < n; i++) {
        if (!b->fallbacks[i])
            continue;
        char what[200];
        copies[j] = b->events[i];
        mt_fallback_apply(&copies[j], b->fallbacks[i], what, sizeof what);
        mt_log(b->submitter->sender.log, MOSAIC_LOG_WARN, "event %s sent again with %s",
               copies[j].event_id, what);
        origin[j] = i;
        ready = (json[j] = mt_event_json(&copies[j], &json_len[j])) != NULL;
        j++;
    }
    if (ready) {
        batch again = {b->submitter, copies, json, json_len, fates, b->deadline_ms, NULL};
        send_range(&again, 0, k);
        for (size_t j = 0; j < k; j++)
            b->fates[origin[j]] = fates[j];
        count(b, resent_with_fallback_counter, k);
    }
    for (size_t j = 0; json && j < k; j++)
        free(json[j]);
    free(copies), free(json), free(json_len), free(origin), free(fates);
}

void mt_submit_serialised(mt_submitter *s, const mosaic_event *events, char *const *json,
                          const size_t *json_len, size_t n, mt_fate *fates,
                          const _Atomic int64_t *deadline_ms)
{
    unsigned *fallbacks = calloc(n ? n : 1, sizeof *fallbacks);
    batch b = {s, events, json, json_len, fates, deadline_ms, fallbacks};
    settle(&b, 0, n, MT_FATE_KEPT);
    s->held = false;
    send_range(&b, 0, n);
    if (fallbacks)
        resend_with_fallbacks(&b, n);
    free(fallbacks);
    count_fates(&b, 0, n);
}

void mt_submit(mt_submitter *s, const mosaic_event *events, size_t n, mt_fate *fates,
               const _Atomic int64_t *deadline_ms)
{
    char **json = calloc(n, sizeof *json);
    size_t *json_len = calloc(n, sizeof *json_len);
    bool serialised = json && json_len;
    for (size_t i = 0; serialised && i < n; i++)
        serialised = (json[i] = mt_event_json(&events[i], &json_len[i])) != NULL;
    if (serialised) {
        mt_submit_serialised(s, events, json, json_len, n, fates, deadline_ms);
    } else {
        for (size_t i = 0; i < n; i++)
            fates[i] = MT_FATE_KEPT;
        s->held = false;
        mt_log(s->sender.log, MOSAIC_LOG_ERROR, "events: out of memory; %zu events kept", n);
    }
    for (size_t i = 0; json && i < n; i++)
        free(json[i]);
    free(json);
    free(json_len);
}
