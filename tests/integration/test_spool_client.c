/* Integration: a client with a spool keeps what it could not send on disk, and a client that
 * starts later sends it: real library, real directory, real server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define EVENTS_PATH "/v1/events/batch"

static char spool_dir[64];

static int fresh_spool(void **state)
{
    server_reset_setup(state);
    strcpy(spool_dir, "/tmp/mosaic-client-spool-XXXXXX");
    return mkdtemp(spool_dir) ? 0 : -1;
}

static int remove_spool(void **state)
{
    (void)state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf %s", spool_dir);
    return system(command) == 0 ? 0 : -1;
}

static mosaic_config *spooling_config(void)
{
    mosaic_config *config = test_config(&server);
    mosaic_config_set_spool_dir(config, spool_dir);
    return config;
}

static void what_stop_could_not_send_is_sent_by_the_next_client(void **state)
{
    (void)state;
    server_faults(&server, EVENTS_PATH, "[{\"hang\": true}]");
    mosaic_config *config = spooling_config();
    mosaic_client *client = new_client(config);
    track_events(client, 3, NULL);
    assert_int_equal(mosaic_client_stop(client, 500), MOSAIC_ERR_TIMEOUT);
    mosaic_stats stats = stats_of(client);
    assert_int_equal(stats.spooled, 3);
    assert_int_equal(mosaic_client_queue_size(client), 0); /* nothing left to lose at free */
    mosaic_client_free(client);
    server_reset(&server); /* the server is back */
    client = new_client(config);

    assert_int_equal(mosaic_client_start(client), MOSAIC_OK);
    assert_int_equal(server_wait_for_events(&server, 3, 5), 3);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void kept_events_wait_on_disk_not_in_memory(void **state)
{
    (void)state;
    server_faults(&server, EVENTS_PATH, "[{\"status\": 500}, {\"status\": 500}]");
    mosaic_config *config = spooling_config();
    mosaic_config_set_max_retries(config, 1);
    mosaic_client *client = new_client(config);
    track_events(client, 5, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_ERR_PENDING);
    assert_int_equal(mosaic_client_queue_size(client), 0);
    mosaic_stats stats = stats_of(client);
    assert_int_equal(stats.spooled, 5);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK); /* from the spool */
    assert_int_equal(server_event_count(&server), 5);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void an_unusable_spool_directory_is_named_at_creation(void **state)
{
    (void)state;
    char file[96], dir[128], err[300] = "";
    snprintf(file, sizeof file, "%s/file", spool_dir);
    fclose(fopen(file, "w"));
    snprintf(dir, sizeof dir, "%s/spool", file);
    mosaic_config *config = test_config(&server);
    mosaic_config_set_spool_dir(config, dir);
    mosaic_client *client = NULL;
    assert_int_not_equal(mosaic_client_new(config, &client, err, sizeof err), MOSAIC_OK);
    assert_null(client);
    assert_non_null(strstr(err, "spool_dir"));
    assert_non_null(strstr(err, dir));
    mosaic_config_free(config);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(what_stop_could_not_send_is_sent_by_the_next_client,
                                        fresh_spool, remove_spool),
        cmocka_unit_test_setup_teardown(kept_events_wait_on_disk_not_in_memory, fresh_spool,
                                        remove_spool),
        cmocka_unit_test_setup_teardown(an_unusable_spool_directory_is_named_at_creation,
                                        fresh_spool, remove_spool),
    };
    return cmocka_run_group_tests_name("integration/spool_client", tests, server_group_setup,
                                       server_group_teardown);
}
