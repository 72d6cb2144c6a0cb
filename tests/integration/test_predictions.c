/* Integration: predictions refreshed from the reference server (which computes them from the
 * events it stored), cached with a TTL, read without calling the server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define PREDICTIONS_PATH "/v1/predictions/batch"
#define SEEDED           30

/* test_event(i) for i < SEEDED: debugging / claude-sonnet-4-5 / anthropic / high, actual input
 * tokens 1200 + i, half of them passing their gates and successful. */
static void seed_events(void)
{
    size_t cap = SEEDED * 1200 + 64, len = 0;
    char *body = malloc(cap);
    len += (size_t)snprintf(body, cap, "{\"events\":[");
    for (int i = 0; i < SEEDED; i++) {
        mosaic_event *e = test_event(i);
        char *json = mosaic_event_to_json(e);
        len += (size_t)snprintf(body + len, cap - len, "%s%s", i ? "," : "", json);
        mosaic_free(json);
        mosaic_event_free(e);
    }
    snprintf(body + len, cap - len, "]}");
    json_object_put(server_post(&server, "/_control/events", body));
    free(body);
}

static int reset_and_seed(void **state)
{
    (void)state;
    server_reset(&server);
    seed_events();
    return 0;
}

static const mosaic_prediction_query SEEDED_QUERY = {
    MOSAIC_TASK_TYPE_DEBUGGING, "claude-sonnet-4-5-20250929", MOSAIC_PROVIDER_ANTHROPIC,
    MOSAIC_COMPLEXITY_HIGH};

static mosaic_client *client_with_ttl(double ttl_seconds, mosaic_config **config)
{
    *config = test_config(&server);
    mosaic_config_set_prediction_cache_ttl_seconds(*config, ttl_seconds);
    mosaic_client *client = NULL;
    assert_int_equal(mosaic_client_new(*config, &client, NULL, 0), MOSAIC_OK);
    return client;
}

static size_t prediction_requests(void)
{
    json_object *owner, *requests = server_requests(&server, PREDICTIONS_PATH, &owner);
    size_t n = json_object_array_length(requests);
    json_object_put(owner);
    return n;
}

static void refresh_then_get_gives_the_servers_figures(void **state)
{
    (void)state;
    mosaic_config *config;
    mosaic_client *client = client_with_ttl(3600, &config);
    assert_null(mosaic_client_get_prediction(client, &SEEDED_QUERY)); /* nothing cached yet */
    assert_int_equal(mosaic_client_refresh_predictions(client, &SEEDED_QUERY, 1), MOSAIC_OK);
    mosaic_prediction *p = mosaic_client_get_prediction(client, &SEEDED_QUERY);
    assert_non_null(p);
    assert_true(mosaic_prediction_has_data(p));
    assert_int_equal(mosaic_prediction_sample_size(p), SEEDED);
    assert_int_equal(mosaic_prediction_fallback_level(p), 0);
    /* Nearest rank over 1200..1229: p10 is the 3rd, the median the 15th, p90 the 27th. */
    mosaic_distribution in = mosaic_prediction_input_tokens(p);
    assert_int_equal((int)in.p10, 1202);
    assert_int_equal((int)in.median, 1214);
    assert_int_equal((int)in.p90, 1226);
    assert_int_equal((int)mosaic_prediction_output_tokens(p).median, 400);
    assert_true(mosaic_prediction_gate_pass_rate(p) > 0.49 &&
                mosaic_prediction_gate_pass_rate(p) < 0.51);
    assert_true(mosaic_prediction_success_rate(p) > 0.49 &&
                mosaic_prediction_success_rate(p) < 0.51);
    assert_true(mosaic_prediction_confidence(p) == MOSAIC_CONFIDENCE_MEDIUM);
    char *json = mosaic_prediction_to_json(p);
    assert_non_null(strstr(json, "\"sample_size\":30"));
    mosaic_free(json);
    mosaic_prediction_free(p);

    size_t before = prediction_requests();
    mosaic_prediction_free(mosaic_client_get_prediction(client, &SEEDED_QUERY));
    assert_int_equal(prediction_requests(), before); /* get never calls the server */
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void no_data_is_a_normal_answer(void **state)
{
    (void)state;
    mosaic_config *config;
    mosaic_client *client = client_with_ttl(3600, &config);
    mosaic_prediction_query q = {MOSAIC_TASK_TYPE_PLANNING, "gemini-2.5-pro",
                                 MOSAIC_PROVIDER_GOOGLE, MOSAIC_COMPLEXITY_LOW};
    assert_int_equal(mosaic_client_refresh_predictions(client, &q, 1), MOSAIC_OK);
    mosaic_prediction *p = mosaic_client_get_prediction(client, &q);
    assert_non_null(p);
    assert_false(mosaic_prediction_has_data(p));
    assert_true(mosaic_prediction_confidence(p) == MOSAIC_CONFIDENCE_NONE);
    assert_int_equal(mosaic_prediction_sample_size(p), 0);
    mosaic_prediction_free(p);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void a_relaxed_match_says_its_fallback_level(void **state)
{
    (void)state;
    mosaic_config *config;
    mosaic_client *client = client_with_ttl(3600, &config);
    mosaic_prediction_query q = SEEDED_QUERY;
    q.complexity = MOSAIC_COMPLEXITY_LOW; /* no exact match: the server drops complexity */
    assert_int_equal(mosaic_client_refresh_predictions(client, &q, 1), MOSAIC_OK);
    mosaic_prediction *p = mosaic_client_get_prediction(client, &q);
    assert_true(mosaic_prediction_has_data(p));
    assert_int_equal(mosaic_prediction_fallback_level(p), 1);
    mosaic_prediction_free(p);
    /* The cache is keyed by all four dimensions: the exact query is still absent. */
    assert_null(mosaic_client_get_prediction(client, &SEEDED_QUERY));
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void an_expired_answer_is_gone(void **state)
{
    (void)state;
    mosaic_config *config;
    mosaic_client *client = client_with_ttl(0.3, &config);
    assert_int_equal(mosaic_client_refresh_predictions(client, &SEEDED_QUERY, 1), MOSAIC_OK);
    mosaic_prediction *p = mosaic_client_get_prediction(client, &SEEDED_QUERY);
    assert_non_null(p);
    mosaic_prediction_free(p);
    usleep(400000);
    assert_null(mosaic_client_get_prediction(client, &SEEDED_QUERY));
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void the_api_key_is_not_sent_to_the_public_endpoint(void **state)
{
    (void)state;
    mosaic_config *config;
    mosaic_client *client = client_with_ttl(3600, &config);
    assert_int_equal(mosaic_client_refresh_predictions(client, &SEEDED_QUERY, 1), MOSAIC_OK);
    json_object *owner, *requests = server_requests(&server, PREDICTIONS_PATH, &owner), *headers,
                        *h;
    assert_int_equal(json_object_array_length(requests), 1);
    json_object_object_get_ex(json_object_array_get_idx(requests, 0), "headers", &headers);
    assert_false(json_object_object_get_ex(headers, "authorization", &h));
    json_object_put(owner);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void server_errors_are_retried(void **state)
{
    (void)state;
    server_faults(&server, PREDICTIONS_PATH, "[{\"status\": 503}, {\"status\": 500}]");
    mosaic_config *config;
    mosaic_client *client = client_with_ttl(3600, &config);
    assert_int_equal(mosaic_client_refresh_predictions(client, &SEEDED_QUERY, 1), MOSAIC_OK);
    assert_int_equal(prediction_requests(), 3);
    mosaic_prediction *p = mosaic_client_get_prediction(client, &SEEDED_QUERY);
    assert_true(mosaic_prediction_has_data(p));
    mosaic_prediction_free(p);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void more_than_fifty_queries_take_two_requests(void **state)
{
    (void)state;
    static const char *const models[] = {"claude-opus-4-1", "gpt-5", "o3"};
    mosaic_prediction_query queries[75];
    for (int i = 0; i < 75; i++)
        queries[i] =
            (mosaic_prediction_query){(mosaic_task_type)(i % 11), models[i % 3],
                                      (mosaic_provider)(i % 10), (mosaic_complexity)((i / 11) % 4)};
    mosaic_config *config;
    mosaic_client *client = client_with_ttl(3600, &config);
    assert_int_equal(mosaic_client_refresh_predictions(client, queries, 75), MOSAIC_OK);
    assert_int_equal(prediction_requests(), 2);
    for (int i = 0; i < 75; i++) {
        mosaic_prediction *p = mosaic_client_get_prediction(client, &queries[i]);
        assert_non_null(p);
        mosaic_prediction_free(p);
    }
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void on_done(mosaic_status status, void *user)
{
    atomic_store((_Atomic int *)user, 1000 + (int)status);
}

static void async_refresh_calls_back_then_the_cache_answers(void **state)
{
    (void)state;
    mosaic_config *config;
    mosaic_client *client = client_with_ttl(3600, &config);
    _Atomic int done = 0;
    char model[64];
    strcpy(model, SEEDED_QUERY.model);
    mosaic_prediction_query q = SEEDED_QUERY;
    q.model = model;
    assert_int_equal(mosaic_client_refresh_predictions_async(client, &q, 1, on_done, &done),
                     MOSAIC_OK);
    memset(model, 'x', sizeof model - 1); /* the query was copied before the call returned */
    for (int i = 0; i < 500 && atomic_load(&done) == 0; i++)
        usleep(10000);
    assert_int_equal(atomic_load(&done), 1000 + MOSAIC_OK);
    mosaic_prediction *p = mosaic_client_get_prediction(client, &SEEDED_QUERY);
    assert_true(mosaic_prediction_has_data(p));
    mosaic_prediction_free(p);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void free_cuts_an_async_refresh_short(void **state)
{
    (void)state;
    server_faults(&server, PREDICTIONS_PATH, "[{\"hang\": true}]");
    mosaic_config *config;
    mosaic_client *client = client_with_ttl(3600, &config);
    _Atomic int done = 0;
    assert_int_equal(
        mosaic_client_refresh_predictions_async(client, &SEEDED_QUERY, 1, on_done, &done),
        MOSAIC_OK);
    usleep(200000); /* the request is in flight and the server is holding it */
    double started = now_seconds();
    mosaic_client_free(client);
    double took = now_seconds() - started;
    print_message("free with a hung refresh in flight took %.3f s\n", took);
    assert_true(took < 1.0);
    /* free waits for the refresh, not for its callback, which may still be on its way. */
    for (int i = 0; i < 200 && atomic_load(&done) == 0; i++)
        usleep(10000);
    assert_int_equal(atomic_load(&done), 1000 + MOSAIC_ERR_TIMEOUT);
    mosaic_config_free(config);
    server_reset(&server);
}

static void a_long_retry_after_does_not_hold_the_caller(void **state)
{
    (void)state;
    server_faults(&server, PREDICTIONS_PATH, "[{\"status\": 429, \"retry_after\": \"30\"}]");
    mosaic_config *config = test_config(&server);
    mosaic_config_set_request_timeout_seconds(config, 2);
    mosaic_client *client = new_client(config);
    double started = now_seconds();
    assert_int_equal(mosaic_client_refresh_predictions(client, &SEEDED_QUERY, 1),
                     MOSAIC_ERR_TIMEOUT);
    assert_int_equal(mosaic_client_refresh_predictions(client, &SEEDED_QUERY, 1),
                     MOSAIC_ERR_TIMEOUT); /* the endpoint stays quiet until then */
    double took = now_seconds() - started;
    print_message("two refreshes behind Retry-After: 30 took %.3f s\n", took);
    assert_true(took < 1.0);
    assert_int_equal(prediction_requests(), 1);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void free_client_when_done(mosaic_status status, void *user)
{
    (void)status;
    _Atomic(mosaic_client *) *client = user;
    mosaic_client_free(atomic_load(client)); /* allowed: free does not wait for callbacks */
    atomic_store(client, NULL);
}

static void the_done_callback_may_free_the_client(void **state)
{
    (void)state;
    mosaic_config *config;
    mosaic_client *client = client_with_ttl(3600, &config);
    _Atomic(mosaic_client *) shared = client;
    assert_int_equal(mosaic_client_refresh_predictions_async(client, &SEEDED_QUERY, 1,
                                                             free_client_when_done, &shared),
                     MOSAIC_OK);
    for (int i = 0; i < 500 && atomic_load(&shared); i++)
        usleep(10000);
    assert_null(atomic_load(&shared));
    mosaic_config_free(config);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(refresh_then_get_gives_the_servers_figures, reset_and_seed),
        cmocka_unit_test_setup(no_data_is_a_normal_answer, reset_and_seed),
        cmocka_unit_test_setup(a_relaxed_match_says_its_fallback_level, reset_and_seed),
        cmocka_unit_test_setup(an_expired_answer_is_gone, reset_and_seed),
        cmocka_unit_test_setup(the_api_key_is_not_sent_to_the_public_endpoint, reset_and_seed),
        cmocka_unit_test_setup(server_errors_are_retried, reset_and_seed),
        cmocka_unit_test_setup(more_than_fifty_queries_take_two_requests, reset_and_seed),
        cmocka_unit_test_setup(async_refresh_calls_back_then_the_cache_answers, reset_and_seed),
        cmocka_unit_test_setup(free_cuts_an_async_refresh_short, reset_and_seed),
        cmocka_unit_test_setup(a_long_retry_after_does_not_hold_the_caller, reset_and_seed),
        cmocka_unit_test_setup(the_done_callback_may_free_the_client, reset_and_seed),
    };
    return cmocka_run_group_tests_name("integration/predictions", tests, server_group_setup,
                                       server_group_teardown);
}
