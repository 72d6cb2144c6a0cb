/* bench_spool: the durable spool that `mosaic-telemetry track` and `flush` use.
 *   - append latency: one event per mt_spool_append (durable: its line is appended to the open
 *     segment and fdatasync'd), p50 and p99, against the same bytes written to a new file and
 *     fdatasync'd in the same run (the disk's own floor for "durable");
 *   - flush throughput: a spool of N events sent to the reference server by mt_spool_flush
 *     (seal -> claim -> submit -> settle), appended one at a time (what hooks do) and 100 at a
 *     time, against raw libcurl POSTs of the same batches (the server's ceiling); and from
 *     files of one event each, the layout before the open segment (the worst case).
 * It reaches internal APIs (the spool, the submitter), so it links the engine's objects. */
#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"
#include "clock.h"
#include "config.h"
#include "protocol.h"
#include "spool_internal.h" /* mt_spool_write: files of one event, the old shape */
#include "transport_curl.h"

#define BATCH         100
#define SERVER_SCRIPT MOSAIC_SOURCE_DIR "/tests/server/mosaic_server.py"

static const mt_spool_limits ROOMY = {1000000, 1ull << 32, 30LL * 24 * 3600 * 1000};

/* ---- helpers ------------------------------------------------------------------------------ */

static void remove_tree(const char *dir)
{
    char command[300];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    if (system(command) != 0)
        fprintf(stderr, "bench_spool: could not remove %s\n", dir);
}

static mt_spool *open_spool(const char *dir)
{
    mt_spool *spool = NULL;
    char err[256] = "";
    if (mt_spool_open(dir, &ROOMY, NULL, &spool, err, sizeof err) != MOSAIC_OK) {
        fprintf(stderr, "bench_spool: %s\n", err);
        exit(1);
    }
    return spool;
}

/* n distinct events (the server de-duplicates on event_id), as one array. */
static mosaic_event *build_events(size_t n)
{
    mosaic_event_builder *b = bench_full_builder();
    mosaic_event *events = malloc(n * sizeof *events);
    for (size_t i = 0; b && events && i < n; i++) {
        mosaic_event *e = NULL;
        if (mosaic_event_builder_build(b, &e, NULL, 0) != MOSAIC_OK)
            exit(1);
        events[i] = *e;
        mosaic_event_free(e);
    }
    mosaic_event_builder_free(b);
    if (!events)
        exit(1);
    return events;
}

/* ---- append latency ----------------------------------------------------------------------- */

static double us_since(int64_t t0)
{
    return (double)(bench_now_ns() - t0) / 1000.0;
}

static void append_latency(const char *root, size_t n)
{
    char dir[256];
    snprintf(dir, sizeof dir, "%s/append", root);
    mt_spool *spool = open_spool(dir);
    mosaic_event *events = build_events(n);
    double *spool_us = malloc(n * sizeof *spool_us), *raw_us = malloc(n * sizeof *raw_us);
    char *line = mosaic_event_to_json(&events[0]);
    size_t len = strlen(line);
    for (size_t i = 0; i < n; i++) {
        int64_t t0 = bench_now_ns();
        if (mt_spool_append(spool, &events[i], 1, NULL, 0) != MOSAIC_OK)
            exit(1);
        spool_us[i] = us_since(t0);
        /* The baseline: the same bytes, a new file, write + fdatasync, nothing else. */
        char path[300];
        snprintf(path, sizeof path, "%s/raw-%zu", root, i);
        t0 = bench_now_ns();
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0 || write(fd, line, len) != (ssize_t)len || write(fd, "\n", 1) != 1 ||
            fdatasync(fd) != 0)
            exit(1);
        close(fd);
        raw_us[i] = us_since(t0);
    }
    double p50 = bench_percentile(spool_us, n, 50), p99 = bench_percentile(spool_us, n, 99);
    double raw50 = bench_percentile(raw_us, n, 50), raw99 = bench_percentile(raw_us, n, 99);
    bench_report("spool_append_p50", p50, "us", "%zu appends of one event (%zu bytes), durable", n,
                 len + 1);
    bench_report("spool_append_p99", p99, "us", "same run; 1 append in %d also prunes",
                 MT_SPOOL_PRUNE_EVERY);
    bench_report("spool_append_baseline_p50", raw50, "us",
                 "the same bytes: open + write + fdatasync of a new file, interleaved");
    bench_report("spool_append_baseline_p99", raw99, "us", "same run");
    bench_report(
        "spool_append_vs_baseline", raw50 > 0 ? p50 / raw50 : 0, "x",
        "p50 over baseline p50 (an append creates, renames and syncs no file or directory)");
    mosaic_free(line);
    free(spool_us);
    free(raw_us);
    free(events);
    mt_spool_close(spool);
}

/* ---- appends from many processes ----------------------------------------------------------
 * Hooks of several sessions append at once. Each append holds the segment's lock only to write
 * its line and syncs after releasing it, so that concurrent appenders can share the disk's
 * flushes: the rate of `procs` processes appending together, against one process alone. */

#define APPENDERS 8

/* Runs procs processes of n appends each into the spool at dir; their wall time in seconds. */
static double appends_in_parallel(const char *dir, int procs, size_t n)
{
    mosaic_event *events = build_events(n * (size_t)procs);
    int64_t t0 = bench_now_ns();
    for (int p = 0; p < procs; p++) {
        if (fork() == 0) {
            mt_spool *spool = open_spool(dir);
            for (size_t i = 0; i < n; i++)
                if (mt_spool_append(spool, &events[(size_t)p * n + i], 1, NULL, 0) != MOSAIC_OK)
                    _exit(1);
            mt_spool_close(spool);
            _exit(0);
        }
    }
    bool ok = true;
    for (int status, p = 0; p < procs; p++)
        ok = wait(&status) > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && ok;
    double seconds = (double)(bench_now_ns() - t0) / 1e9;
    free(events);
    if (!ok)
        exit(1);
    return seconds;
}

static void append_concurrency(const char *root, size_t n)
{
    char one[256], many[256];
    snprintf(one, sizeof one, "%s/append-1", root);
    snprintf(many, sizeof many, "%s/append-%d", root, APPENDERS);
    double alone = (double)n / appends_in_parallel(one, 1, n);
    double together = (double)n * APPENDERS / appends_in_parallel(many, APPENDERS, n);
    bench_report("spool_append_rate_1proc", alone, "appends/s", "%zu durable appends, one process",
                 n);
    bench_report("spool_append_rate_8procs", together, "appends/s",
                 "%d processes of %zu appends each, at once, into one spool", APPENDERS, n);
    bench_report("spool_append_concurrency_gain", alone > 0 ? together / alone : 0, "x",
                 "%d processes over one (1.0: appends queue for the disk one by one)", APPENDERS);
}

/* ---- the server ----------------------------------------------------------------------------- */

typedef struct text {
    char *data;
    size_t len;
} text;

static size_t collect(char *ptr, size_t size, size_t nmemb, void *user)
{
    text *t = user;
    char *grown = realloc(t->data, t->len + size * nmemb + 1);
    if (!grown)
        return 0;
    memcpy(grown + t->len, ptr, size * nmemb);
    t->data = grown;
    t->len += size * nmemb;
    t->data[t->len] = '\0';
    return size * nmemb;
}

/* POSTs body (GET when NULL) to base + path; the HTTP status, 0 on a transfer error. */
static long http(CURL *curl, const char *base, const char *path, const char *body, text *answer)
{
    char url[256];
    snprintf(url, sizeof url, "%s%s", base, path);
    text sink = {0};
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Authorization: Bearer " BENCH_API_KEY);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    if (body)
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, answer ? answer : &sink);
    long status = 0;
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    free(sink.data);
    return status;
}

/* Events the server stored: the number of "event_id" keys in GET /_control/events's "raw". */
static long stored_events(CURL *curl, const char *base)
{
    text answer = {0};
    long count = -1;
    if (http(curl, base, "/_control/events", NULL, &answer) == 200) {
        count = 0;
        for (const char *p = answer.data; (p = strstr(p, "\\\"event_id\\\"")); p++)
            count++;
    }
    free(answer.data);
    return count;
}

/* The baseline: the events serialized into batch bodies first, then POSTed one after another. */
static double raw_post_rate(CURL *curl, const char *base, const mosaic_event *events, size_t n)
{
    size_t batches = (n + BATCH - 1) / BATCH;
    char **bodies = calloc(batches, sizeof *bodies);
    for (size_t b = 0; bodies && b < batches; b++) {
        text body = {0};
        collect("{\"events\":[", 1, 11, &body);
        for (size_t i = b * BATCH; i < n && i < (b + 1) * BATCH; i++) {
            char *json = mosaic_event_to_json(&events[i]);
            if (i > b * BATCH)
                collect(",", 1, 1, &body);
            collect(json, 1, strlen(json), &body);
            mosaic_free(json);
        }
        collect("]}", 1, 2, &body);
        bodies[b] = body.data;
    }
    bool ok = bodies != NULL;
    int64_t t0 = bench_now_ns();
    for (size_t b = 0; ok && b < batches; b++)
        ok = http(curl, base, MT_EVENTS_PATH, bodies[b], NULL) == 202;
    double seconds = (double)(bench_now_ns() - t0) / 1e9;
    for (size_t b = 0; bodies && b < batches; b++)
        free(bodies[b]);
    free(bodies);
    return ok ? (double)n / seconds : 0;
}

/* ---- flush throughput ----------------------------------------------------------------------- */

typedef struct flush_run {
    double rate;
    mosaic_status status;
    mt_spool_flush_result result;
    long stored;
} flush_run;

static mosaic_config *bench_config(const char *url)
{
    mosaic_config *config = mosaic_config_new();
    mosaic_config_set_server_url(config, url);
    mosaic_config_set_api_key(config, BENCH_API_KEY);
    mosaic_config_set_instance_id(config, BENCH_INSTANCE_ID);
    mosaic_config_set_dry_run(config, false);
    mosaic_config_set_enabled(config, true);
    return config;
}

/* Sends the spool at dir through a submitter set up as the command sets its own up. */
static flush_run flush_spool(const char *dir, const char *url, CURL *curl)
{
    flush_run run = {0};
    mosaic_config *config = bench_config(url);
    mt_transport *transport = mt_transport_curl_new(config, &config->log);
    mt_stats stats = {0};
    char events_url[256];
    snprintf(events_url, sizeof events_url, "%s%s", url, MT_EVENTS_PATH);
    mt_submitter sub = {.sender = {.transport = transport,
                                   .log = &config->log,
                                   .clock = mt_system_clock,
                                   .max_retries = config->max_retries,
                                   .backoff_base_ms = config->backoff_base_ms,
                                   .backoff_cap_ms = config->backoff_cap_ms,
                                   .stats = &stats,
                                   .what = "events"},
                        .url = events_url,
                        .api_key = BENCH_API_KEY};
    mt_spool *spool = open_spool(dir);
    _Atomic int64_t deadline;
    atomic_init(&deadline, mt_monotonic_ms() + 300000);
    int64_t t0 = bench_now_ns();
    run.status = mt_spool_flush(spool, &sub, BATCH, &deadline, &run.result);
    double seconds = (double)(bench_now_ns() - t0) / 1e9;
    run.rate = (double)(run.result.accepted + run.result.duplicates) / seconds;
    run.stored = stored_events(curl, url);
    mt_spool_close(spool);
    transport->ops->destroy(transport);
    mosaic_config_free(config);
    return run;
}

/* Fills a fresh spool with events, per_append at a time, through mt_spool_append (one at a time
 * is what hooks do). */
static void fill_spool(const char *dir, const mosaic_event *events, size_t n, size_t per_append)
{
    mt_spool *spool = open_spool(dir);
    for (size_t i = 0; i < n; i += per_append)
        if (mt_spool_append(spool, &events[i], n - i < per_append ? n - i : per_append, NULL, 0))
            exit(1);
    mt_spool_close(spool);
}

/* Fills a fresh spool with files of one event each: what versions before the open segment left,
 * and the worst case for a flush (a file removed per event). */
static void fill_spool_one_per_file(const char *dir, const mosaic_event *events, size_t n)
{
    mt_spool *spool = open_spool(dir);
    for (size_t i = 0; i < n; i++)
        if (!mt_spool_write(spool, &events[i], 1, NULL, 0))
            exit(1);
    mt_spool_close(spool);
}

static void report_flush(const char *name, const flush_run *run, size_t n, size_t per_append,
                         double raw_rate)
{
    bench_report(name, run->rate, "events/s",
                 "%zu events appended %zu at a time, batches of %d, mt_spool_flush: %s; %llu sent, "
                 "%llu kept; server stored %ld; %.2fx raw POST",
                 n, per_append, BATCH, mosaic_status_str(run->status),
                 (unsigned long long)run->result.accepted, (unsigned long long)run->result.kept,
                 run->stored, raw_rate > 0 ? run->rate / raw_rate : 0);
}

static void flush_throughput(const char *root, const bench_server *server, size_t n)
{
    CURL *curl = curl_easy_init();
    mosaic_event *events = build_events(n);
    double raw_rate = raw_post_rate(curl, server->url, events, n);
    bench_report("spool_flush_baseline_raw_post", raw_rate, "events/s",
                 "%zu pre-serialized events, batches of %d, one kept-alive libcurl handle", n,
                 BATCH);
    static const size_t per_append[] = {1, BATCH};
    static const char *const names[] = {"spool_flush_throughput",
                                        "spool_flush_throughput_append100"};
    for (size_t k = 0; k < 2; k++) {
        char dir[256];
        snprintf(dir, sizeof dir, "%s/flush-%zu", root, per_append[k]);
        http(curl, server->url, "/_control/reset", "{}", NULL);
        fill_spool(dir, events, n, per_append[k]);
        flush_run run = flush_spool(dir, server->url, curl);
        report_flush(names[k], &run, n, per_append[k], raw_rate);
    }
    /* A quarter as many: each file costs a durable create, and the rate does not depend on n. */
    char dir[256];
    snprintf(dir, sizeof dir, "%s/flush-files-of-1", root);
    http(curl, server->url, "/_control/reset", "{}", NULL);
    fill_spool_one_per_file(dir, events, n / 4);
    flush_run run = flush_spool(dir, server->url, curl);
    bench_report("spool_flush_throughput_files1", run.rate, "events/s",
                 "%zu events in files of one (the old layout; the worst case), mt_spool_flush: "
                 "%s; server stored %ld; %.2fx raw POST",
                 n / 4, mosaic_status_str(run.status), run.stored,
                 raw_rate > 0 ? run.rate / raw_rate : 0);
    free(events);
    curl_easy_cleanup(curl);
}

int main(void)
{
    size_t appends = bench_quick() ? 100 : 500, events = bench_quick() ? 2000 : 20000;
    char root[] = "/tmp/mosaic-bench-spool-XXXXXX";
    if (!mkdtemp(root))
        return 1;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    append_latency(root, appends);
    append_concurrency(root, appends / 2);
    bench_server server;
    int rc = 1;
    if (bench_server_start(&server, MOSAIC_BENCH_PYTHON, SERVER_SCRIPT)) {
        flush_throughput(root, &server, events);
        rc = 0;
    }
    bench_server_stop(&server);
    curl_global_cleanup();
    remove_tree(root);
    return rc;
}
