/* Integration: an event refused for one of this client's own enum members is sent again once with
 * the member's documented fallback (docs/protocol.md, "Enums"), through the real transport, to a
 * reference server told to accept only what the Mosaic documentation shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define EVENTS_PATH "/v1/events/batch"

/* An event with the outcome, harness and gates given (gates: run, then failed). */
static mosaic_event *event_with(mosaic_outcome outcome, mosaic_harness harness,
                                const mosaic_quality_gate *run, size_t n_run,
                                const mosaic_quality_gate *failed, size_t n_failed)
{
    mosaic_event_builder *b = mosaic_event_builder_new(DEMO_INSTANCE_ID);
    mosaic_event_builder_task_type(b, MOSAIC_TASK_TYPE_IMPLEMENTATION);
    mosaic_event_builder_model(b, "claude-sonnet-4-5-20250929");
    mosaic_event_builder_provider(b, MOSAIC_PROVIDER_ANTHROPIC);
    mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_MEDIUM);
    mosaic_event_builder_duration_ms(b, 1000);
    mosaic_event_builder_outcome(b, outcome);
    mosaic_event_builder_harness(b, harness);
    mosaic_event_builder_quality(b, n_failed == 0, run, n_run, failed, n_failed);
    mosaic_event *e = NULL;
    assert_int_equal(mosaic_event_builder_build(b, &e, NULL, 0), MOSAIC_OK);
    mosaic_event_builder_free(b);
    return e;
}

static void track_and_flush(mosaic_client *client, mosaic_event **events, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mosaic_client_track(client, events[i]);
        mosaic_event_free(events[i]);
    }
    assert_int_equal(mosaic_client_flush(client, 20000), MOSAIC_OK);
}

/* The stored event's member as JSON text, e.g. "\"failure\"". */
static const char *stored_member(json_object *events, size_t i, const char *name)
{
    json_object *value;
    json_object_object_get_ex(json_object_array_get_idx(events, i), name, &value);
    return json_object_to_json_string_ext(value, JSON_C_TO_STRING_PLAIN);
}

static size_t events_in_request(json_object *requests, size_t i)
{
    json_object *count;
    json_object_object_get_ex(json_object_array_get_idx(requests, i), "event_count", &count);
    return (size_t)json_object_get_int(count);
}

static void our_members_reach_a_documented_only_server_as_documented_ones(void **state)
{
    (void)state;
    json_object_put(server_post(&server, "/_control/limits", "{\"enums\": \"documented\"}"));
    static const mosaic_quality_gate run[] = {MOSAIC_QUALITY_GATE_BUILD,
                                              MOSAIC_QUALITY_GATE_FORMAT};
    static const mosaic_quality_gate failed[] = {MOSAIC_QUALITY_GATE_FORMAT};
    mosaic_event *events[] = {
        event_with(MOSAIC_OUTCOME_CANCELLED, MOSAIC_HARNESS_CLAUDE_CODE, run, 1, NULL, 0),
        event_with(MOSAIC_OUTCOME_PARTIAL, MOSAIC_HARNESS_CLAUDE_CODE, run, 2, failed, 1),
        event_with(MOSAIC_OUTCOME_SUCCESS, MOSAIC_HARNESS_CLAUDE_CODE, run, 1, NULL, 0),
    };
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    track_and_flush(client, events, 3);
    mosaic_stats stats = stats_of(client);
    assert_int_equal(stats.accepted, 3);
    assert_int_equal(stats.rejected, 0);
    assert_int_equal(stats.resent_with_fallback, 2);

    json_object *owner, *requests = server_requests(&server, EVENTS_PATH, &owner);
    assert_int_equal(json_object_array_length(requests), 2); /* the batch, then the two again */
    assert_int_equal(events_in_request(requests, 1), 2);
    json_object_put(owner);
    json_object *stored = server_get(&server, "/_control/events"), *list;
    json_object_object_get_ex(stored, "events", &list);
    assert_int_equal(json_object_array_length(list), 3);
    assert_string_equal(stored_member(list, 0, "outcome"), "\"success\""); /* stored first */
    assert_string_equal(stored_member(list, 1, "outcome"), "\"failure\"");
    assert_string_equal(stored_member(list, 2, "quality_gates_run"), "[\"build\",\"lint\"]");
    assert_string_equal(stored_member(list, 2, "quality_gates_failed"), "[\"lint\"]");
    json_object_put(stored);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

static void a_fallback_refused_too_is_rejected_after_one_resend(void **state)
{
    (void)state;
    json_object_put(
        server_post(&server, "/_control/limits", "{\"enums\": {\"harness\": [\"claude_code\"]}}"));
    static const mosaic_quality_gate run[] = {MOSAIC_QUALITY_GATE_BUILD};
    mosaic_event *events[] = {
        event_with(MOSAIC_OUTCOME_SUCCESS, MOSAIC_HARNESS_CODEX, run, 1, NULL, 0)};
    mosaic_config *config = test_config(&server);
    mosaic_client *client = new_client(config);
    track_and_flush(client, events, 1);
    mosaic_stats stats = stats_of(client);
    assert_int_equal(stats.rejected, 1);
    assert_int_equal(stats.accepted, 0);
    assert_int_equal(stats.resent_with_fallback, 1);
    json_object *owner, *requests = server_requests(&server, EVENTS_PATH, &owner);
    assert_int_equal(json_object_array_length(requests), 2);
    json_object_put(owner);
    assert_int_equal(server_event_count(&server), 0);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(our_members_reach_a_documented_only_server_as_documented_ones,
                               server_reset_setup),
        cmocka_unit_test_setup(a_fallback_refused_too_is_rejected_after_one_resend,
                               server_reset_setup),
    };
    return cmocka_run_group_tests_name("integration/fallback", tests, server_group_setup,
                                       server_group_teardown);
}
