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

/* The child's own checks; its exit status says which failed (0: none). */
static int child_after_fork(mosaic_client *client)
{
    if (mosaic_client_queue_size(client) != 0)
        return 10; /* the parent's queue is the parent's */
    track_events(client, 3, NULL);
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
    track_events(client, 1, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000),
                     MOSAIC_OK); /* thread and connection live */
    track_events(client, 5, NULL);

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
        cmocka_unit_test_setup(a_forked_child_starts_empty_and_sends_its_own, server_reset_setup),
    };
    return cmocka_run_group_tests_name("integration/fork", tests, server_group_setup,
                                       server_group_teardown);
}
