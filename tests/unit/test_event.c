/* The event builder and the rules of docs/protocol.md, "The event". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"

#define HOUR_MS (3600LL * 1000)

/* build() fails with INVALID_EVENT and an error line naming `field`; frees the builder. */
static void expect_rejected(mosaic_event_builder *b, const char *field)
{
    char err[256] = "";
    mosaic_event *e = NULL;
    mosaic_status status = mosaic_event_builder_build(b, &e, err, sizeof err);
    mosaic_event_builder_free(b);
    if (status != MOSAIC_ERR_INVALID_EVENT) {
        mosaic_event_free(e);
        fail_msg("expected INVALID_EVENT naming '%s', got status %d", field, (int)status);
    }
    assert_null(e);
    if (!strstr(err, field))
        fail_msg("error '%s' does not name '%s'", err, field);
}

/* build() succeeds; frees the builder, returns the event. */
static mosaic_event *expect_built(mosaic_event_builder *b)
{
    char err[256] = "";
    mosaic_event *e = test_build(b, err, sizeof err);
    mosaic_event_builder_free(b);
    if (!e)
        fail_msg("expected the event to build, got: %s", err);
    return e;
}

static void expect_accepted(mosaic_event_builder *b)
{
    mosaic_event_free(expect_built(b));
}

static bool matches(const char *text, const char *pattern)
{
    regex_t re;
    assert_int_equal(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
    bool ok = regexec(&re, text, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* ---- defaults and required fields -------------------------------------------------------- */

static void test_builder_defaults(void **state)
{
    (void)state;
    mosaic_event *e = expect_built(test_builder());
    assert_string_equal(e->instance_id, TEST_INSTANCE_ID);
    assert_string_equal(e->model, "claude-sonnet-4-5-20250929");
    assert_int_equal(e->task_type, MOSAIC_TASK_TYPE_UNKNOWN);
    assert_int_equal(e->harness, MOSAIC_HARNESS_UNKNOWN);
    assert_int_equal(e->provider, MOSAIC_PROVIDER_UNKNOWN);
    assert_int_equal(e->complexity, MOSAIC_COMPLEXITY_MEDIUM);
    assert_int_equal(e->outcome, MOSAIC_OUTCOME_SUCCESS);
    assert_int_equal(e->duration_ms, 0);
    assert_int_equal(e->estimated_input_tokens + e->estimated_output_tokens +
                         e->actual_input_tokens + e->actual_output_tokens,
                     0);
    assert_int_equal(e->estimated_cost_usd_micros + e->actual_cost_usd_micros, 0);
    assert_int_equal(e->context_compactions + e->context_rotations + e->retry_count, 0);
    assert_float_equal(e->context_utilization_final, 0.0, 0.0);
    assert_true(e->quality_gate_passed);
    assert_int_equal(e->gates_run, 0);
    assert_int_equal(e->gates_failed, 0);
    assert_string_equal(e->language, "");
    assert_int_equal(e->repo_size, MT_REPO_SIZE_NULL);
    mosaic_event_free(e);
}

static void test_instance_id_required(void **state)
{
    (void)state;
    mosaic_event_builder *b = mosaic_event_builder_new(NULL);
    mosaic_event_builder_model(b, "m");
    mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_LOW);
    mosaic_event_builder_outcome(b, MOSAIC_OUTCOME_SUCCESS);
    expect_rejected(b, "instance_id");
}

/* An instance id of another shape is sent as given (the server decides); one no server could
 * read is refused. */
static void test_instance_id_printable_up_to_64(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "host 1", "host\x01", "",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        mosaic_event_builder *b = mosaic_event_builder_new(bad[i]);
        mosaic_event_builder_model(b, "m");
        mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_LOW);
        mosaic_event_builder_outcome(b, MOSAIC_OUTCOME_SUCCESS);
        expect_rejected(b, "instance_id");
    }
    mosaic_event_builder *b = mosaic_event_builder_new("host-1");
    mosaic_event_builder_model(b, "m");
    mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_LOW);
    mosaic_event_builder_outcome(b, MOSAIC_OUTCOME_SUCCESS);
    mosaic_event *e = NULL;
    assert_int_equal(mosaic_event_builder_build(b, &e, NULL, 0), MOSAIC_OK);
    mosaic_event_free(e);
    mosaic_event_builder_free(b);
}

static void test_model_required(void **state)
{
    (void)state;
    mosaic_event_builder *b = mosaic_event_builder_new(TEST_INSTANCE_ID);
    mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_LOW);
    mosaic_event_builder_outcome(b, MOSAIC_OUTCOME_SUCCESS);
    expect_rejected(b, "model");
}

static void test_complexity_required(void **state)
{
    (void)state;
    mosaic_event_builder *b = mosaic_event_builder_new(TEST_INSTANCE_ID);
    mosaic_event_builder_model(b, "m");
    mosaic_event_builder_outcome(b, MOSAIC_OUTCOME_SUCCESS);
    expect_rejected(b, "complexity");
}

static void test_outcome_required(void **state)
{
    (void)state;
    mosaic_event_builder *b = mosaic_event_builder_new(TEST_INSTANCE_ID);
    mosaic_event_builder_model(b, "m");
    mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_LOW);
    expect_rejected(b, "outcome");
}

static void test_build_null_arguments(void **state)
{
    (void)state;
    mosaic_event *e = NULL;
    assert_int_equal(mosaic_event_builder_build(NULL, &e, NULL, 0), MOSAIC_ERR_INVALID_ARGUMENT);
    mosaic_event_builder *b = test_builder();
    assert_int_equal(mosaic_event_builder_build(b, NULL, NULL, 0), MOSAIC_ERR_INVALID_ARGUMENT);
    mosaic_event_builder_free(b);
}

/* ---- ranges ------------------------------------------------------------------------------ */

static void test_duration_bounds(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_duration_ms(b, 86400000);
    expect_accepted(b);
    b = test_builder();
    mosaic_event_builder_duration_ms(b, 86400001);
    expect_rejected(b, "task_duration_ms");
}

static void test_tokens_bounds(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_tokens(b, 100000000, 100000000, 100000000, 100000000);
    expect_accepted(b);
    b = test_builder();
    mosaic_event_builder_tokens(b, 100000001, 0, 0, 0);
    expect_rejected(b, "estimated_input_tokens");
    b = test_builder();
    mosaic_event_builder_tokens(b, 0, 100000001, 0, 0);
    expect_rejected(b, "estimated_output_tokens");
    b = test_builder();
    mosaic_event_builder_tokens(b, 0, 0, 100000001, 0);
    expect_rejected(b, "actual_input_tokens");
    b = test_builder();
    mosaic_event_builder_tokens(b, 0, 0, 0, 100000001);
    expect_rejected(b, "actual_output_tokens");
}

static void test_cost_bounds(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_cost(b, 100000000000ull, 100000000000ull);
    expect_accepted(b);
    b = test_builder();
    mosaic_event_builder_cost(b, 100000000001ull, 0);
    expect_rejected(b, "estimated_cost_usd_micros");
    b = test_builder();
    mosaic_event_builder_cost(b, 0, 100000000001ull);
    expect_rejected(b, "actual_cost_usd_micros");
}

static void test_context_counts_bounds(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_context(b, 10000, 10000, 0.5);
    expect_accepted(b);
    b = test_builder();
    mosaic_event_builder_context(b, 10001, 0, 0.5);
    expect_rejected(b, "context_compactions");
    b = test_builder();
    mosaic_event_builder_context(b, 0, 10001, 0.5);
    expect_rejected(b, "context_rotations");
}

static void test_retry_count_bounds(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_retry_count(b, 1000);
    expect_accepted(b);
    b = test_builder();
    mosaic_event_builder_retry_count(b, 1001);
    expect_rejected(b, "retry_count");
}

static void test_utilization_bounds(void **state)
{
    (void)state;
    static const double bad[] = {-0.001, 1.001, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        mosaic_event_builder *b = test_builder();
        mosaic_event_builder_context(b, 0, 0, bad[i]);
        expect_rejected(b, "context_utilization_final");
    }
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_context(b, 0, 0, 1.0);
    expect_accepted(b);
}

/* ---- model ------------------------------------------------------------------------------- */

static void expect_model_rejected(const char *model)
{
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_model(b, model);
    expect_rejected(b, "model");
}

static void test_model_empty_rejected(void **state)
{
    (void)state;
    expect_model_rejected("");
}

static void test_model_101_chars_rejected(void **state)
{
    (void)state;
    char model[102];
    memset(model, 'm', 101);
    model[101] = '\0';
    expect_model_rejected(model);
    model[100] = '\0'; /* 100 is the maximum */
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_model(b, model);
    expect_accepted(b);
}

static void test_model_control_characters_rejected(void **state)
{
    (void)state;
    expect_model_rejected("claude\x01");
    expect_model_rejected("claude\tsonnet");
    expect_model_rejected("claude\nsonnet");
    expect_model_rejected("claude\x7f");
    expect_model_rejected("claude\xc2\x85"); /* U+0085, a C1 control */
}

static void test_model_invalid_utf8_rejected(void **state)
{
    (void)state;
    expect_model_rejected("claude\xff");
    expect_model_rejected("claude\xc3");         /* truncated sequence */
    expect_model_rejected("claude\xc0\xaf");     /* overlong '/' */
    expect_model_rejected("claude\xed\xa0\x80"); /* a surrogate */
}

static void test_model_100_multibyte_chars_accepted(void **state)
{
    (void)state;
    char two[201], four[401];
    for (int i = 0; i < 100; i++) {
        memcpy(two + 2 * i, "\xc3\xa9", 2);          /* é */
        memcpy(four + 4 * i, "\xf0\x9f\x98\x80", 4); /* U+1F600 */
    }
    two[200] = four[400] = '\0';
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_model(b, two);
    mosaic_event *e = expect_built(b);
    assert_string_equal(e->model, two);
    mosaic_event_free(e);
    b = test_builder();
    mosaic_event_builder_model(b, four);
    e = expect_built(b);
    assert_string_equal(e->model, four);
    mosaic_event_free(e);
}

static void test_model_101_multibyte_chars_rejected(void **state)
{
    (void)state;
    char two[203];
    for (int i = 0; i < 101; i++)
        memcpy(two + 2 * i, "\xc3\xa9", 2);
    two[202] = '\0';
    expect_model_rejected(two);
}

/* A builder is documented as reusable: one bad model string must not poison it for good. */
static void test_builder_recovers_after_overlong_model(void **state)
{
    (void)state;
    char huge[600];
    memset(huge, 'x', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_model(b, huge);
    char err[256] = "";
    mosaic_event *e = NULL;
    assert_int_equal(mosaic_event_builder_build(b, &e, err, sizeof err), MOSAIC_ERR_INVALID_EVENT);
    mosaic_event_builder_model(b, "claude-opus-4");
    e = expect_built(b);
    assert_string_equal(e->model, "claude-opus-4");
    mosaic_event_free(e);
}

/* The same for a language the builder refused: setting a good one (or NULL) must count. */
static void test_builder_recovers_after_empty_language(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_language(b, "");
    mosaic_event_builder_language(b, "rust");
    mosaic_event *e = expect_built(b);
    assert_string_equal(e->language, "rust");
    mosaic_event_free(e);
}

/* ---- language ---------------------------------------------------------------------------- */

static void expect_language_rejected(const char *language)
{
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_language(b, language);
    expect_rejected(b, "language");
}

static void expect_language_kept(const char *language)
{
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_language(b, language);
    mosaic_event *e = expect_built(b);
    assert_string_equal(e->language, language);
    mosaic_event_free(e);
}

static void test_language_uppercase_rejected(void **state)
{
    (void)state;
    expect_language_rejected("TypeScript");
}

static void test_language_33_chars_rejected(void **state)
{
    (void)state;
    expect_language_rejected("abcdefghijklmnopqrstuvwxyz0123456");
    expect_language_kept("abcdefghijklmnopqrstuvwxyz012345"); /* 32 */
}

static void test_language_empty_rejected(void **state)
{
    (void)state;
    expect_language_rejected("");
}

static void test_language_other_characters_rejected(void **state)
{
    (void)state;
    expect_language_rejected("type script");
    expect_language_rejected("rust/c");
}

static void test_language_symbols_accepted(void **state)
{
    (void)state;
    expect_language_kept("c++");
    expect_language_kept("c#");
    expect_language_kept("objective-c");
    expect_language_kept("f_sharp.net");
}

static void test_language_null_is_null(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_language(b, "go");
    mosaic_event_builder_language(b, NULL);
    mosaic_event *e = expect_built(b);
    assert_string_equal(e->language, "");
    char *json = mosaic_event_to_json(e);
    assert_non_null(strstr(json, "\"language\":null"));
    mosaic_free(json);
    mosaic_event_free(e);
}

/* ---- gates and enums --------------------------------------------------------------------- */

static void test_duplicate_gate_rejected(void **state)
{
    (void)state;
    static const mosaic_quality_gate run[] = {MOSAIC_QUALITY_GATE_BUILD, MOSAIC_QUALITY_GATE_LINT,
                                              MOSAIC_QUALITY_GATE_BUILD};
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_quality(b, true, run, 3, NULL, 0);
    expect_rejected(b, "quality_gates_run");
}

static void test_duplicate_failed_gate_rejected(void **state)
{
    (void)state;
    static const mosaic_quality_gate run[] = {MOSAIC_QUALITY_GATE_TEST};
    static const mosaic_quality_gate failed[] = {MOSAIC_QUALITY_GATE_TEST,
                                                 MOSAIC_QUALITY_GATE_TEST};
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_quality(b, false, run, 1, failed, 2);
    expect_rejected(b, "quality_gates_failed");
}

static void test_failed_gate_not_run_rejected(void **state)
{
    (void)state;
    static const mosaic_quality_gate run[] = {MOSAIC_QUALITY_GATE_BUILD};
    static const mosaic_quality_gate failed[] = {MOSAIC_QUALITY_GATE_TEST};
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_quality(b, false, run, 1, failed, 1);
    expect_rejected(b, "quality_gates_failed");
}

static void test_unknown_gate_rejected(void **state)
{
    (void)state;
    static const mosaic_quality_gate run[] = {(mosaic_quality_gate)99};
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_quality(b, true, run, 1, NULL, 0);
    expect_rejected(b, "quality_gates_run");
}

static void test_gates_recorded(void **state)
{
    (void)state;
    static const mosaic_quality_gate run[] = {MOSAIC_QUALITY_GATE_SECURITY,
                                              MOSAIC_QUALITY_GATE_BUILD};
    static const mosaic_quality_gate failed[] = {MOSAIC_QUALITY_GATE_SECURITY};
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_quality(b, false, run, 2, failed, 1);
    mosaic_event *e = expect_built(b);
    assert_int_equal(e->gates_run, (1u << MOSAIC_QUALITY_GATE_SECURITY) | 1u);
    assert_int_equal(e->gates_failed, 1u << MOSAIC_QUALITY_GATE_SECURITY);
    assert_false(e->quality_gate_passed);
    mosaic_event_free(e);
}

static void test_invalid_enum_values_rejected(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_task_type(b, (mosaic_task_type)99);
    expect_rejected(b, "task_type");
    b = test_builder();
    mosaic_event_builder_complexity(b, (mosaic_complexity)99);
    expect_rejected(b, "complexity");
    b = test_builder();
    mosaic_event_builder_harness(b, (mosaic_harness)-2);
    expect_rejected(b, "harness");
    b = test_builder();
    mosaic_event_builder_provider(b, (mosaic_provider)99);
    expect_rejected(b, "provider");
    b = test_builder();
    mosaic_event_builder_outcome(b, (mosaic_outcome)99);
    expect_rejected(b, "outcome");
    b = test_builder();
    mosaic_event_builder_repo_size(b, (mosaic_repo_size)99);
    expect_rejected(b, "repo_size_category");
}

/* ---- ids and time ------------------------------------------------------------------------ */

static void test_timestamp_more_than_24h_ahead_rejected(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_timestamp_ms(b, mt_realtime_ms() + 25 * HOUR_MS);
    expect_rejected(b, "timestamp");
}

static void test_timestamp_23h_ahead_accepted(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_timestamp_ms(b, mt_realtime_ms() + 23 * HOUR_MS);
    expect_accepted(b);
}

static void test_explicit_timestamp_formatted(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_timestamp_ms(b, 1771133345123LL);
    mosaic_event *e = expect_built(b);
    assert_string_equal(e->timestamp, "2026-02-15T05:29:05.123Z");
    mosaic_event_free(e);
}

static void test_event_id_is_lowercase_uuid_v4(void **state)
{
    (void)state;
    mosaic_event *e = expect_built(test_builder());
    const char *id = mosaic_event_id(e);
    assert_int_equal(strlen(id), 36);
    if (!matches(id, "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"))
        fail_msg("'%s' is not a lowercase UUID v4", id);
    mosaic_event_free(e);
}

static void test_event_ids_differ_between_builds(void **state)
{
    (void)state;
    mosaic_event_builder *b = test_builder();
    mosaic_event *first = test_build(b, NULL, 0);
    mosaic_event *second = test_build(b, NULL, 0);
    mosaic_event_builder_free(b);
    assert_non_null(first);
    assert_non_null(second);
    assert_string_not_equal(mosaic_event_id(first), mosaic_event_id(second));
    mosaic_event_free(first);
    mosaic_event_free(second);
}

static void test_timestamp_is_now_in_rfc3339_millis(void **state)
{
    (void)state;
    int64_t before = mt_realtime_ms();
    mosaic_event *e = expect_built(test_builder());
    int64_t after = mt_realtime_ms();
    if (!matches(e->timestamp,
                 "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$"))
        fail_msg("'%s' is not RFC 3339 UTC with milliseconds", e->timestamp);
    int64_t at = 0;
    assert_true(mt_parse_timestamp(e->timestamp, &at));
    assert_true(at >= before - 1000 && at <= after + 1000);
    mosaic_event_free(e);
}

/* ---- equal and clone --------------------------------------------------------------------- */

static void test_clone_equals_original(void **state)
{
    (void)state;
    mosaic_event *e = test_full_event();
    mosaic_event *copy = mosaic_event_clone(e);
    assert_non_null(copy);
    assert_ptr_not_equal(copy, e);
    assert_true(mosaic_event_equal(e, copy));
    assert_string_equal(mosaic_event_id(copy), mosaic_event_id(e));
    mosaic_event_free(e);
    assert_int_equal(copy->actual_output_tokens, 4000); /* still readable after the original */
    mosaic_event_free(copy);
    assert_null(mosaic_event_clone(NULL));
}

static void test_equal_detects_each_difference(void **state)
{
    (void)state;
    mosaic_event *e = test_full_event();
    mosaic_event *copy = mosaic_event_clone(e);
    copy->retry_count++;
    assert_false(mosaic_event_equal(e, copy));
    *copy = *e;
    copy->language[0] = 'j';
    assert_false(mosaic_event_equal(e, copy));
    *copy = *e;
    copy->gates_failed = 0;
    assert_false(mosaic_event_equal(e, copy));
    *copy = *e;
    copy->context_utilization_final = 0.73;
    assert_false(mosaic_event_equal(e, copy));
    *copy = *e;
    assert_true(mosaic_event_equal(e, copy));
    mosaic_event_free(e);
    mosaic_event_free(copy);
}

static void test_equal_differs_between_builds_and_handles_null(void **state)
{
    (void)state;
    mosaic_event *a = test_event(), *b = test_event();
    assert_false(mosaic_event_equal(a, b)); /* different ids */
    assert_false(mosaic_event_equal(a, NULL));
    assert_true(mosaic_event_equal(NULL, NULL));
    mosaic_event_free(a);
    mosaic_event_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builder_defaults),
        cmocka_unit_test(test_instance_id_required),
        cmocka_unit_test(test_instance_id_printable_up_to_64),
        cmocka_unit_test(test_model_required),
        cmocka_unit_test(test_complexity_required),
        cmocka_unit_test(test_outcome_required),
        cmocka_unit_test(test_build_null_arguments),
        cmocka_unit_test(test_duration_bounds),
        cmocka_unit_test(test_tokens_bounds),
        cmocka_unit_test(test_cost_bounds),
        cmocka_unit_test(test_context_counts_bounds),
        cmocka_unit_test(test_retry_count_bounds),
        cmocka_unit_test(test_utilization_bounds),
        cmocka_unit_test(test_model_empty_rejected),
        cmocka_unit_test(test_model_101_chars_rejected),
        cmocka_unit_test(test_model_control_characters_rejected),
        cmocka_unit_test(test_model_invalid_utf8_rejected),
        cmocka_unit_test(test_model_100_multibyte_chars_accepted),
        cmocka_unit_test(test_model_101_multibyte_chars_rejected),
        cmocka_unit_test(test_builder_recovers_after_overlong_model),
        cmocka_unit_test(test_builder_recovers_after_empty_language),
        cmocka_unit_test(test_language_uppercase_rejected),
        cmocka_unit_test(test_language_33_chars_rejected),
        cmocka_unit_test(test_language_empty_rejected),
        cmocka_unit_test(test_language_other_characters_rejected),
        cmocka_unit_test(test_language_symbols_accepted),
        cmocka_unit_test(test_language_null_is_null),
        cmocka_unit_test(test_duplicate_gate_rejected),
        cmocka_unit_test(test_duplicate_failed_gate_rejected),
        cmocka_unit_test(test_failed_gate_not_run_rejected),
        cmocka_unit_test(test_unknown_gate_rejected),
        cmocka_unit_test(test_gates_recorded),
        cmocka_unit_test(test_invalid_enum_values_rejected),
        cmocka_unit_test(test_timestamp_more_than_24h_ahead_rejected),
        cmocka_unit_test(test_timestamp_23h_ahead_accepted),
        cmocka_unit_test(test_explicit_timestamp_formatted),
        cmocka_unit_test(test_event_id_is_lowercase_uuid_v4),
        cmocka_unit_test(test_event_ids_differ_between_builds),
        cmocka_unit_test(test_timestamp_is_now_in_rfc3339_millis),
        cmocka_unit_test(test_clone_equals_original),
        cmocka_unit_test(test_equal_detects_each_difference),
        cmocka_unit_test(test_equal_differs_between_builds_and_handles_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
