/* Integration: how the client meets every failure that docs/protocol.md names ("Sending events",
 * "Retries and deadlines"), with the real transport against the reference server's scripted
 * faults. Waits are measured on the server's clock (the arrival time of each request). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define EVENTS_PATH "/v1/events/batch"

/* Seconds between the arrival of request i and request i + 1 at the server. */
static double gap_between_requests(size_t i)
{
    json_object *owner, *requests = server_requests(&server, EVENTS_PATH, &owner), *at;
    assert_true(json_object_array_length(requests) > i + 1);
    json_object_object_get_ex(json_object_array_get_idx(requests, i), "at", &at);
    double first = json_object_get_double(at);
    json_object_object_get_ex(json_object_array_get_idx(requests, i + 1), "at", &at);
    double gap = json_object_get_double(at) - first;
    json_object_put(owner);
    return gap;
}

static size_t request_count(void)
{
    json_object *owner, *requests = server_requests(&server, EVENTS_PATH, &owner);
    size_t n = json_object_array_length(requests);
    json_object_put(owner);
    return n;
}

static void retry_after_in_seconds_is_waited_out(void **state)
{
    (void)state;
    server_faults(&server, EVENTS_PATH, "[{\"status\": 429, \"retry_after\": \"1\"}]");
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    track_events(client, 3, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    assert_int_equal(server_event_count(&server), 3);
    double gap = gap_between_requests(0);
    print_message("429 Retry-After: 1 -> waited %.3f s\n", gap);
    assert_true(gap >= 0.95); /* the backoff base here is 20 ms: only Retry-After explains it */
    assert_true(gap < 3.0);
    assert_int_equal(stats_of(client).retries, 1);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void retry_after_as_an_http_date_is_waited_out(void **state)
{
    (void)state;
    char date[64], steps[256];
    time_t at = time(NULL) + 2;
    struct tm tm;
    gmtime_r(&at, &tm);
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    snprintf(steps, sizeof steps, "[{\"status\": 503, \"retry_after\": \"%s\"}]", date);
    server_faults(&server, EVENTS_PATH, steps);
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    track_events(client, 2, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    double gap = gap_between_requests(0);
    print_message("503 Retry-After: <date 2 s ahead> -> waited %.3f s\n", gap);
    assert_true(gap >= 0.9); /* whole seconds: at least 1 s of the 2 remained */
    assert_true(gap < 3.5);
    assert_int_equal(server_event_count(&server), 2);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void server_errors_then_success_deliver_everything(void **state)
{
    (void)state;
    server_faults(&server, EVENTS_PATH,
                  "[{\"status\": 503}, {\"status\": 500}, {\"status\": 502}]");
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    track_events(client, 4, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    assert_int_equal(server_event_count(&server), 4);
    mosaic_stats stats = stats_of(client);
    assert_int_equal(stats.retries, 3);
    assert_int_equal(stats.failed_requests, 3);
    assert_int_equal(stats.accepted, 4);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void a_dropped_connection_is_retried(void **state)
{
    (void)state;
    server_faults(&server, EVENTS_PATH, "[{\"drop\": true}]");
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    track_events(client, 2, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    assert_int_equal(server_event_count(&server), 2);
    assert_int_equal(stats_of(client).retries, 1);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void events_whose_retries_ran_out_go_at_the_next_flush(void **state)
{
    (void)state;
    server_faults(&server, EVENTS_PATH, "[{\"status\": 500}, {\"status\": 500}]");
    mosaic_config *config = test_config(&server);
    mosaic_config_set_max_retries(config, 1);
    mosaic_client *client = new_client(config);
    track_events(client, 5, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_ERR_PENDING);
    assert_int_equal(mosaic_client_queue_size(client), 5);
    assert_int_equal(server_event_count(&server), 0);
    assert_int_equal(stats_of(client).kept_for_later, 5);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    assert_int_equal(server_event_count(&server), 5);
    assert_int_equal(mosaic_client_queue_size(client), 0);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void dropped_status(const char *steps, long expected_requests)
{
    server_faults(&server, EVENTS_PATH, steps);
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    track_events(client, 3, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    mosaic_stats stats = stats_of(client);
    assert_int_equal(stats.dropped_bad_batch, 3);
    assert_int_equal(stats.requests, expected_requests); /* never retried */
    assert_int_equal(mosaic_client_queue_size(client), 0);
    assert_int_equal(server_event_count(&server), 0);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void bad_request_drops_the_batch(void **state)
{
    (void)state;
    dropped_status("[{\"status\": 400}]", 1);
}

static void unprocessable_drops_the_batch(void **state)
{
    (void)state;
    dropped_status("[{\"status\": 422, \"body\": {\"error\": \"bad\", \"details\": []}}]", 1);
}

static void an_unknown_key_keeps_the_events_and_logs_once(void **state)
{
    (void)state;
    log_lines log = {0};
    mosaic_config *config = test_config(&server);
    /* 64 hex characters, but not a key the server knows: a real 401. */
    mosaic_config_set_api_key(config,
                              "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    mosaic_config_set_log_level(config, MOSAIC_LOG_ERROR);
    mosaic_config_set_log_callback(config, log_collect, &log);
    mosaic_client *client = new_client(config);
    track_events(client, 3, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_ERR_PENDING);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_ERR_PENDING);
    assert_int_equal(mosaic_client_queue_size(client), 3);
    assert_int_equal(request_count(), 2);
    assert_int_equal(stats_of(client).requests, 2);
    assert_int_equal(log_count(&log, "HTTP 401"), 1); /* once per distinct cause */
    mosaic_client_free(client);
    log_free(&log);
    mosaic_config_free(config);
}

static void too_large_batches_are_split_in_halves(void **state)
{
    (void)state;
    json_object_put(server_post(&server, "/_control/limits", "{\"max_batch_events\": 3}"));
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    track_events(client, 10, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    assert_int_equal(server_event_count(&server), 10);
    mosaic_stats stats = stats_of(client);
    assert_true(stats.split_batches >= 3); /* 10 -> 5+5 -> 2+3 and 2+3 */
    assert_int_equal(stats.accepted, 10);
    json_object *owner, *requests = server_requests(&server, EVENTS_PATH, &owner), *v;
    for (size_t i = 0; i < json_object_array_length(requests); i++) {
        json_object *r = json_object_array_get_idx(requests, i);
        json_object_object_get_ex(r, "status", &v);
        int status = json_object_get_int(v);
        json_object_object_get_ex(r, "event_count", &v);
        assert_true(status == 413 ? json_object_get_int(v) > 3 : json_object_get_int(v) <= 3);
    }
    json_object_put(owner);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void stop_keeps_its_deadline_against_a_hung_server(void **state)
{
    (void)state;
    server_faults(&server, EVENTS_PATH, "[{\"hang\": true}]");
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    assert_int_equal(mosaic_client_start(client), MOSAIC_OK);
    track_events(client, 3, NULL);
    double started = now_seconds();
    mosaic_status status = mosaic_client_stop(client, 2000);
    double took = now_seconds() - started;
    print_message("stop(2000) against a hung server returned in %.3f s\n", took);
    assert_int_equal(status, MOSAIC_ERR_TIMEOUT);
    assert_true(took >= 1.9);
    assert_true(took < 2.5);
    assert_int_equal(mosaic_client_queue_size(client), 3); /* kept, not lost in flight */
    mosaic_client_free(client);
    mosaic_config_free(config);
    server_reset(&server); /* ends the hang */
}

static void flush_keeps_its_deadline_then_delivers_later(void **state)
{
    (void)state;
    server_faults(&server, EVENTS_PATH, "[{\"hang\": true}]");
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    track_events(client, 2, NULL);
    double started = now_seconds();
    assert_int_equal(mosaic_client_flush(client, 1000), MOSAIC_ERR_TIMEOUT);
    double took = now_seconds() - started;
    print_message("flush(1000) against a hung server returned in %.3f s\n", took);
    assert_true(took < 1.5);
    server_reset(&server);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    assert_int_equal(server_event_count(&server), 2);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void a_server_that_is_not_there_keeps_events(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_config_set_server_url(config, "http://127.0.0.1:9"); /* discard port: refused */
    mosaic_config_set_max_retries(config, 2);
    mosaic_client *client = new_client(config);
    track_events(client, 2, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_ERR_PENDING);
    assert_int_equal(mosaic_client_queue_size(client), 2);
    assert_int_equal(stats_of(client).requests, 3);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

/* A refused key with a full batch waiting must not make the worker spin on the client's lock:
 * track stays fast and the server is asked again only at the next interval. */
static void a_held_client_neither_spins_nor_storms(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_config_set_api_key(config,
                              "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
    mosaic_config_set_batch_size(config, 2);
    mosaic_config_set_submit_interval_seconds(config, 30);
    mosaic_client *client = new_client(config);
    assert_int_equal(mosaic_client_start(client), MOSAIC_OK);
    track_events(client, 4, NULL); /* two full batches: the first meets the 401 */
    usleep(300000);
    double started = now_seconds();
    track_events(client, 200, NULL);
    double took = now_seconds() - started;
    print_message("200 tracks while held took %.4f s\n", took);
    assert_true(took < 0.5);
    usleep(700000);
    assert_int_equal(request_count(), 1);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void exhausted_retries_wait_for_the_next_interval(void **state)
{
    (void)state;
    server_faults(&server, EVENTS_PATH,
                  "[{\"status\": 503}, {\"status\": 503}, {\"status\": 503}, {\"status\": 503},"
                  " {\"status\": 503}, {\"status\": 503}, {\"status\": 503}, {\"status\": 503}]");
    mosaic_config *config = test_config(&server);
    mosaic_config_set_max_retries(config, 1);
    mosaic_config_set_batch_size(config, 2);
    mosaic_config_set_submit_interval_seconds(config, 30);
    mosaic_client *client = new_client(config);
    assert_int_equal(mosaic_client_start(client), MOSAIC_OK);
    track_events(client, 6, NULL);
    usleep(1000000);
    assert_int_equal(request_count(), 2); /* one batch, one retry; then the interval */
    assert_int_equal(mosaic_client_queue_size(client), 6);
    mosaic_client_stop(client, 0);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void events_tracked_before_start_go_out_in_the_background(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_config_set_submit_interval_seconds(config, 0.3);
    mosaic_client *client = new_client(config);
    track_events(client, 2, NULL);
    assert_int_equal(mosaic_client_start(client), MOSAIC_OK);
    assert_int_equal(server_wait_for_events(&server, 2, 5), 2);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void a_null_result_status_is_survived(void **state)
{
    (void)state;
    server_faults(&server, EVENTS_PATH,
                  "[{\"status\": 202, \"body\": {\"results\": [{\"event_id\": null, "
                  "\"status\": null}, {\"status\": null}]}}]");
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    track_events(client, 2, NULL);
    assert_int_equal(mosaic_client_flush(client, 10000), MOSAIC_OK);
    assert_int_equal(stats_of(client).accepted, 2);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(retry_after_in_seconds_is_waited_out, server_reset_setup),
        cmocka_unit_test_setup(retry_after_as_an_http_date_is_waited_out, server_reset_setup),
        cmocka_unit_test_setup(server_errors_then_success_deliver_everything, server_reset_setup),
        cmocka_unit_test_setup(a_dropped_connection_is_retried, server_reset_setup),
        cmocka_unit_test_setup(events_whose_retries_ran_out_go_at_the_next_flush,
                               server_reset_setup),
        cmocka_unit_test_setup(bad_request_drops_the_batch, server_reset_setup),
        cmocka_unit_test_setup(unprocessable_drops_the_batch, server_reset_setup),
        cmocka_unit_test_setup(an_unknown_key_keeps_the_events_and_logs_once, server_reset_setup),
        cmocka_unit_test_setup(too_large_batches_are_split_in_halves, server_reset_setup),
        cmocka_unit_test_setup(stop_keeps_its_deadline_against_a_hung_server, server_reset_setup),
        cmocka_unit_test_setup(flush_keeps_its_deadline_then_delivers_later, server_reset_setup),
        cmocka_unit_test_setup(a_server_that_is_not_there_keeps_events, server_reset_setup),
        cmocka_unit_test_setup(a_held_client_neither_spins_nor_storms, server_reset_setup),
        cmocka_unit_test_setup(exhausted_retries_wait_for_the_next_interval, server_reset_setup),
        cmocka_unit_test_setup(events_tracked_before_start_go_out_in_the_background,
                               server_reset_setup),
        cmocka_unit_test_setup(a_null_result_status_is_survived, server_reset_setup),
    };
    return cmocka_run_group_tests_name("integration/failures", tests, server_group_setup,
                                       server_group_teardown);
}
