/* What the library's integration tests need besides the server: a config pointing at it,
 * clients, events, and a log collector. */
#ifndef MOSAIC_TEST_HARNESS_H
#define MOSAIC_TEST_HARNESS_H

#include <mosaic/telemetry.h>
#include <stdbool.h>

#include "server_control.h"

/* A valid config for the server: demo key, short backoff (base 20 ms, cap 200 ms), quiet log. */
mosaic_config *test_config(const test_server *server);
/* An event with every field set; `n` varies the figures. */
mosaic_event *test_event(int n);

/* A client for config (the test fails if it cannot be made). */
mosaic_client *new_client(mosaic_config *config);
/* Tracks n events test_event(0..n-1); their ids go to ids when it is not NULL. */
void track_events(mosaic_client *client, int n, char ids[][37]);
mosaic_stats stats_of(mosaic_client *client);

/* Collects log lines from any thread. */
typedef struct log_lines {
    char **lines;
    size_t count, cap;
} log_lines;
void log_collect(mosaic_log_level level, const char *message, void *user);
bool log_contains(log_lines *log, const char *needle);
size_t log_count(log_lines *log, const char *needle);
void log_free(log_lines *log);

#endif
