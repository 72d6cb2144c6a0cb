/* What every integration test needs: the reference server as a real child process on a loopback
 * port, its control API, a config pointing at it, events, and a log collector. */
#ifndef MOSAIC_TEST_HARNESS_H
#define MOSAIC_TEST_HARNESS_H

#include <json-c/json.h>
#include <mosaic/telemetry.h>
#include <stdbool.h>
#include <sys/types.h>

#define DEMO_API_KEY     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define DEMO_INSTANCE_ID "12345678-1234-4234-8234-123456789abc"

typedef struct test_server {
    pid_t pid;
    int port;
    char url[64];
    char port_file[64];
} test_server;

/* The server of the test program, started once by server_group_setup. */
extern test_server server;
/* cmocka group setup/teardown, and a per-test setup that resets the server. */
int server_group_setup(void **state);
int server_group_teardown(void **state);
int server_reset_setup(void **state);

/* Starts tests/server/mosaic_server.py on a free port; false if it did not come up in 10 s. */
bool server_start(test_server *server);
void server_stop(test_server *server);
/* GET/POST a control path; the parsed JSON answer (json_object_put it), NULL on failure. */
json_object *server_get(const test_server *server, const char *path);
json_object *server_post(const test_server *server, const char *path, const char *body);
void server_reset(const test_server *server);
/* Scripts fault steps for /v1/events/batch, e.g. "[{\"status\": 503}]". */
void server_faults(const test_server *server, const char *path, const char *steps_json);
/* The number of events the server stored. */
size_t server_event_count(const test_server *server);
/* The requests the server received for `path` (a json array; put the parent it came from). */
json_object *server_requests(const test_server *server, const char *path, json_object **owner);

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

double now_seconds(void);

#endif
