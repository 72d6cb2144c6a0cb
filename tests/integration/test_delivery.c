/* Integration: the real library, through real libcurl, against the reference server: what gets
 * delivered, in what shape, and what never leaves the machine. */
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

/* The server stores each event re-serialised compactly in arrival order; ours must match it
 * byte for byte, which checks every field name, type, value and their order. */
static void happy_path_stores_the_exact_json(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    mosaic_event *events[3];
    for (int i = 0; i < 3; i++) {
        events[i] = test_event(i);
        mosaic_client_track(client, events[i]);
    }
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);

    json_object *answer = server_get(&server, "/_control/events"), *raw;
    assert_non_null(answer);
    assert_true(json_object_object_get_ex(answer, "raw", &raw));
    assert_int_equal(json_object_array_length(raw), 3);
    for (int i = 0; i < 3; i++) {
        char *ours = mosaic_event_to_json(events[i]);
        assert_string_equal(json_object_get_string(json_object_array_get_idx(raw, i)), ours);
        mosaic_free(ours);
        mosaic_event_free(events[i]);
    }
    json_object_put(answer);
    mosaic_stats stats = stats_of(client);
    assert_int_equal(stats.accepted, 3);
    assert_int_equal(stats.requests, 1);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void requests_carry_the_protocol_headers(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    track_events(client, 1, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    json_object *owner, *requests = server_requests(&server, "/v1/events/batch", &owner), *headers,
                        *h;
    assert_int_equal(json_object_array_length(requests), 1);
    assert_true(
        json_object_object_get_ex(json_object_array_get_idx(requests, 0), "headers", &headers));
    assert_true(json_object_object_get_ex(headers, "authorization", &h));
    assert_string_equal(json_object_get_string(h), "Bearer " DEMO_API_KEY);
    assert_true(json_object_object_get_ex(headers, "content-type", &h));
    assert_string_equal(json_object_get_string(h), "application/json");
    assert_true(json_object_object_get_ex(headers, "user-agent", &h));
    assert_non_null(strstr(json_object_get_string(h), "mosaicstack-telemetry-c/"));
    json_object_put(owner);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void batches_never_exceed_batch_size_and_reuse_one_connection(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_config_set_batch_size(config, 7);
    mosaic_client *client = new_client(config);
    track_events(client, 50, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    assert_int_equal(server_event_count(&server), 50);

    json_object *owner, *requests = server_requests(&server, "/v1/events/batch", &owner), *v;
    size_t n = json_object_array_length(requests);
    assert_int_equal(n, 8); /* 7 x 7 + 1 */
    int64_t connection = -1;
    for (size_t i = 0; i < n; i++) {
        json_object *r = json_object_array_get_idx(requests, i);
        assert_true(json_object_object_get_ex(r, "event_count", &v));
        assert_true(json_object_get_int(v) <= 7);
        assert_true(json_object_object_get_ex(r, "connection", &v));
        if (connection < 0)
            connection = json_object_get_int64(v);
        assert_int_equal(json_object_get_int64(v), connection);
    }
    json_object_put(owner);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void a_full_batch_is_sent_without_waiting_for_the_interval(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_config_set_batch_size(config, 10);
    mosaic_config_set_submit_interval_seconds(config, 3600);
    mosaic_client *client = new_client(config);
    assert_int_equal(mosaic_client_start(client), MOSAIC_OK);
    track_events(client, 10, NULL);
    assert_int_equal(server_wait_for_events(&server, 10, 5), 10);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void the_interval_sends_a_partial_batch(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_config_set_submit_interval_seconds(config, 0.3);
    mosaic_client *client = new_client(config);
    assert_int_equal(mosaic_client_start(client), MOSAIC_OK);
    track_events(client, 3, NULL);
    assert_int_equal(server_wait_for_events(&server, 3, 5), 3);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void overflow_drops_the_oldest_and_counts(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_config_set_max_queue_size(config, 10);
    mosaic_client *client = new_client(config);
    char ids[25][37];
    track_events(client, 25, ids);
    assert_int_equal(mosaic_client_queue_size(client), 10);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);

    json_object *answer = server_get(&server, "/_control/events"), *events, *id;
    assert_true(json_object_object_get_ex(answer, "events", &events));
    assert_int_equal(json_object_array_length(events), 10);
    for (int i = 0; i < 10; i++) { /* the newest ten, in order */
        assert_true(
            json_object_object_get_ex(json_object_array_get_idx(events, i), "event_id", &id));
        assert_string_equal(json_object_get_string(id), ids[15 + i]);
    }
    json_object_put(answer);
    mosaic_stats stats = stats_of(client);
    assert_int_equal(stats.dropped_overflow, 15);
    assert_int_equal(stats.tracked, 25);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void a_resent_event_is_answered_as_duplicate(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    mosaic_event *e = test_event(1);
    mosaic_client_track(client, e);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    mosaic_client_track(client, e);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    mosaic_stats stats = stats_of(client);
    assert_int_equal(stats.accepted, 1);
    assert_int_equal(stats.duplicates, 1);
    assert_int_equal(server_event_count(&server), 1);
    mosaic_event_free(e);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void an_event_the_server_rejects_is_counted_not_retried(void **state)
{
    (void)state;
    /* A valid key bound to another instance cannot be produced by the builder, so a step
     * answers 202 with a rejection the way the server words one. */
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    mosaic_event *e = test_event(2);
    char steps[512];
    snprintf(steps, sizeof steps,
             "[{\"status\": 202, \"body\": {\"accepted\": 0, \"duplicates\": 0, \"rejected\": 1, "
             "\"results\": [{\"event_id\": \"%s\", \"status\": \"rejected\", "
             "\"error\": \"model: too long\"}]}}]",
             mosaic_event_id(e));
    server_faults(&server, "/v1/events/batch", steps);
    mosaic_client_track(client, e);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    mosaic_stats stats = stats_of(client);
    assert_int_equal(stats.rejected, 1);
    assert_int_equal(stats.requests, 1);
    assert_int_equal(mosaic_client_queue_size(client), 0);
    mosaic_event_free(e);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void dry_run_sends_nothing_and_logs_the_batch(void **state)
{
    (void)state;
    log_lines log = {0};
    mosaic_config *config = test_config(&server);
    mosaic_config_set_dry_run(config, true);
    mosaic_config_set_log_level(config, MOSAIC_LOG_INFO);
    mosaic_config_set_log_callback(config, log_collect, &log);
    mosaic_client *client = new_client(config);
    char ids[4][37];
    track_events(client, 4, ids);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    mosaic_client_free(client);

    json_object *owner, *requests = server_requests(&server, "/v1/events/batch", &owner);
    assert_int_equal(json_object_array_length(requests), 0);
    json_object_put(owner);
    for (int i = 0; i < 4; i++)
        assert_true(log_contains(&log, ids[i]));
    assert_true(log_contains(&log, "dry run"));
    assert_false(log_contains(&log, DEMO_API_KEY));
    log_free(&log);
    mosaic_config_free(config);
}

static void disabled_is_a_no_op(void **state)
{
    (void)state;
    mosaic_config *config = mosaic_config_new();
    mosaic_config_set_enabled(config, false); /* no URL, key or instance needed */
    mosaic_client *client = new_client(config);
    assert_int_equal(mosaic_client_start(client), MOSAIC_OK);
    track_events(client, 5, NULL);
    assert_int_equal(mosaic_client_queue_size(client), 0);
    assert_int_equal(mosaic_client_flush(client, 1000), MOSAIC_OK);
    mosaic_prediction_query q = {MOSAIC_TASK_TYPE_TESTING, "gpt-5", MOSAIC_PROVIDER_OPENAI,
                                 MOSAIC_COMPLEXITY_LOW};
    assert_int_equal(mosaic_client_refresh_predictions(client, &q, 1), MOSAIC_ERR_DISABLED);
    assert_int_equal(mosaic_client_stop(client, 1000), MOSAIC_OK);
    mosaic_stats stats = stats_of(client);
    assert_int_equal(stats.tracked, 0);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void the_api_key_appears_in_no_log_line(void **state)
{
    (void)state;
    log_lines log = {0};
    mosaic_config *config = test_config(&server);
    mosaic_config_set_log_level(config, MOSAIC_LOG_DEBUG);
    mosaic_config_set_log_callback(config, log_collect, &log);
    mosaic_config_set_max_retries(config, 1);
    /* Every path that logs: retries, exhaustion, a drop, an auth failure, a success. */
    server_faults(&server, "/v1/events/batch",
                  "[{\"status\": 500}, {\"status\": 503, \"retry_after\": \"0\"},"
                  " {\"status\": 422}, {\"status\": 401, \"body\": {\"error\": \"unknown key\"}}]");
    mosaic_client *client = new_client(config);
    for (int round = 0; round < 4; round++) {
        track_events(client, 2, NULL);
        mosaic_client_flush(client, 10000);
    }
    mosaic_client_free(client);
    assert_true(log.count >= 4);
    assert_false(log_contains(&log, DEMO_API_KEY));
    assert_false(log_contains(&log, "0123456789abcdef0123")); /* not even a prefix */
    log_free(&log);
    mosaic_config_free(config);
}

static void stop_sends_what_is_left_and_track_after_stop_is_ignored(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    assert_int_equal(mosaic_client_start(client), MOSAIC_OK);
    track_events(client, 5, NULL);
    assert_int_equal(mosaic_client_stop(client, 5000), MOSAIC_OK);
    assert_int_equal(server_event_count(&server), 5);
    assert_false(mosaic_client_is_running(client));
    track_events(client, 1, NULL);
    assert_int_equal(mosaic_client_queue_size(client), 0);
    assert_int_equal(mosaic_client_stop(client, 5000), MOSAIC_OK); /* idempotent */
    mosaic_client_free(client);
    mosaic_config_free(config);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(happy_path_stores_the_exact_json, server_reset_setup),
        cmocka_unit_test_setup(requests_carry_the_protocol_headers, server_reset_setup),
        cmocka_unit_test_setup(batches_never_exceed_batch_size_and_reuse_one_connection,
                               server_reset_setup),
        cmocka_unit_test_setup(a_full_batch_is_sent_without_waiting_for_the_interval,
                               server_reset_setup),
        cmocka_unit_test_setup(the_interval_sends_a_partial_batch, server_reset_setup),
        cmocka_unit_test_setup(overflow_drops_the_oldest_and_counts, server_reset_setup),
        cmocka_unit_test_setup(a_resent_event_is_answered_as_duplicate, server_reset_setup),
        cmocka_unit_test_setup(an_event_the_server_rejects_is_counted_not_retried,
                               server_reset_setup),
        cmocka_unit_test_setup(dry_run_sends_nothing_and_logs_the_batch, server_reset_setup),
        cmocka_unit_test_setup(disabled_is_a_no_op, server_reset_setup),
        cmocka_unit_test_setup(the_api_key_appears_in_no_log_line, server_reset_setup),
        cmocka_unit_test_setup(stop_sends_what_is_left_and_track_after_stop_is_ignored,
                               server_reset_setup),
    };
    return cmocka_run_group_tests_name("integration/delivery", tests, server_group_setup,
                                       server_group_teardown);
}
