/* The reference server as a real child process on a loopback port, and its control API. Needs
 * only libcurl and json-c, so that a test can drive the server without linking the library. */
#ifndef MOSAIC_TEST_SERVER_CONTROL_H
#define MOSAIC_TEST_SERVER_CONTROL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
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
/* Scripts fault steps for a path, e.g. "[{\"status\": 503}]". */
void server_faults(const test_server *server, const char *path, const char *steps_json);
/* The number of events the server stored. */
size_t server_event_count(const test_server *server);
/* Polls until the server stored at least n events or `seconds` pass; returns the count then. */
size_t server_wait_for_events(const test_server *server, size_t n, double seconds);
/* The requests the server received for `path`, as a json array that *owner owns. */
json_object *server_requests(const test_server *server, const char *path, json_object **owner);

double now_seconds(void);

#endif
