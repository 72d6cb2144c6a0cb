#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

test_server server;

int server_group_setup(void **state)
{
    (void)state;
    return server_start(&server) ? 0 : -1;
}

int server_group_teardown(void **state)
{
    (void)state;
    server_stop(&server);
    return 0;
}

int server_reset_setup(void **state)
{
    (void)state;
    server_reset(&server);
    return 0;
}

mosaic_client *new_client(mosaic_config *config)
{
    mosaic_client *client = NULL;
    char err[256] = "";
    assert_int_equal(mosaic_client_new(config, &client, err, sizeof err), MOSAIC_OK);
    return client;
}

void track_events(mosaic_client *client, int n, char ids[][37])
{
    for (int i = 0; i < n; i++) {
        mosaic_event *e = test_event(i);
        if (ids)
            strcpy(ids[i], mosaic_event_id(e));
        mosaic_client_track(client, e);
        mosaic_event_free(e);
    }
}

mosaic_stats stats_of(mosaic_client *client)
{
    mosaic_stats stats = {.struct_size = sizeof stats};
    assert_int_equal(mosaic_client_get_stats(client, &stats), MOSAIC_OK);
    return stats;
}

static int read_port(const char *path)
{
    FILE *f = fopen(path, "r");
    int port = 0;
    if (f) {
        if (fscanf(f, "%d", &port) != 1)
            port = 0;
        fclose(f);
    }
    return port;
}

bool server_start(test_server *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->port_file, sizeof s->port_file, "/tmp/mosaic-test-port-%d", (int)getpid());
    unlink(s->port_file);
    s->pid = fork();
    if (s->pid == 0) {
        execlp(MOSAIC_TEST_PYTHON, MOSAIC_TEST_PYTHON, MOSAIC_TEST_SERVER, "--port", "0",
               "--port-file", s->port_file, "--quiet", (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 1000 && s->pid > 0; i++) {
        if ((s->port = read_port(s->port_file)) > 0) {
            snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", s->port);
            return true;
        }
        usleep(10000);
    }
    server_stop(s);
    return false;
}

void server_stop(test_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
    }
    unlink(s->port_file);
    s->pid = 0;
}

static size_t collect(char *data, size_t size, size_t n, void *user)
{
    FILE *out = user;
    return fwrite(data, size, n, out) * size;
}

static json_object *request(const test_server *s, const char *path, const char *body)
{
    char url[256], *text = NULL;
    size_t len = 0;
    snprintf(url, sizeof url, "%s%s", s->url, path);
    FILE *out = open_memstream(&text, &len);
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    if (body)
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    fclose(out);
    json_object *answer = rc == CURLE_OK ? json_tokener_parse(text) : NULL;
    free(text);
    return answer;
}

json_object *server_get(const test_server *s, const char *path)
{
    return request(s, path, NULL);
}

json_object *server_post(const test_server *s, const char *path, const char *body)
{
    return request(s, path, body ? body : "{}");
}

void server_reset(const test_server *s)
{
    json_object_put(server_post(s, "/_control/reset", "{}"));
}

void server_faults(const test_server *s, const char *path, const char *steps_json)
{
    char body[4096];
    snprintf(body, sizeof body, "{\"path\": \"%s\", \"steps\": %s}", path, steps_json);
    json_object_put(server_post(s, "/_control/faults", body));
}

size_t server_event_count(const test_server *s)
{
    json_object *answer = server_get(s, "/_control/events"), *events;
    size_t n = 0;
    if (answer && json_object_object_get_ex(answer, "events", &events))
        n = json_object_array_length(events);
    json_object_put(answer);
    return n;
}

json_object *server_requests(const test_server *s, const char *path, json_object **owner)
{
    json_object *answer = server_get(s, "/_control/received"), *all;
    json_object *matching = json_object_new_array();
    if (answer && json_object_object_get_ex(answer, "requests", &all)) {
        for (size_t i = 0; i < json_object_array_length(all); i++) {
            json_object *r = json_object_array_get_idx(all, i), *p;
            if (json_object_object_get_ex(r, "path", &p) &&
                strcmp(json_object_get_string(p), path) == 0)
                json_object_array_add(matching, json_object_get(r));
        }
    }
    json_object_put(answer);
    *owner = matching;
    return matching;
}

mosaic_config *test_config(const test_server *s)
{
    mosaic_config *c = mosaic_config_new();
    mosaic_config_set_server_url(c, s->url);
    mosaic_config_set_api_key(c, DEMO_API_KEY);
    mosaic_config_set_instance_id(c, DEMO_INSTANCE_ID);
    mosaic_config_set_backoff_ms(c, 20, 200);
    mosaic_config_set_log_level(c, MOSAIC_LOG_OFF);
    return c;
}

mosaic_event *test_event(int n)
{
    static const mosaic_quality_gate run[] = {MOSAIC_QUALITY_GATE_BUILD, MOSAIC_QUALITY_GATE_TEST};
    static const mosaic_quality_gate failed[] = {MOSAIC_QUALITY_GATE_TEST};
    mosaic_event_builder *b = mosaic_event_builder_new(DEMO_INSTANCE_ID);
    mosaic_event_builder_task_type(b, MOSAIC_TASK_TYPE_DEBUGGING);
    mosaic_event_builder_model(b, "claude-sonnet-4-5-20250929");
    mosaic_event_builder_provider(b, MOSAIC_PROVIDER_ANTHROPIC);
    mosaic_event_builder_harness(b, MOSAIC_HARNESS_CLAUDE_CODE);
    mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_HIGH);
    mosaic_event_builder_outcome(b, n % 2 ? MOSAIC_OUTCOME_PARTIAL : MOSAIC_OUTCOME_SUCCESS);
    mosaic_event_builder_duration_ms(b, 1000 + (uint64_t)n);
    mosaic_event_builder_tokens(b, 1000, 500, 1200 + (uint64_t)n, 400);
    mosaic_event_builder_cost(b, 3000, 4100 + (uint64_t)n);
    mosaic_event_builder_quality(b, n % 2 == 0, run, 2, failed, n % 2 ? 1 : 0);
    mosaic_event_builder_context(b, 1, 0, 0.35);
    mosaic_event_builder_language(b, "c");
    mosaic_event_builder_repo_size(b, MOSAIC_REPO_SIZE_SMALL);
    mosaic_event_builder_retry_count(b, 1);
    mosaic_event *e = NULL;
    mosaic_event_builder_build(b, &e, NULL, 0);
    mosaic_event_builder_free(b);
    return e;
}

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void log_collect(mosaic_log_level level, const char *message, void *user)
{
    (void)level;
    log_lines *log = user;
    pthread_mutex_lock(&log_lock);
    if (log->count == log->cap) {
        log->cap = log->cap ? log->cap * 2 : 64;
        log->lines = realloc(log->lines, log->cap * sizeof *log->lines);
    }
    log->lines[log->count++] = strdup(message);
    pthread_mutex_unlock(&log_lock);
}

size_t log_count(log_lines *log, const char *needle)
{
    size_t n = 0;
    pthread_mutex_lock(&log_lock);
    for (size_t i = 0; i < log->count; i++)
        n += strstr(log->lines[i], needle) != NULL;
    pthread_mutex_unlock(&log_lock);
    return n;
}

bool log_contains(log_lines *log, const char *needle)
{
    return log_count(log, needle) > 0;
}

void log_free(log_lines *log)
{
    for (size_t i = 0; i < log->count; i++)
        free(log->lines[i]);
    free(log->lines);
    memset(log, 0, sizeof *log);
}
