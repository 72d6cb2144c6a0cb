/* One prediction result (docs/protocol.md, "Predictions"): reading it, writing it, and the
 * accessors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "prediction.h"

#define QUERY                                                                                      \
    "\"query\":{\"task_type\":\"implementation\",\"model\":\"claude-sonnet-4-5-20250929\","        \
    "\"provider\":\"anthropic\",\"complexity\":\"medium\"}"

#define FULL_PREDICTION                                                                            \
    "{\"input_tokens\":{\"p10\":100,\"p25\":250.5,\"median\":300,\"p75\":400,\"p90\":500},"        \
    "\"output_tokens\":{\"p10\":10,\"p25\":20,\"median\":30,\"p75\":40,\"p90\":50},"               \
    "\"cost_usd_micros\":{\"p10\":1000,\"p25\":2000,\"median\":3000,\"p75\":4000,\"p90\":5000},"   \
    "\"duration_ms\":{\"p10\":60000,\"p25\":70000,\"median\":80000,\"p75\":90000,\"p90\":99000},"  \
    "\"correction_factors\":{\"input\":1.07,\"output\":0.86},"                                     \
    "\"quality\":{\"gate_pass_rate\":0.87,\"success_rate\":0.91}}"

#define FULL_METADATA                                                                              \
    "{\"sample_size\":1523,\"fallback_level\":1,\"confidence\":\"high\","                          \
    "\"last_updated\":\"2026-02-15T05:00:00.000Z\",\"cache_hit\":true}"

#define FULL_RESULT "{" QUERY ",\"prediction\":" FULL_PREDICTION ",\"metadata\":" FULL_METADATA "}"

#define EMPTY_RESULT                                                                               \
    "{" QUERY ",\"prediction\":null,\"metadata\":{\"sample_size\":0,\"fallback_level\":0,"         \
    "\"confidence\":\"none\",\"last_updated\":null,\"cache_hit\":false}}"

static mosaic_prediction *new_prediction(void)
{
    mosaic_prediction *p = calloc(1, sizeof *p);
    assert_non_null(p);
    p->task_type = MOSAIC_TASK_TYPE_IMPLEMENTATION;
    p->provider = MOSAIC_PROVIDER_ANTHROPIC;
    p->complexity = MOSAIC_COMPLEXITY_MEDIUM;
    strcpy(p->model, "claude-sonnet-4-5-20250929");
    return p;
}

/* Reads `text` into a new prediction; fails the test if that does not succeed. */
static mosaic_prediction *read_ok(const char *text)
{
    json_object *root = json_tokener_parse(text);
    if (!root)
        fail_msg("test JSON does not parse: %s", text);
    mosaic_prediction *p = new_prediction();
    char err[256] = "";
    bool ok = mt_prediction_from_result(root, p, err, sizeof err);
    json_object_put(root);
    if (!ok)
        fail_msg("refused: %s", err);
    return p;
}

/* Reading `text` fails with a message that contains `needle`. */
static void expect_refused(const char *text, const char *needle)
{
    json_object *root = json_tokener_parse(text);
    assert_non_null(root);
    mosaic_prediction *p = new_prediction();
    char err[256] = "";
    bool ok = mt_prediction_from_result(root, p, err, sizeof err);
    json_object_put(root);
    free(p);
    if (ok)
        fail_msg("accepted: %s", text);
    if (!strstr(err, needle))
        fail_msg("error '%s' does not contain '%s'", err, needle);
}

static void expect_distribution(mosaic_distribution d, double p10, double p25, double median,
                                double p75, double p90)
{
    assert_float_equal(d.p10, p10, 0.0);
    assert_float_equal(d.p25, p25, 0.0);
    assert_float_equal(d.median, median, 0.0);
    assert_float_equal(d.p75, p75, 0.0);
    assert_float_equal(d.p90, p90, 0.0);
}

static void expect_full_figures(const mosaic_prediction *p)
{
    assert_true(mosaic_prediction_has_data(p));
    expect_distribution(mosaic_prediction_input_tokens(p), 100, 250.5, 300, 400, 500);
    expect_distribution(mosaic_prediction_output_tokens(p), 10, 20, 30, 40, 50);
    expect_distribution(mosaic_prediction_cost_usd_micros(p), 1000, 2000, 3000, 4000, 5000);
    expect_distribution(mosaic_prediction_duration_ms(p), 60000, 70000, 80000, 90000, 99000);
    assert_float_equal(mosaic_prediction_correction_input(p), 1.07, 0.0);
    assert_float_equal(mosaic_prediction_correction_output(p), 0.86, 0.0);
    assert_float_equal(mosaic_prediction_gate_pass_rate(p), 0.87, 0.0);
    assert_float_equal(mosaic_prediction_success_rate(p), 0.91, 0.0);
    assert_int_equal(mosaic_prediction_sample_size(p), 1523);
    assert_int_equal(mosaic_prediction_fallback_level(p), 1);
    assert_int_equal(mosaic_prediction_confidence(p), MOSAIC_CONFIDENCE_HIGH);
    assert_string_equal(mosaic_prediction_last_updated(p), "2026-02-15T05:00:00.000Z");
}

/* ---- reading ----------------------------------------------------------------------------- */

static void test_full_result_every_accessor(void **state)
{
    (void)state;
    mosaic_prediction *p = read_ok(FULL_RESULT);
    expect_full_figures(p);
    assert_true(p->cache_hit);
    mosaic_prediction_free(p);
}

static void test_null_prediction_has_no_data(void **state)
{
    (void)state;
    mosaic_prediction *p = read_ok(EMPTY_RESULT);
    assert_false(mosaic_prediction_has_data(p));
    assert_int_equal(mosaic_prediction_confidence(p), MOSAIC_CONFIDENCE_NONE);
    assert_int_equal(mosaic_prediction_sample_size(p), 0);
    expect_distribution(mosaic_prediction_input_tokens(p), 0, 0, 0, 0, 0);
    expect_distribution(mosaic_prediction_duration_ms(p), 0, 0, 0, 0, 0);
    assert_string_equal(mosaic_prediction_last_updated(p), "");
    mosaic_prediction_free(p);
}

static void test_missing_correction_factors_default_to_one(void **state)
{
    (void)state;
    mosaic_prediction *p = read_ok(
        "{\"prediction\":{\"input_tokens\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
        "\"output_tokens\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
        "\"cost_usd_micros\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
        "\"duration_ms\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
        "\"quality\":{\"gate_pass_rate\":0.5,\"success_rate\":0.25}},"
        "\"metadata\":{\"sample_size\":3,\"fallback_level\":2,\"confidence\":\"low\"}}");
    assert_float_equal(mosaic_prediction_correction_input(p), 1.0, 0.0);
    assert_float_equal(mosaic_prediction_correction_output(p), 1.0, 0.0);
    assert_int_equal(mosaic_prediction_fallback_level(p), 2);
    assert_int_equal(mosaic_prediction_confidence(p), MOSAIC_CONFIDENCE_LOW);
    mosaic_prediction_free(p);
}

static void test_missing_metadata_refused(void **state)
{
    (void)state;
    expect_refused("{" QUERY ",\"prediction\":" FULL_PREDICTION "}", "metadata");
}

static void test_missing_prediction_refused(void **state)
{
    (void)state;
    expect_refused("{" QUERY ",\"metadata\":" FULL_METADATA "}", "prediction");
}

static void test_bad_confidence_refused(void **state)
{
    (void)state;
    expect_refused("{\"prediction\":null,\"metadata\":{\"sample_size\":0,\"fallback_level\":0,"
                   "\"confidence\":\"certain\"}}",
                   "confidence");
    expect_refused("{\"prediction\":null,\"metadata\":{\"sample_size\":0,\"fallback_level\":0,"
                   "\"confidence\":3}}",
                   "confidence");
    expect_refused("{\"prediction\":null,\"metadata\":{\"sample_size\":0}}", "confidence");
}

static void test_negative_sample_size_refused(void **state)
{
    (void)state;
    expect_refused(
        "{\"prediction\":null,\"metadata\":{\"sample_size\":-1,\"confidence\":\"none\"}}",
        "sample_size");
}

/* Numbers a uint64_t / int cannot hold must be refused, not converted (undefined behaviour). */
static void test_metadata_numbers_out_of_range_refused(void **state)
{
    (void)state;
    expect_refused("{\"prediction\":null,\"metadata\":{\"sample_size\":1e30,"
                   "\"fallback_level\":0,\"confidence\":\"none\"}}",
                   "sample_size");
    expect_refused("{\"prediction\":null,\"metadata\":{\"sample_size\":5,"
                   "\"fallback_level\":1e12,\"confidence\":\"none\"}}",
                   "fallback_level");
}

static void test_incomplete_distribution_refused(void **state)
{
    (void)state;
    expect_refused("{\"prediction\":{\"input_tokens\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4},"
                   "\"output_tokens\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
                   "\"cost_usd_micros\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
                   "\"duration_ms\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
                   "\"quality\":{\"gate_pass_rate\":0.5,\"success_rate\":0.25}},"
                   "\"metadata\":" FULL_METADATA "}",
                   "input_tokens");
}

static void test_string_percentile_refused(void **state)
{
    (void)state;
    expect_refused(
        "{\"prediction\":{\"input_tokens\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
        "\"output_tokens\":{\"p10\":1,\"p25\":2,\"median\":\"3\",\"p75\":4,\"p90\":5},"
        "\"cost_usd_micros\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
        "\"duration_ms\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
        "\"quality\":{\"gate_pass_rate\":0.5,\"success_rate\":0.25}},"
        "\"metadata\":" FULL_METADATA "}",
        "output_tokens");
}

static void test_missing_quality_refused(void **state)
{
    (void)state;
    expect_refused(
        "{\"prediction\":{\"input_tokens\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
        "\"output_tokens\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
        "\"cost_usd_micros\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5},"
        "\"duration_ms\":{\"p10\":1,\"p25\":2,\"median\":3,\"p75\":4,\"p90\":5}},"
        "\"metadata\":" FULL_METADATA "}",
        "quality");
}

static void test_non_object_result_refused(void **state)
{
    (void)state;
    expect_refused("[1,2]", "result");
    mosaic_prediction p = {0};
    char err[128] = "";
    assert_false(mt_prediction_from_result(NULL, &p, err, sizeof err));
    assert_non_null(strstr(err, "result"));
}

/* ---- writing ----------------------------------------------------------------------------- */

static void test_to_json_reads_back_same_figures(void **state)
{
    (void)state;
    mosaic_prediction *p = read_ok(FULL_RESULT);
    char *json = mosaic_prediction_to_json(p);
    assert_non_null(json);
    mosaic_prediction *back = read_ok(json);
    expect_full_figures(back);
    assert_true(back->cache_hit);
    mosaic_free(json);
    mosaic_prediction_free(back);
    mosaic_prediction_free(p);
}

static void test_to_json_carries_query(void **state)
{
    (void)state;
    mosaic_prediction *p = read_ok(FULL_RESULT);
    char *json = mosaic_prediction_to_json(p);
    json_object *root = json_tokener_parse(json), *query = NULL, *value = NULL;
    assert_true(json_object_object_get_ex(root, "query", &query));
    assert_true(json_object_object_get_ex(query, "task_type", &value));
    assert_string_equal(json_object_get_string(value), "implementation");
    assert_true(json_object_object_get_ex(query, "model", &value));
    assert_string_equal(json_object_get_string(value), "claude-sonnet-4-5-20250929");
    assert_true(json_object_object_get_ex(query, "provider", &value));
    assert_string_equal(json_object_get_string(value), "anthropic");
    assert_true(json_object_object_get_ex(query, "complexity", &value));
    assert_string_equal(json_object_get_string(value), "medium");
    json_object_put(root);
    mosaic_free(json);
    mosaic_prediction_free(p);
}

static void test_to_json_of_no_data_has_null_prediction(void **state)
{
    (void)state;
    mosaic_prediction *p = read_ok(EMPTY_RESULT);
    char *json = mosaic_prediction_to_json(p);
    json_object *root = json_tokener_parse(json), *prediction = (json_object *)1, *meta = NULL,
                *confidence = NULL;
    assert_true(json_object_object_get_ex(root, "prediction", &prediction));
    assert_null(prediction);
    assert_true(json_object_object_get_ex(root, "metadata", &meta));
    assert_true(json_object_object_get_ex(meta, "confidence", &confidence));
    assert_string_equal(json_object_get_string(confidence), "none");
    mosaic_prediction *back = read_ok(json);
    assert_false(mosaic_prediction_has_data(back));
    json_object_put(root);
    mosaic_free(json);
    mosaic_prediction_free(back);
    mosaic_prediction_free(p);
}

static void test_accessors_on_null(void **state)
{
    (void)state;
    assert_false(mosaic_prediction_has_data(NULL));
    expect_distribution(mosaic_prediction_input_tokens(NULL), 0, 0, 0, 0, 0);
    expect_distribution(mosaic_prediction_output_tokens(NULL), 0, 0, 0, 0, 0);
    expect_distribution(mosaic_prediction_cost_usd_micros(NULL), 0, 0, 0, 0, 0);
    expect_distribution(mosaic_prediction_duration_ms(NULL), 0, 0, 0, 0, 0);
    assert_float_equal(mosaic_prediction_correction_input(NULL), 0.0, 0.0);
    assert_float_equal(mosaic_prediction_correction_output(NULL), 0.0, 0.0);
    assert_float_equal(mosaic_prediction_gate_pass_rate(NULL), 0.0, 0.0);
    assert_float_equal(mosaic_prediction_success_rate(NULL), 0.0, 0.0);
    assert_int_equal(mosaic_prediction_sample_size(NULL), 0);
    assert_int_equal(mosaic_prediction_fallback_level(NULL), 0);
    assert_int_equal(mosaic_prediction_confidence(NULL), MOSAIC_CONFIDENCE_NONE);
    assert_non_null(mosaic_prediction_last_updated(NULL));
    assert_string_equal(mosaic_prediction_last_updated(NULL), "");
    assert_null(mosaic_prediction_to_json(NULL));
    mosaic_prediction_free(NULL);
}

static void test_query_to_object(void **state)
{
    (void)state;
    json_object *q = mt_query_to_object(MOSAIC_TASK_TYPE_CODE_REVIEW, "gpt-5",
                                        MOSAIC_PROVIDER_OPENAI, MOSAIC_COMPLEXITY_LOW);
    assert_string_equal(json_object_to_json_string_ext(q, JSON_C_TO_STRING_PLAIN),
                        "{\"task_type\":\"code_review\",\"model\":\"gpt-5\","
                        "\"provider\":\"openai\",\"complexity\":\"low\"}");
    json_object_put(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_result_every_accessor),
        cmocka_unit_test(test_null_prediction_has_no_data),
        cmocka_unit_test(test_missing_correction_factors_default_to_one),
        cmocka_unit_test(test_missing_metadata_refused),
        cmocka_unit_test(test_missing_prediction_refused),
        cmocka_unit_test(test_bad_confidence_refused),
        cmocka_unit_test(test_negative_sample_size_refused),
        cmocka_unit_test(test_metadata_numbers_out_of_range_refused),
        cmocka_unit_test(test_incomplete_distribution_refused),
        cmocka_unit_test(test_string_percentile_refused),
        cmocka_unit_test(test_missing_quality_refused),
        cmocka_unit_test(test_non_object_result_refused),
        cmocka_unit_test(test_to_json_reads_back_same_figures),
        cmocka_unit_test(test_to_json_carries_query),
        cmocka_unit_test(test_to_json_of_no_data_has_null_prediction),
        cmocka_unit_test(test_accessors_on_null),
        cmocka_unit_test(test_query_to_object),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
