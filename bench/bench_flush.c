/* bench_flush: events per second from mosaic_client_track to the reference server's store, with
 * batch_size 100 into a started client, ending with mosaic_client_flush. The server (Python,
 * SQLite) bounds the figure, so the baseline in the same run is the server's own ceiling: the
 * same number of events, pre-serialized into batches of 100, POSTed over one kept-alive libcurl
 * handle. The ratio is the library's share of the time. */
#include <curl/curl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

#define BATCH            100
#define FLUSH_TIMEOUT_MS 120000
#define SERVER_SCRIPT    MOSAIC_SOURCE_DIR "/tests/server/mosaic_server.py"

/* ---- a minimal libcurl client for the baseline and the /_control/ API --------------------- */

typedef struct body {
    char *data;
    size_t len, cap;
} body;

static bool append(body *b, const char *text, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *grown = realloc(b->data, cap);
        if (!grown)
            return false;
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, text, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    /* Returning less than given makes curl fail the transfer. */
    return append(userdata, ptr, size * nmemb) ? size * nmemb : 0;
}

/* GET or (with payload) POST url on handle; returns the HTTP status, 0 on a transfer error. The
 * answer lands in answer (reset first) when it is not NULL. */
static long http(CURL *handle, const char *url, const char *payload, body *answer)
{
    body sink = {0};
    body *out = answer ? answer : &sink;
    out->len = 0;
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Authorization: Bearer " BENCH_API_KEY);
    curl_easy_setopt(handle, CURLOPT_URL, url);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L); /* resets a previous POST */
    if (payload)
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, payload);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, out);
    long status = 0;
    if (curl_easy_perform(handle) == CURLE_OK)
        curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    free(sink.data);
    return status;
}

/* How many events the server stored, from GET /_control/events; -1 when unreadable. */
static long server_event_count(CURL *handle, const char *base_url)
{
    char url[128];
    snprintf(url, sizeof url, "%s/_control/events", base_url);
    body answer = {0};
    long count = -1;
    if (http(handle, url, NULL, &answer) == 200) {
        json_object *root = json_tokener_parse(answer.data);
        json_object *events = NULL;
        if (root && json_object_object_get_ex(root, "events", &events) &&
            json_object_is_type(events, json_type_array))
            count = (long)json_object_array_length(events);
        json_object_put(root);
    }
    free(answer.data);
    return count;
}

static bool server_reset(CURL *handle, const char *base_url)
{
    char url[128];
    snprintf(url, sizeof url, "%s/_control/reset", base_url);
    return http(handle, url, "{}", NULL) == 200;
}

/* ---- the events ------------------------------------------------------------------------- */

/* n distinct events: the server de-duplicates on event_id, so each needs its own. */
static mosaic_event **build_events(size_t n)
{
    mosaic_event_builder *b = bench_full_builder();
    mosaic_event **events = calloc(n, sizeof *events);
    if (!b || !events)
        exit(1);
    for (size_t i = 0; i < n; i++) {
        if (mosaic_event_builder_build(b, &events[i], NULL, 0) != MOSAIC_OK)
            exit(1);
    }
    mosaic_event_builder_free(b);
    return events;
}

static void free_events(mosaic_event **events, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mosaic_event_free(events[i]);
    free(events);
}

/* {"events":[...]} for events[first .. first+count), as the protocol's batch body. */
static char *batch_body(mosaic_event **events, size_t first, size_t count)
{
    body out = {0};
    bool ok = append(&out, "{\"events\":[", 11);
    for (size_t i = 0; i < count; i++) {
        char *json = mosaic_event_to_json(events[first + i]);
        if (!json)
            exit(1);
        ok = ok && (i == 0 || append(&out, ",", 1)) && append(&out, json, strlen(json));
        mosaic_free(json);
    }
    if (!(ok && append(&out, "]}", 2)))
        exit(1);
    return out.data;
}

/* ---- the two runs ------------------------------------------------------------------------ */

/* The baseline: raw POSTs of pre-built bodies; returns events/s, 0 on any non-202 answer. */
static double raw_post_rate(CURL *handle, const char *base_url, size_t n)
{
    mosaic_event **events = build_events(n);
    size_t batches = (n + BATCH - 1) / BATCH;
    char **bodies = calloc(batches, sizeof *bodies);
    if (!bodies)
        exit(1);
    for (size_t i = 0; i < batches; i++)
        bodies[i] = batch_body(events, i * BATCH, i * BATCH + BATCH <= n ? BATCH : n - i * BATCH);
    char url[128];
    snprintf(url, sizeof url, "%s/v1/events/batch", base_url);
    bool ok = true;
    int64_t t0 = bench_now_ns();
    for (size_t i = 0; i < batches && ok; i++)
        ok = http(handle, url, bodies[i], NULL) == 202;
    double seconds = (double)(bench_now_ns() - t0) / 1e9;
    for (size_t i = 0; i < batches; i++)
        free(bodies[i]);
    free(bodies);
    free_events(events, n);
    if (!ok)
        fprintf(stderr, "bench_flush: the baseline POST was not answered 202\n");
    return ok ? (double)n / seconds : 0;
}

typedef struct flush_run {
    double total_s, flush_s;
    mosaic_status status;
    mosaic_stats stats;
} flush_run;

/* Tracks n pre-built events into a started client, then flushes; times both. */
static flush_run library_run(const char *base_url, size_t n)
{
    flush_run run = {.stats = {.struct_size = sizeof(mosaic_stats)}};
    mosaic_event **events = build_events(n);
    mosaic_client *client = bench_client_new(base_url, n, BATCH, MOSAIC_LOG_WARN);
    if (!client || mosaic_client_start(client) != MOSAIC_OK)
        exit(1);
    int64_t t0 = bench_now_ns();
    for (size_t i = 0; i < n; i++)
        mosaic_client_track(client, events[i]);
    int64_t t1 = bench_now_ns();
    run.status = mosaic_client_flush(client, FLUSH_TIMEOUT_MS);
    int64_t t2 = bench_now_ns();
    run.total_s = (double)(t2 - t0) / 1e9;
    run.flush_s = (double)(t2 - t1) / 1e9;
    mosaic_client_get_stats(client, &run.stats);
    mosaic_client_free(client);
    free_events(events, n);
    return run;
}

static void report(size_t n, double raw_rate, const flush_run *run, long stored)
{
    double rate = (double)n / run->total_s;
    bench_report("flush_throughput", rate, "events/s",
                 "%zu events, batch %d, track + flush(%d ms) on a started client, flush: %s", n,
                 BATCH, FLUSH_TIMEOUT_MS, mosaic_status_str(run->status));
    bench_report("flush_call_time", run->flush_s * 1000, "ms",
                 "the mosaic_client_flush call alone; the worker may have sent batches before");
    bench_report("flush_baseline_raw_post", raw_rate, "events/s",
                 "%zu pre-serialized events, batches of %d, one kept-alive libcurl handle", n,
                 BATCH);
    bench_report("flush_vs_raw_post", raw_rate > 0 ? rate / raw_rate : 0, "x",
                 "library rate over raw POST rate, same server, same run");
    bench_report("flush_requests", (double)run->stats.requests, "requests",
                 "mosaic_stats.requests; %zu expected at batch %d; %llu failed, %llu retries",
                 (n + BATCH - 1) / BATCH, BATCH, (unsigned long long)run->stats.failed_requests,
                 (unsigned long long)run->stats.retries);
    bench_report("flush_accepted", (double)run->stats.accepted, "events",
                 "mosaic_stats.accepted; %llu duplicates, %llu rejected, %llu still queued",
                 (unsigned long long)run->stats.duplicates, (unsigned long long)run->stats.rejected,
                 (unsigned long long)run->stats.queued);
    bench_report("flush_server_events", (double)stored, "events",
                 "GET /_control/events; %zu expected: %s", n,
                 stored == (long)n ? "all arrived" : "MISMATCH");
}

int main(void)
{
    size_t n = bench_quick() ? 2000 : 20000;
    bench_server server;
    if (!bench_server_start(&server, MOSAIC_BENCH_PYTHON, SERVER_SCRIPT)) {
        bench_server_stop(&server);
        return 1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *handle = curl_easy_init();
    int rc = 1;
    if (handle) {
        double raw_rate = raw_post_rate(handle, server.url, n);
        if (server_reset(handle, server.url)) { /* the library run starts from an empty store */
            flush_run run = library_run(server.url, n);
            report(n, raw_rate, &run, server_event_count(handle, server.url));
            rc = 0;
        } else {
            fprintf(stderr, "bench_flush: POST /_control/reset failed\n");
        }
        curl_easy_cleanup(handle);
    }
    curl_global_cleanup();
    bench_server_stop(&server);
    return rc;
}
