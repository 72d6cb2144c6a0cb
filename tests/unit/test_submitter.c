/* Delivering a batch (the table of answers of docs/protocol.md, "Sending events") through the
 * fake transport. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "fake_clock.h"
#include "fake_transport.h"
#include "log_capture.h"
#include "submitter.h"

#define MAX_EVENTS 8
#define EVENTS_URL "https://tel.example.com/v1/events/batch"
#define EVENT_KEY  "\"event_id\""

typedef struct fixture {
    fake_transport transport;
    fake_clock clock;
    log_capture logs;
    mt_logger logger;
    mt_stats stats;
    char url[64];
    mt_submitter sub;
    mosaic_event events[MAX_EVENTS];
    mt_fate fates[MAX_EVENTS];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    fake_transport_init(&f->transport, NULL, 0);
    fake_clock_init(&f->clock, 1000000, 0.0);
    f->logger = log_capture_logger(&f->logs, MOSAIC_LOG_DEBUG);
    snprintf(f->url, sizeof f->url, "%s", EVENTS_URL);
    f->sub.sender = (mt_sender){
        .transport = &f->transport.base,
        .log = &f->logger,
        .clock = fake_clock_seam(&f->clock),
        .max_retries = 2,
        .backoff_base_ms = 100,
        .backoff_cap_ms = 1000,
        .stats = &f->stats,
        .what = "events",
    };
    f->sub.url = f->url;
    f->sub.api_key = TEST_API_KEY;
    for (size_t i = 0; i < MAX_EVENTS; i++) {
        mosaic_event *e = test_event();
        f->events[i] = *e;
        mosaic_event_free(e);
        f->fates[i] = (mt_fate)-1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    fake_transport_free(&f->transport);
    log_capture_free(&f->logs);
    free(f);
    return 0;
}

static void submit(fixture *f, size_t n, const fake_reply *script, size_t script_len)
{
    f->transport.script = script;
    f->transport.script_len = script_len;
    f->transport.next = 0;
    mt_submit(&f->sub, f->events, n, f->fates, NULL);
}

#define SUBMIT(f, n, script) submit((f), (n), (script), sizeof(script) / sizeof *(script))

static uint64_t counter(_Atomic uint64_t *c)
{
    return atomic_load(c);
}

static void expect_fates(const fixture *f, size_t n, mt_fate fate)
{
    for (size_t i = 0; i < n; i++)
        if (f->fates[i] != fate)
            fail_msg("event %zu: fate %d, expected %d", i, (int)f->fates[i], (int)fate);
}

/* A 202 body: one result per listed event index, with the given status. */
static char *results_body(const fixture *f, const size_t *index, const char *const *status,
                          size_t n)
{
    json_object *root = json_object_new_object(), *results = json_object_new_array();
    for (size_t i = 0; i < n; i++) {
        json_object *r = json_object_new_object();
        json_object_object_add(r, "event_id", json_object_new_string(f->events[index[i]].event_id));
        json_object_object_add(r, "status", json_object_new_string(status[i]));
        json_object_object_add(
            r, "error",
            strcmp(status[i], "rejected") == 0 ? json_object_new_string("model: too long") : NULL);
        json_object_array_add(results, r);
    }
    json_object_object_add(root, "results", results);
    char *text = strdup(json_object_to_json_string(root));
    json_object_put(root);
    return text;
}

/* ---- 2xx --------------------------------------------------------------------------------- */

static void test_202_per_event_results(void **state)
{
    fixture *f = *state;
    static const size_t order[] = {0, 1, 2};
    static const char *const status[] = {"accepted", "duplicate", "rejected"};
    char *body = results_body(f, order, status, 3);
    const fake_reply script[] = {{202, NULL, false, body}};
    SUBMIT(f, 3, script);
    assert_int_equal(f->fates[0], MT_FATE_ACCEPTED);
    assert_int_equal(f->fates[1], MT_FATE_DUPLICATE);
    assert_int_equal(f->fates[2], MT_FATE_REJECTED);
    assert_int_equal(counter(&f->stats.accepted), 1);
    assert_int_equal(counter(&f->stats.duplicates), 1);
    assert_int_equal(counter(&f->stats.rejected), 1);
    assert_int_equal(f->transport.n_requests, 1);
    free(body);
}

static void test_rejected_event_logged_with_reason(void **state)
{
    fixture *f = *state;
    static const size_t order[] = {0};
    static const char *const status[] = {"rejected"};
    char *body = results_body(f, order, status, 1);
    const fake_reply script[] = {{202, NULL, false, body}};
    SUBMIT(f, 1, script);
    assert_int_equal(log_capture_count(&f->logs, MOSAIC_LOG_WARN), 1);
    assert_int_equal(log_capture_matching(&f->logs, f->events[0].event_id), 1);
    assert_int_equal(log_capture_matching(&f->logs, "model: too long"), 1);
    free(body);
}

static void test_202_results_matched_by_event_id(void **state)
{
    fixture *f = *state;
    static const size_t order[] = {2, 0, 1};
    static const char *const status[] = {"rejected", "duplicate", "accepted"};
    char *body = results_body(f, order, status, 3);
    const fake_reply script[] = {{202, NULL, false, body}};
    SUBMIT(f, 3, script);
    assert_int_equal(f->fates[0], MT_FATE_DUPLICATE);
    assert_int_equal(f->fates[1], MT_FATE_ACCEPTED);
    assert_int_equal(f->fates[2], MT_FATE_REJECTED);
    free(body);
}

static void test_202_unreadable_body_all_accepted(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{202, NULL, false, "<html>ok</html>"}};
    SUBMIT(f, 3, script);
    expect_fates(f, 3, MT_FATE_ACCEPTED);
    assert_int_equal(counter(&f->stats.accepted), 3);
}

static void test_202_without_results_all_accepted(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{202, NULL, false, "{\"accepted\":2}"}};
    SUBMIT(f, 2, script);
    expect_fates(f, 2, MT_FATE_ACCEPTED);
}

static void test_204_all_accepted(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{204, NULL, false, NULL}};
    SUBMIT(f, 4, script);
    expect_fates(f, 4, MT_FATE_ACCEPTED);
    assert_int_equal(counter(&f->stats.accepted), 4);
}

/* ---- drops ------------------------------------------------------------------------------- */

static void test_400_drops_batch(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{400, NULL, false, "{\"error\":\"malformed envelope\"}"}};
    SUBMIT(f, 3, script);
    expect_fates(f, 3, MT_FATE_DROPPED);
    assert_int_equal(counter(&f->stats.dropped_bad_batch), 3);
    assert_int_equal(counter(&f->stats.accepted), 0);
    assert_int_equal(log_capture_count(&f->logs, MOSAIC_LOG_ERROR), 1);
    assert_int_equal(log_capture_matching(&f->logs, "malformed envelope"), 1);
    assert_int_equal(f->transport.n_requests, 1);
}

static void test_422_drops_batch(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{422, NULL, false, "{\"error\":\"x\",\"details\":[]}"}};
    SUBMIT(f, 2, script);
    expect_fates(f, 2, MT_FATE_DROPPED);
    assert_int_equal(counter(&f->stats.dropped_bad_batch), 2);
}

static void test_other_4xx_drops_batch(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{404, NULL, false, NULL}};
    SUBMIT(f, 1, script);
    expect_fates(f, 1, MT_FATE_DROPPED);
    assert_int_equal(counter(&f->stats.dropped_bad_batch), 1);
}

/* ---- auth -------------------------------------------------------------------------------- */

static void test_401_keeps_events_and_flags_auth(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{401, NULL, false, "{\"error\":\"unknown key\"}"}};
    SUBMIT(f, 3, script);
    expect_fates(f, 3, MT_FATE_KEPT);
    assert_true(f->sub.held);
    assert_int_equal(f->transport.n_requests, 1); /* not retried */
    assert_int_equal(counter(&f->stats.accepted) + counter(&f->stats.dropped_bad_batch), 0);
}

static void test_403_keeps_events_and_flags_auth(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{403, NULL, false, "{\"error\":\"wrong instance\"}"}};
    SUBMIT(f, 2, script);
    expect_fates(f, 2, MT_FATE_KEPT);
    assert_true(f->sub.held);
}

static void test_auth_error_logged_once_per_cause(void **state)
{
    fixture *f = *state;
    static const fake_reply unknown[] = {{401, NULL, false, "{\"error\":\"unknown key\"}"}};
    static const fake_reply revoked[] = {{401, NULL, false, "{\"error\":\"key revoked\"}"}};
    SUBMIT(f, 1, unknown);
    SUBMIT(f, 1, unknown);
    assert_int_equal(log_capture_count(&f->logs, MOSAIC_LOG_ERROR), 1);
    assert_int_equal(log_capture_matching(&f->logs, "unknown key"), 1);
    SUBMIT(f, 1, revoked);
    assert_int_equal(log_capture_count(&f->logs, MOSAIC_LOG_ERROR), 2);
    assert_int_equal(log_capture_matching(&f->logs, "key revoked"), 1);
    assert_int_equal(log_capture_matching(&f->logs, TEST_API_KEY), 0);
}

static void test_auth_flag_cleared_by_next_success(void **state)
{
    fixture *f = *state;
    static const fake_reply refused[] = {{401, NULL, false, "{\"error\":\"unknown key\"}"}};
    static const fake_reply ok[] = {{204, NULL, false, NULL}};
    SUBMIT(f, 1, refused);
    assert_true(f->sub.held);
    SUBMIT(f, 1, ok);
    assert_false(f->sub.held);
    SUBMIT(f, 1, refused); /* after a success the same cause is news again */
    assert_int_equal(log_capture_count(&f->logs, MOSAIC_LOG_ERROR), 2);
}

/* ---- 413 --------------------------------------------------------------------------------- */

/* TEST DOUBLE responder: the "server" refuses bodies of more than two events with 413. */
static fake_reply at_most_two_events(const mt_http_request *request, void *user)
{
    (void)user;
    fake_reply reply = {200, NULL, false, NULL};
    if (count_substr(request->body, EVENT_KEY) > 2)
        reply.status = 413;
    return reply;
}

static void test_413_splits_in_halves_until_accepted(void **state)
{
    fixture *f = *state;
    fake_transport_set_responder(&f->transport, at_most_two_events, NULL);
    mt_submit(&f->sub, f->events, 5, f->fates, NULL);
    expect_fates(f, 5, MT_FATE_ACCEPTED);
    assert_int_equal(counter(&f->stats.accepted), 5);
    assert_int_equal(counter(&f->stats.split_batches), 2);
    static const size_t sizes[] = {5, 2, 3, 1, 2};
    assert_int_equal(f->transport.n_requests, 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(count_substr(f->transport.requests[i].body, EVENT_KEY), sizes[i]);
    /* Every event went out exactly once in an accepted request. */
    for (size_t e = 0; e < 5; e++) {
        size_t seen = 0;
        for (size_t i = 1; i < 5; i++)
            if (i != 2)
                seen += count_substr(f->transport.requests[i].body, f->events[e].event_id);
        assert_int_equal(seen, 1);
    }
}

static void test_413_on_single_event_too_large(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{413, NULL, false, NULL}};
    SUBMIT(f, 1, script);
    assert_int_equal(f->fates[0], MT_FATE_TOO_LARGE);
    assert_int_equal(counter(&f->stats.dropped_too_large), 1);
    assert_int_equal(f->transport.n_requests, 1);
}

static void test_413_always_ends_in_single_too_large(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{413, NULL, false, NULL}};
    SUBMIT(f, 3, script);
    expect_fates(f, 3, MT_FATE_TOO_LARGE);
    assert_int_equal(counter(&f->stats.dropped_too_large), 3);
    assert_int_equal(counter(&f->stats.split_batches), 2); /* 3 -> 1 + 2, 2 -> 1 + 1 */
}

/* ---- retries, deadline ------------------------------------------------------------------- */

static void test_retries_exhausted_keeps_events(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{503, NULL, false, NULL}};
    SUBMIT(f, 3, script);
    expect_fates(f, 3, MT_FATE_KEPT);
    assert_int_equal(f->transport.n_requests, 3); /* 1 + max_retries */
    assert_false(f->sub.held);
    assert_int_equal(counter(&f->stats.accepted) + counter(&f->stats.dropped_bad_batch), 0);
}

static void test_retry_then_success_accepts(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{0, NULL, false, NULL}, {204, NULL, false, NULL}};
    SUBMIT(f, 2, script);
    expect_fates(f, 2, MT_FATE_ACCEPTED);
    assert_int_equal(counter(&f->stats.retries), 1);
}

static void test_cut_by_deadline_keeps_events(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{503, NULL, false, NULL}, {204, NULL, false, NULL}};
    _Atomic int64_t deadline = f->clock.now + 10; /* shorter than any backoff (>= 50 ms) */
    f->transport.script = script;
    f->transport.script_len = 2;
    mt_submit(&f->sub, f->events, 2, f->fates, &deadline);
    expect_fates(f, 2, MT_FATE_KEPT);
    assert_int_equal(f->transport.n_requests, 1);
    assert_ptr_equal(f->transport.requests[0].deadline_ms, &deadline);
}

/* ---- dry run ----------------------------------------------------------------------------- */

static void test_dry_run_sends_nothing_and_logs_batch(void **state)
{
    fixture *f = *state;
    f->sub.dry_run = true;
    static const fake_reply script[] = {{204, NULL, false, NULL}};
    SUBMIT(f, 3, script);
    assert_int_equal(f->transport.n_requests, 0);
    expect_fates(f, 3, MT_FATE_DRY_RUN);
    assert_int_equal(counter(&f->stats.dry_run), 3);
    assert_int_equal(counter(&f->stats.accepted), 0);
    assert_int_equal(f->logs.n, 1);
    for (size_t i = 0; i < 3; i++)
        assert_non_null(strstr(f->logs.lines[0], f->events[i].event_id));
    assert_null(strstr(f->logs.lines[0], TEST_API_KEY));
    assert_null(strstr(f->logs.lines[0], "0123456789abcdef0123"));
}

/* ---- the request ------------------------------------------------------------------------- */

static void test_request_carries_url_and_bearer(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{204, NULL, false, NULL}};
    SUBMIT(f, 1, script);
    assert_int_equal(f->transport.n_requests, 1);
    assert_string_equal(f->transport.requests[0].url, EVENTS_URL);
    assert_non_null(f->transport.requests[0].bearer);
    assert_string_equal(f->transport.requests[0].bearer, TEST_API_KEY);
    assert_null(strstr(f->transport.requests[0].body, TEST_API_KEY));
}

static void test_request_body_is_events_envelope(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{204, NULL, false, NULL}};
    for (size_t n = 1; n <= 4; n += 3) {
        fake_transport_free(&f->transport);
        fake_transport_init(&f->transport, NULL, 0);
        SUBMIT(f, n, script);
        json_object *root = json_tokener_parse(f->transport.requests[0].body);
        assert_non_null(root);
        assert_true(json_object_is_type(root, json_type_object));
        assert_int_equal(json_object_object_length(root), 1);
        json_object *events = NULL;
        assert_true(json_object_object_get_ex(root, "events", &events));
        assert_true(json_object_is_type(events, json_type_array));
        assert_int_equal(json_object_array_length(events), n);
        for (size_t i = 0; i < n; i++) {
            json_object *id = NULL;
            assert_true(
                json_object_object_get_ex(json_object_array_get_idx(events, i), "event_id", &id));
            assert_string_equal(json_object_get_string(id), f->events[i].event_id);
        }
        json_object_put(root);
    }
}

static void test_body_events_read_back_equal(void **state)
{
    fixture *f = *state;
    mosaic_event *full = test_full_event();
    f->events[0] = *full;
    mosaic_event_free(full);
    static const fake_reply script[] = {{204, NULL, false, NULL}};
    SUBMIT(f, 1, script);
    json_object *root = json_tokener_parse(f->transport.requests[0].body), *events = NULL;
    assert_true(json_object_object_get_ex(root, "events", &events));
    const char *text = json_object_to_json_string(json_object_array_get_idx(events, 0));
    mosaic_event *back = NULL;
    assert_int_equal(mosaic_event_from_json(text, &back, NULL, 0), MOSAIC_OK);
    assert_true(mosaic_event_equal(back, &f->events[0]));
    mosaic_event_free(back);
    json_object_put(root);
}

/* ---- a refusal of one of our values: sent again once with the fallback ------------------------
 */

/* A 202 body with one result: the event rejected with this reason, or accepted (reason NULL). */
static char *one_result(const mosaic_event *e, const char *reason)
{
    json_object *root = json_object_new_object(), *results = json_object_new_array();
    json_object *r = json_object_new_object();
    json_object_object_add(r, "event_id", json_object_new_string(e->event_id));
    json_object_object_add(r, "status", json_object_new_string(reason ? "rejected" : "accepted"));
    json_object_object_add(r, "error", reason ? json_object_new_string(reason) : NULL);
    json_object_array_add(results, r);
    json_object_object_add(root, "results", results);
    char *text = strdup(json_object_to_json_string(root));
    json_object_put(root);
    return text;
}

static void test_our_outcome_refused_is_sent_again_as_failure(void **state)
{
    fixture *f = *state;
    f->events[0].outcome = MOSAIC_OUTCOME_CANCELLED;
    char *refused = one_result(&f->events[0], "outcome: 'cancelled' is not accepted");
    char *taken = one_result(&f->events[0], NULL);
    const fake_reply script[] = {{202, NULL, false, refused}, {202, NULL, false, taken}};
    SUBMIT(f, 2, script); /* event 1 is not in the first answer: accepted, never resent */
    assert_int_equal(f->transport.n_requests, 2);
    const char *again = f->transport.requests[1].body;
    assert_int_equal(count_substr(again, EVENT_KEY), 1);
    assert_non_null(strstr(again, f->events[0].event_id));
    assert_non_null(strstr(again, "\"outcome\":\"failure\""));
    assert_int_equal(f->events[0].outcome, MOSAIC_OUTCOME_CANCELLED); /* the caller's is kept */
    expect_fates(f, 2, MT_FATE_ACCEPTED);
    assert_int_equal(counter(&f->stats.accepted), 2);
    assert_int_equal(counter(&f->stats.rejected), 0);
    assert_int_equal(counter(&f->stats.resent_with_fallback), 1);
    assert_int_equal(log_capture_matching(&f->logs, "outcome cancelled -> failure"), 1);
    free(refused), free(taken);
}

static void test_a_resent_event_refused_again_is_rejected_once_more_only(void **state)
{
    fixture *f = *state;
    f->events[0].harness = MOSAIC_HARNESS_CODEX;
    char *refused = one_result(&f->events[0], "harness: 'codex' is not accepted");
    char *again = one_result(&f->events[0], "harness: 'custom' is not accepted");
    const fake_reply script[] = {{202, NULL, false, refused}, {202, NULL, false, again}};
    SUBMIT(f, 1, script);
    assert_int_equal(f->transport.n_requests, 2);
    assert_non_null(strstr(f->transport.requests[1].body, "\"harness\":\"custom\""));
    assert_int_equal(f->fates[0], MT_FATE_REJECTED);
    assert_int_equal(counter(&f->stats.rejected), 1);
    assert_int_equal(counter(&f->stats.resent_with_fallback), 1);
    free(refused), free(again);
}

static void test_a_refusal_of_anything_else_is_not_resent(void **state)
{
    fixture *f = *state;
    f->events[0].outcome = MOSAIC_OUTCOME_CANCELLED; /* ours, but not what the server named */
    char *refused = one_result(&f->events[0], "model: too long");
    const fake_reply script[] = {{202, NULL, false, refused}};
    SUBMIT(f, 1, script);
    assert_int_equal(f->transport.n_requests, 1);
    assert_int_equal(f->fates[0], MT_FATE_REJECTED);
    assert_int_equal(counter(&f->stats.resent_with_fallback), 0);
    free(refused);
}

static void test_our_gates_move_to_their_documented_ones(void **state)
{
    fixture *f = *state;
    mosaic_event *e = &f->events[0];
    e->gates_run = (1u << MOSAIC_QUALITY_GATE_FORMAT) | (1u << MOSAIC_QUALITY_GATE_COVERAGE) |
                   (1u << MOSAIC_QUALITY_GATE_BUILD);
    e->gates_failed = 1u << MOSAIC_QUALITY_GATE_FORMAT;
    e->quality_gate_passed = false;
    char *refused = one_result(e, "quality_gates_run: 'format' is not accepted");
    char *taken = one_result(e, NULL);
    const fake_reply script[] = {{202, NULL, false, refused}, {202, NULL, false, taken}};
    SUBMIT(f, 1, script);
    const char *again = f->transport.requests[1].body;
    assert_non_null(strstr(again, "\"quality_gates_run\":[\"build\",\"lint\",\"test\"]"));
    assert_non_null(strstr(again, "\"quality_gates_failed\":[\"lint\"]"));
    assert_int_equal(f->fates[0], MT_FATE_ACCEPTED);
    free(refused), free(taken);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_202_per_event_results),
        T(test_rejected_event_logged_with_reason),
        T(test_202_results_matched_by_event_id),
        T(test_202_unreadable_body_all_accepted),
        T(test_202_without_results_all_accepted),
        T(test_204_all_accepted),
        T(test_400_drops_batch),
        T(test_422_drops_batch),
        T(test_other_4xx_drops_batch),
        T(test_401_keeps_events_and_flags_auth),
        T(test_403_keeps_events_and_flags_auth),
        T(test_auth_error_logged_once_per_cause),
        T(test_auth_flag_cleared_by_next_success),
        T(test_413_splits_in_halves_until_accepted),
        T(test_413_on_single_event_too_large),
        T(test_413_always_ends_in_single_too_large),
        T(test_retries_exhausted_keeps_events),
        T(test_retry_then_success_accepts),
        T(test_cut_by_deadline_keeps_events),
        T(test_dry_run_sends_nothing_and_logs_batch),
        T(test_request_carries_url_and_bearer),
        T(test_request_body_is_events_envelope),
        T(test_body_events_read_back_equal),
        T(test_our_outcome_refused_is_sent_again_as_failure),
        T(test_a_resent_event_refused_again_is_rejected_once_more_only),
        T(test_a_refusal_of_anything_else_is_not_resent),
        T(test_our_gates_move_to_their_documented_ones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
