/* Enum wire strings (docs/protocol.md, "Enums") and status strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "mosaic/telemetry.h"

/* For every enum: str(v) is the wire string docs/protocol.md lists for each member in enum order,
 * parse(str(v)) gives v back, one past the last member has no string, and -1 has none either. */
#define ENUM_TESTS(type, prefix, last, ...)                                                        \
    static const char *const prefix##_expected[] = {__VA_ARGS__};                                  \
    static void test_##prefix##_wire_strings_match_spec(void **state)                              \
    {                                                                                              \
        (void)state;                                                                               \
        size_t n = sizeof prefix##_expected / sizeof *prefix##_expected;                           \
        assert_int_equal((size_t)(last) + 1, n);                                                   \
        for (size_t v = 0; v < n; v++)                                                             \
            assert_string_equal(prefix##_str((type)v), prefix##_expected[v]);                      \
    }                                                                                              \
    static void test_##prefix##_round_trip(void **state)                                           \
    {                                                                                              \
        (void)state;                                                                               \
        for (int v = 0; v <= (int)(last); v++) {                                                   \
            type out = (type)-1;                                                                   \
            assert_int_equal(prefix##_parse(prefix##_str((type)v), &out), MOSAIC_OK);              \
            assert_int_equal(out, v);                                                              \
        }                                                                                          \
    }                                                                                              \
    static void test_##prefix##_out_of_range_is_null(void **state)                                 \
    {                                                                                              \
        (void)state;                                                                               \
        assert_null(prefix##_str((type)((int)(last) + 1)));                                        \
        assert_null(prefix##_str((type)-1));                                                       \
        assert_null(prefix##_str((type)99));                                                       \
    }

ENUM_TESTS(mosaic_task_type, mosaic_task_type, MOSAIC_TASK_TYPE_UNKNOWN, "planning", "architecture",
           "implementation", "code_review", "testing", "debugging", "refactoring", "documentation",
           "configuration", "security_audit", "unknown")
ENUM_TESTS(mosaic_complexity, mosaic_complexity, MOSAIC_COMPLEXITY_CRITICAL, "low", "medium",
           "high", "critical")
ENUM_TESTS(mosaic_harness, mosaic_harness, MOSAIC_HARNESS_UNKNOWN, "claude_code", "codex",
           "gemini_cli", "cursor", "cline", "aider", "opencode", "goose", "copilot_cli", "amp",
           "kilo_code", "api_direct", "custom", "unknown")
ENUM_TESTS(mosaic_provider, mosaic_provider, MOSAIC_PROVIDER_UNKNOWN, "anthropic", "openai",
           "google", "mistral", "deepseek", "xai", "openrouter", "ollama", "custom", "unknown")
ENUM_TESTS(mosaic_outcome, mosaic_outcome, MOSAIC_OUTCOME_CANCELLED, "success", "failure",
           "partial", "timeout", "cancelled")
ENUM_TESTS(mosaic_quality_gate, mosaic_quality_gate, MOSAIC_QUALITY_GATE_SECURITY, "build", "lint",
           "test", "typecheck", "format", "coverage", "security")
ENUM_TESTS(mosaic_repo_size, mosaic_repo_size, MOSAIC_REPO_SIZE_HUGE, "tiny", "small", "medium",
           "large", "huge")
ENUM_TESTS(mosaic_confidence, mosaic_confidence, MOSAIC_CONFIDENCE_HIGH, "none", "low", "medium",
           "high")
ENUM_TESTS(mosaic_log_level, mosaic_log_level, MOSAIC_LOG_OFF, "debug", "info", "warn", "error",
           "off")

static void test_sample_wire_strings(void **state)
{
    (void)state;
    assert_string_equal(mosaic_task_type_str(MOSAIC_TASK_TYPE_CODE_REVIEW), "code_review");
    assert_string_equal(mosaic_harness_str(MOSAIC_HARNESS_CLAUDE_CODE), "claude_code");
    assert_string_equal(mosaic_harness_str(MOSAIC_HARNESS_API_DIRECT), "api_direct");
    assert_string_equal(mosaic_task_type_str(MOSAIC_TASK_TYPE_SECURITY_AUDIT), "security_audit");
    assert_string_equal(mosaic_quality_gate_str(MOSAIC_QUALITY_GATE_TYPECHECK), "typecheck");
}

static void test_unknown_strings_are_refused(void **state)
{
    (void)state;
    mosaic_task_type task = MOSAIC_TASK_TYPE_TESTING;
    assert_int_equal(mosaic_task_type_parse("CODE_REVIEW", &task), MOSAIC_ERR_UNKNOWN_VALUE);
    assert_int_equal(mosaic_task_type_parse("code-review", &task), MOSAIC_ERR_UNKNOWN_VALUE);
    assert_int_equal(mosaic_task_type_parse("", &task), MOSAIC_ERR_UNKNOWN_VALUE);
    assert_int_equal(task, MOSAIC_TASK_TYPE_TESTING); /* untouched on failure */
    mosaic_harness harness;
    assert_int_equal(mosaic_harness_parse("claude code", &harness), MOSAIC_ERR_UNKNOWN_VALUE);
    mosaic_complexity complexity;
    assert_int_equal(mosaic_complexity_parse("medium ", &complexity), MOSAIC_ERR_UNKNOWN_VALUE);
    mosaic_confidence confidence;
    assert_int_equal(mosaic_confidence_parse("certain", &confidence), MOSAIC_ERR_UNKNOWN_VALUE);
}

static void test_null_text_is_refused(void **state)
{
    (void)state;
    mosaic_task_type task;
    mosaic_provider provider;
    mosaic_outcome outcome;
    mosaic_log_level level;
    assert_int_equal(mosaic_task_type_parse(NULL, &task), MOSAIC_ERR_UNKNOWN_VALUE);
    assert_int_equal(mosaic_provider_parse(NULL, &provider), MOSAIC_ERR_UNKNOWN_VALUE);
    assert_int_equal(mosaic_outcome_parse(NULL, &outcome), MOSAIC_ERR_UNKNOWN_VALUE);
    assert_int_equal(mosaic_log_level_parse(NULL, &level), MOSAIC_ERR_UNKNOWN_VALUE);
}

static const mosaic_status ALL_STATUSES[] = {
    MOSAIC_OK,
    MOSAIC_ERR_INVALID_ARGUMENT,
    MOSAIC_ERR_INVALID_CONFIG,
    MOSAIC_ERR_INVALID_EVENT,
    MOSAIC_ERR_NO_MEMORY,
    MOSAIC_ERR_TIMEOUT,
    MOSAIC_ERR_DISABLED,
    MOSAIC_ERR_NETWORK,
    MOSAIC_ERR_HTTP,
    MOSAIC_ERR_PARSE,
    MOSAIC_ERR_UNKNOWN_VALUE,
    MOSAIC_ERR_PENDING,
    MOSAIC_ERR_STOPPED,
    MOSAIC_ERR_SYSTEM,
};
#define STATUS_COUNT (sizeof ALL_STATUSES / sizeof *ALL_STATUSES)

static void test_status_strings_non_empty_and_distinct(void **state)
{
    (void)state;
    for (size_t i = 0; i < STATUS_COUNT; i++) {
        const char *text = mosaic_status_str(ALL_STATUSES[i]);
        assert_non_null(text);
        assert_true(strlen(text) > 0);
        assert_string_not_equal(text, mosaic_status_str((mosaic_status)-99));
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(text, mosaic_status_str(ALL_STATUSES[j]));
    }
    assert_string_equal(mosaic_status_str(MOSAIC_OK), "ok");
    assert_string_equal(mosaic_status_str(MOSAIC_ERR_TIMEOUT), "timeout");
}

static void test_version_matches_header(void **state)
{
    (void)state;
    assert_string_equal(mosaic_version(), MOSAIC_VERSION);
}

#define ENUM_CASES(prefix)                                                                         \
    cmocka_unit_test(test_##prefix##_wire_strings_match_spec),                                     \
        cmocka_unit_test(test_##prefix##_round_trip),                                              \
        cmocka_unit_test(test_##prefix##_out_of_range_is_null)

int main(void)
{
    const struct CMUnitTest tests[] = {
        ENUM_CASES(mosaic_task_type),
        ENUM_CASES(mosaic_complexity),
        ENUM_CASES(mosaic_harness),
        ENUM_CASES(mosaic_provider),
        ENUM_CASES(mosaic_outcome),
        ENUM_CASES(mosaic_quality_gate),
        ENUM_CASES(mosaic_repo_size),
        ENUM_CASES(mosaic_confidence),
        ENUM_CASES(mosaic_log_level),
        cmocka_unit_test(test_sample_wire_strings),
        cmocka_unit_test(test_unknown_strings_are_refused),
        cmocka_unit_test(test_null_text_is_refused),
        cmocka_unit_test(test_status_strings_non_empty_and_distinct),
        cmocka_unit_test(test_version_matches_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
