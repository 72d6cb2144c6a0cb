/* Integration: a client that lives through fork(). Not run under ThreadSanitizer, which cannot
 * follow a multi-threaded process into fork ("dup thread with used id"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static test_server server;

static int start_server(void **state)
{
    (void)state;
    return server_start(&server) ? 0 : -1;
}

static int stop_server(void **state)
{
    (void)state;
    server_stop(&server);
    return 0;
}

static int reset_server(void **state)
{
    (void)state;
    server_reset(&server);
    return 0;
}

static void track_some(mosaic_client *client, int n)
{
    for (int i = 0; i < n; i++) {
        mosaic_event *e = test_event(i);
        mosaic_client_track(client, e);
        mosaic_event_free(e);
    }
}

/* The child's own checks; its exit status says which failed (0: none). */
static int child_after_fork(mosaic_client *client)
{
    if (mosaic_client_queue_size(client) != 0)
        return 10; /* the parent's queue is the parent's */
    track_some(client, 3);
    if (mosaic_client_queue_size(client) != 3)
        return 11;
    if (mosaic_client_flush(client, 10000) != MOSAIC_OK)
        return 12;
    if (mosaic_client_stop(client, 5000) != MOSAIC_OK)
        return 13;
    return 0;
}

static void a_forked_child_starts_empty_and_sends_its_own(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_config_set_submit_interval_seconds(config, 3600);
    mosaic_client *client = NULL;
    assert_int_equal(mosaic_client_new(config, &client, NULL, 0), MOSAIC_OK);
    assert_int_equal(mosaic_client_start(client), MOSAIC_OK);
    track_some(client, 1);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK); /* thread and connection live */
    track_some(client, 5);

    pid_t pid = fork();
    if (pid == 0)
        _exit(child_after_fork(client));
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(server_event_count(&server), 1 + 3);

    assert_int_equal(mosaic_client_queue_size(client), 5); /* the parent's, untouched */
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    assert_int_equal(server_event_count(&server), 1 + 3 + 5);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(a_forked_child_starts_empty_and_sends_its_own, reset_server),
    };
    return cmocka_run_group_tests_name("integration/fork", tests, start_server, stop_server);
}
