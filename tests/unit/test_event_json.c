/* The event's JSON form (docs/protocol.md, "The event") both ways. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"

typedef struct expected_field {
    const char *name;
    json_type type;
} expected_field;

/* The fields of docs/protocol.md, "The event", in order, with the JSON type a fully populated
 * event carries. */
static const expected_field SCHEMA[] = {
    {"event_id", json_type_string},
    {"instance_id", json_type_string},
    {"schema_version", json_type_string},
    {"timestamp", json_type_string},
    {"task_duration_ms", json_type_int},
    {"task_type", json_type_string},
    {"complexity", json_type_string},
    {"harness", json_type_string},
    {"model", json_type_string},
    {"provider", json_type_string},
    {"estimated_input_tokens", json_type_int},
    {"estimated_output_tokens", json_type_int},
    {"actual_input_tokens", json_type_int},
    {"actual_output_tokens", json_type_int},
    {"estimated_cost_usd_micros", json_type_int},
    {"actual_cost_usd_micros", json_type_int},
    {"quality_gate_passed", json_type_boolean},
    {"quality_gates_run", json_type_array},
    {"quality_gates_failed", json_type_array},
    {"context_compactions", json_type_int},
    {"context_rotations", json_type_int},
    {"context_utilization_final", json_type_double},
    {"outcome", json_type_string},
    {"retry_count", json_type_int},
    {"language", json_type_string},
    {"repo_size_category", json_type_string},
};
#define SCHEMA_COUNT (sizeof SCHEMA / sizeof *SCHEMA)

static json_object *parse_or_fail(const char *text)
{
    json_object *root = json_tokener_parse(text);
    if (!root)
        fail_msg("not JSON: %s", text);
    return root;
}

static const char *string_of(json_object *root, const char *key)
{
    json_object *value = NULL;
    assert_true(json_object_object_get_ex(root, key, &value));
    assert_true(json_object_is_type(value, json_type_string));
    return json_object_get_string(value);
}

static int64_t int_of(json_object *root, const char *key)
{
    json_object *value = NULL;
    assert_true(json_object_object_get_ex(root, key, &value));
    assert_true(json_object_is_type(value, json_type_int));
    return json_object_get_int64(value);
}

/* ---- writing ----------------------------------------------------------------------------- */

static void test_to_json_has_exactly_the_schema_fields_in_order(void **state)
{
    (void)state;
    mosaic_event *e = test_full_event();
    char *json = mosaic_event_to_json(e);
    json_object *root = parse_or_fail(json);
    assert_int_equal(json_object_object_length(root), SCHEMA_COUNT);
    size_t i = 0;
    json_object_object_foreach(root, key, value)
    {
        assert_true(i < SCHEMA_COUNT);
        assert_string_equal(key, SCHEMA[i].name);
        if (!json_object_is_type(value, SCHEMA[i].type))
            fail_msg("%s has JSON type %s", key, json_type_to_name(json_object_get_type(value)));
        i++;
    }
    assert_int_equal(i, SCHEMA_COUNT);
    json_object_put(root);
    mosaic_free(json);
    mosaic_event_free(e);
}

static void test_to_json_values_of_full_event(void **state)
{
    (void)state;
    mosaic_event *e = test_full_event();
    char *json = mosaic_event_to_json(e);
    json_object *root = parse_or_fail(json);
    assert_string_equal(string_of(root, "event_id"), mosaic_event_id(e));
    assert_string_equal(string_of(root, "instance_id"), TEST_INSTANCE_ID);
    assert_string_equal(string_of(root, "schema_version"), "1.0");
    assert_string_equal(string_of(root, "task_type"), "code_review");
    assert_string_equal(string_of(root, "complexity"), "high");
    assert_string_equal(string_of(root, "harness"), "claude_code");
    assert_string_equal(string_of(root, "provider"), "anthropic");
    assert_string_equal(string_of(root, "outcome"), "partial");
    assert_string_equal(string_of(root, "language"), "typescript");
    assert_string_equal(string_of(root, "repo_size_category"), "large");
    assert_int_equal(int_of(root, "task_duration_ms"), 123456);
    assert_int_equal(int_of(root, "actual_output_tokens"), 4000);
    assert_int_equal(int_of(root, "actual_cost_usd_micros"), 6000);
    assert_int_equal(int_of(root, "retry_count"), 3);
    json_object *run = NULL, *failed = NULL;
    assert_true(json_object_object_get_ex(root, "quality_gates_run", &run));
    assert_true(json_object_object_get_ex(root, "quality_gates_failed", &failed));
    assert_string_equal(json_object_to_json_string_ext(run, JSON_C_TO_STRING_PLAIN),
                        "[\"build\",\"lint\",\"test\"]");
    assert_string_equal(json_object_to_json_string_ext(failed, JSON_C_TO_STRING_PLAIN),
                        "[\"lint\"]");
    json_object_put(root);
    mosaic_free(json);
    mosaic_event_free(e);
}

static void test_utilization_serialises_as_0_72(void **state)
{
    (void)state;
    mosaic_event *e = test_full_event();
    char *json = mosaic_event_to_json(e);
    if (!strstr(json, "\"context_utilization_final\":0.72,"))
        fail_msg("0.72 was not written as 0.72: %s", json);
    mosaic_free(json);
    mosaic_event_free(e);
}

static void test_unset_language_and_repo_size_are_null(void **state)
{
    (void)state;
    mosaic_event *e = test_event();
    char *json = mosaic_event_to_json(e);
    json_object *root = parse_or_fail(json);
    json_object *value = (json_object *)1;
    assert_true(json_object_object_get_ex(root, "language", &value));
    assert_null(value);
    value = (json_object *)1;
    assert_true(json_object_object_get_ex(root, "repo_size_category", &value));
    assert_null(value);
    assert_int_equal(json_object_object_length(root), SCHEMA_COUNT);
    json_object_put(root);
    mosaic_free(json);
    mosaic_event_free(e);
}

static void test_to_json_is_one_compact_line(void **state)
{
    (void)state;
    mosaic_event *e = test_full_event();
    char *json = mosaic_event_to_json(e);
    assert_null(strchr(json, '\n'));
    assert_null(strstr(json, ": "));
    assert_null(mosaic_event_to_json(NULL));
    mosaic_free(json);
    mosaic_event_free(e);
}

/* ---- round trip -------------------------------------------------------------------------- */

static void expect_round_trip(mosaic_event *e)
{
    char *json = mosaic_event_to_json(e);
    char err[256] = "";
    mosaic_event *back = NULL;
    mosaic_status status = mosaic_event_from_json(json, &back, err, sizeof err);
    if (status != MOSAIC_OK)
        fail_msg("from_json refused its own output (%s): %s", err, json);
    assert_true(mosaic_event_equal(e, back));
    mosaic_event_free(back);
    mosaic_free(json);
    mosaic_event_free(e);
}

static void test_round_trip_full_event(void **state)
{
    (void)state;
    expect_round_trip(test_full_event());
}

static void test_round_trip_minimal_event(void **state)
{
    (void)state;
    expect_round_trip(test_event());
}

static void test_round_trip_extreme_values(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_tokens(b, 100000000, 0, 100000000, 1);
    mosaic_event_builder_cost(b, 100000000000ull, 1);
    mosaic_event_builder_context(b, 10000, 10000, 0.1 + 0.2); /* not a short decimal */
    mosaic_event_builder_model(b, "mod\xc3\xa8le \"quoted\" \\ / x");
    mosaic_event_builder_language(b, "c#");
    mosaic_event *e = test_build(b, NULL, 0);
    mosaic_event_builder_free(b);
    assert_non_null(e);
    expect_round_trip(e);
}

/* ---- reading: refusals ------------------------------------------------------------------- */

/* The JSON of a valid full event, with `key` replaced by `value` (or removed when remove). */
static char *variant(const char *key, json_object *value, bool remove)
{
    mosaic_event *e = test_full_event();
    char *json = mosaic_event_to_json(e);
    mosaic_event_free(e);
    json_object *root = parse_or_fail(json);
    mosaic_free(json);
    if (remove)
        json_object_object_del(root, key);
    else
        json_object_object_add(root, key, value);
    char *text = strdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
    json_object_put(root);
    return text;
}

/* from_json(text) fails with `status` and an error containing `needle` (if not NULL). */
static void expect_refused(const char *text, mosaic_status expected, const char *needle)
{
    char err[512] = "";
    mosaic_event *e = (mosaic_event *)1;
    mosaic_status status = mosaic_event_from_json(text, &e, err, sizeof err);
    if (status != expected)
        fail_msg("expected status %d, got %d (%s) for %s", (int)expected, (int)status, err, text);
    assert_null(e);
    if (needle && !strstr(err, needle))
        fail_msg("error '%s' does not contain '%s'", err, needle);
}

static void expect_variant_refused(const char *key, json_object *value, const char *needle)
{
    char *text = variant(key, value, false);
    expect_refused(text, MOSAIC_ERR_INVALID_EVENT, needle);
    free(text);
}

static void test_from_json_not_json(void **state)
{
    (void)state;
    expect_refused("{\"event_id\": ", MOSAIC_ERR_PARSE, NULL);
    expect_refused("hello", MOSAIC_ERR_PARSE, NULL);
    expect_refused("", MOSAIC_ERR_PARSE, NULL);
}

static void test_from_json_trailing_garbage(void **state)
{
    (void)state;
    mosaic_event *e = test_event();
    char *json = mosaic_event_to_json(e);
    size_t len = strlen(json);
    char *text = malloc(len + 4);
    memcpy(text, json, len);
    memcpy(text + len, " x", 3);
    expect_refused(text, MOSAIC_ERR_PARSE, NULL);
    memcpy(text + len, "{}", 3);
    expect_refused(text, MOSAIC_ERR_PARSE, NULL);
    free(text);
    mosaic_free(json);
    mosaic_event_free(e);
}

static void test_from_json_non_object(void **state)
{
    (void)state;
    expect_refused("[1,2,3]", MOSAIC_ERR_PARSE, NULL);
    expect_refused("\"event\"", MOSAIC_ERR_PARSE, NULL);
    expect_refused("42", MOSAIC_ERR_PARSE, NULL);
}

static void test_from_json_null_argument(void **state)
{
    (void)state;
    mosaic_event *e = NULL;
    assert_int_equal(mosaic_event_from_json(NULL, &e, NULL, 0), MOSAIC_ERR_INVALID_ARGUMENT);
}

static void test_from_json_missing_field_named(void **state)
{
    (void)state;
    static const char *const fields[] = {"model", "timestamp", "language", "quality_gates_failed"};
    for (size_t i = 0; i < 4; i++) {
        char *text = variant(fields[i], NULL, true);
        expect_refused(text, MOSAIC_ERR_INVALID_EVENT, fields[i]);
        free(text);
    }
}

static void test_from_json_unknown_field_named(void **state)
{
    (void)state;
    expect_variant_refused("prompt_text", json_object_new_string("hi"), "prompt_text");
}

static void test_from_json_string_for_integer(void **state)
{
    (void)state;
    expect_variant_refused("task_duration_ms", json_object_new_string("100"), "task_duration_ms");
}

static void test_from_json_float_for_integer(void **state)
{
    (void)state;
    expect_variant_refused("actual_input_tokens", json_object_new_double(1.5),
                           "actual_input_tokens");
    expect_variant_refused("retry_count", json_object_new_double(1.0), "retry_count");
}

static void test_from_json_bool_for_integer(void **state)
{
    (void)state;
    expect_variant_refused("context_rotations", json_object_new_boolean(1), "context_rotations");
}

static void test_from_json_integer_for_bool(void **state)
{
    (void)state;
    expect_variant_refused("quality_gate_passed", json_object_new_int(1), "quality_gate_passed");
}

static void test_from_json_negative_integer(void **state)
{
    (void)state;
    expect_variant_refused("estimated_cost_usd_micros", json_object_new_int(-1),
                           "estimated_cost_usd_micros");
}

static void test_from_json_out_of_range_integer(void **state)
{
    (void)state;
    expect_variant_refused("context_compactions", json_object_new_int64(10001),
                           "context_compactions");
    expect_variant_refused("context_compactions", json_object_new_int64(4294967296LL),
                           "context_compactions");
}

static void test_from_json_null_for_required_field(void **state)
{
    (void)state;
    expect_variant_refused("model", NULL, "model");
}

static void test_from_json_schema_version_2_refused(void **state)
{
    (void)state;
    expect_variant_refused("schema_version", json_object_new_string("2.0"), "schema_version");
}

static void test_from_json_bad_enum_lists_allowed_values(void **state)
{
    (void)state;
    char *text = variant("task_type", json_object_new_string("coding"), false);
    char err[512] = "";
    mosaic_event *e = NULL;
    assert_int_equal(mosaic_event_from_json(text, &e, err, sizeof err), MOSAIC_ERR_INVALID_EVENT);
    assert_non_null(strstr(err, "task_type"));
    assert_non_null(strstr(err, "planning"));
    assert_non_null(strstr(err, "code_review"));
    assert_non_null(strstr(err, "security_audit"));
    free(text);
}

static void test_from_json_duplicate_gates_refused(void **state)
{
    (void)state;
    json_object *gates = json_object_new_array();
    json_object_array_add(gates, json_object_new_string("build"));
    json_object_array_add(gates, json_object_new_string("build"));
    expect_variant_refused("quality_gates_run", gates, "quality_gates_run");
}

static void test_from_json_unknown_gate_refused(void **state)
{
    (void)state;
    json_object *gates = json_object_new_array();
    json_object_array_add(gates, json_object_new_string("deploy"));
    expect_variant_refused("quality_gates_run", gates, "quality_gates_run");
}

static void test_from_json_uppercase_event_id_refused(void **state)
{
    (void)state;
    expect_variant_refused(
        "event_id", json_object_new_string("ABCDEF12-1234-4234-8234-123456789ABC"), "event_id");
}

static void test_from_json_bad_timestamp_format_refused(void **state)
{
    (void)state;
    expect_variant_refused("timestamp", json_object_new_string("2026-02-15 05:29:05.123Z"),
                           "timestamp");
    expect_variant_refused("timestamp", json_object_new_string("2026-02-15T05:29:05Z"),
                           "timestamp");
}

static void test_from_json_hour_25_refused(void **state)
{
    (void)state;
    expect_variant_refused("timestamp", json_object_new_string("2026-02-15T25:00:00.000Z"),
                           "timestamp");
}

static void test_from_json_empty_language_refused(void **state)
{
    (void)state;
    expect_variant_refused("language", json_object_new_string(""), "language");
}

static void test_from_json_integer_utilization_accepted(void **state)
{
    (void)state;
    char *text = variant("context_utilization_final", json_object_new_int(1), false);
    mosaic_event *e = NULL;
    assert_int_equal(mosaic_event_from_json(text, &e, NULL, 0), MOSAIC_OK);
    assert_float_equal(e->context_utilization_final, 1.0, 0.0);
    mosaic_event_free(e);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_to_json_has_exactly_the_schema_fields_in_order),
        cmocka_unit_test(test_to_json_values_of_full_event),
        cmocka_unit_test(test_utilization_serialises_as_0_72),
        cmocka_unit_test(test_unset_language_and_repo_size_are_null),
        cmocka_unit_test(test_to_json_is_one_compact_line),
        cmocka_unit_test(test_round_trip_full_event),
        cmocka_unit_test(test_round_trip_minimal_event),
        cmocka_unit_test(test_round_trip_extreme_values),
        cmocka_unit_test(test_from_json_not_json),
        cmocka_unit_test(test_from_json_trailing_garbage),
        cmocka_unit_test(test_from_json_non_object),
        cmocka_unit_test(test_from_json_null_argument),
        cmocka_unit_test(test_from_json_missing_field_named),
        cmocka_unit_test(test_from_json_unknown_field_named),
        cmocka_unit_test(test_from_json_string_for_integer),
        cmocka_unit_test(test_from_json_float_for_integer),
        cmocka_unit_test(test_from_json_bool_for_integer),
        cmocka_unit_test(test_from_json_integer_for_bool),
        cmocka_unit_test(test_from_json_negative_integer),
        cmocka_unit_test(test_from_json_out_of_range_integer),
        cmocka_unit_test(test_from_json_null_for_required_field),
        cmocka_unit_test(test_from_json_schema_version_2_refused),
        cmocka_unit_test(test_from_json_bad_enum_lists_allowed_values),
        cmocka_unit_test(test_from_json_duplicate_gates_refused),
        cmocka_unit_test(test_from_json_unknown_gate_refused),
        cmocka_unit_test(test_from_json_uppercase_event_id_refused),
        cmocka_unit_test(test_from_json_bad_timestamp_format_refused),
        cmocka_unit_test(test_from_json_hour_25_refused),
        cmocka_unit_test(test_from_json_empty_language_refused),
        cmocka_unit_test(test_from_json_integer_utilization_accepted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
