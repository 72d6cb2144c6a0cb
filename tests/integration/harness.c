#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
