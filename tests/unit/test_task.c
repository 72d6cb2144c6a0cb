/* The task lifecycle: every field task_end fills, checked against figures computed by hand from
 * data/prices.json (claude-sonnet-4-5: input $3, output $15, 5-minute cache write $3.75, cache
 * read $0.30 per million tokens, above 200k input $6; claude-haiku-4-5: $1 in, $5 out). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "event.h"
#include "task.h"

#define INSTANCE "12345678-1234-4234-8234-123456789abc"

static bool fixed_estimate(const mosaic_prediction_query *query, mt_estimate *out, void *user)
{
    mosaic_prediction_query *seen = user;
    *seen = *query;
    *out = (mt_estimate){1000, 2000, 3000};
    return true;
}

/* Ends the task at started + elapsed_ms and returns its event (the task is not freed). */
static mosaic_event *end_task(mosaic_task *task, mosaic_outcome outcome, int64_t elapsed_ms,
                              mosaic_prediction_query *seen)
{
    mosaic_event *event = NULL;
    char err[256] = "";
    assert_int_equal(mt_task_build_event(task, outcome, INSTANCE, task->started_ms + elapsed_ms,
                                         seen ? fixed_estimate : NULL, seen, &event, err,
                                         sizeof err),
                     MOSAIC_OK);
    return event;
}

static void every_field_is_filled_from_the_hooks(void **state)
{
    (void)state;
    mosaic_task_info info = {.struct_size = sizeof info,
                             .given = MOSAIC_TASK_INFO_HARNESS,
                             .harness = MOSAIC_HARNESS_CLAUDE_CODE,
                             .model = "claude-sonnet-4-5-20250929"};
    mosaic_task *task = mt_task_begin(&info, NULL, 0);
    assert_non_null(task);
    mt_task_prompt(task, "fix the crash when saving a file");
    mt_task_tokens(task, 1000, 200, 3000, 40000); /* 3000 + 3000 + 11250 + 12000 = 29 250 */
    mt_task_tokens(task, 500, 100, 0, 44000);     /* 1500 + 1500 + 13200 = 16 200 */
    mt_task_model(task, "claude-haiku-4-5");
    mt_task_tokens(task, 100, 50, 0, 0); /* 100 + 250 = 350 */
    mt_task_gate(task, MOSAIC_QUALITY_GATE_TEST, false);
    mt_task_gate(task, MOSAIC_QUALITY_GATE_TEST, true);
    mt_task_gate(task, MOSAIC_QUALITY_GATE_LINT, false);
    mt_task_compaction(task);
    mt_task_compaction(task);
    mt_task_rotation(task);
    mt_task_retry(task);
    mt_task_context(task, 150000);
    mt_task_file(task, "src/a.py");
    mt_task_file(task, "src/b.py");
    mt_task_file(task, "src/a.py"); /* the same file twice counts once */
    mt_task_file(task, "web/x.ts");

    mosaic_prediction_query seen;
    mosaic_event *e = end_task(task, MOSAIC_OUTCOME_PARTIAL, 1234, &seen);
    assert_int_equal(e->duration_ms, 1234);
    assert_string_equal(e->model, "claude-sonnet-4-5-20250929"); /* most output tokens */
    assert_int_equal(e->provider, MOSAIC_PROVIDER_ANTHROPIC);
    assert_int_equal(e->harness, MOSAIC_HARNESS_CLAUDE_CODE);
    assert_int_equal(e->task_type, MOSAIC_TASK_TYPE_DEBUGGING);
    assert_int_equal(e->actual_input_tokens, 1000 + 3000 + 40000 + 500 + 44000 + 100);
    assert_int_equal(e->actual_output_tokens, 350);
    assert_int_equal(e->actual_cost_usd_micros, 29250 + 16200 + 350);
    assert_int_equal(e->estimated_input_tokens, 1000);
    assert_int_equal(e->estimated_output_tokens, 2000);
    assert_int_equal(e->estimated_cost_usd_micros, 3000);
    assert_int_equal(seen.task_type, MOSAIC_TASK_TYPE_DEBUGGING);
    assert_string_equal(seen.model, "claude-sonnet-4-5-20250929");
    assert_int_equal(seen.complexity, MOSAIC_COMPLEXITY_MEDIUM); /* 88 950 tokens >= 50 000 */
    assert_int_equal(e->complexity, MOSAIC_COMPLEXITY_MEDIUM);
    assert_int_equal(e->gates_run,
                     (1u << MOSAIC_QUALITY_GATE_TEST) | (1u << MOSAIC_QUALITY_GATE_LINT));
    assert_int_equal(e->gates_failed, 1u << MOSAIC_QUALITY_GATE_LINT);
    assert_false(e->quality_gate_passed);
    assert_int_equal(e->context_compactions, 2);
    assert_int_equal(e->context_rotations, 1);
    assert_int_equal(e->retry_count, 1);
    assert_true(e->context_utilization_final == 0.75); /* 150 000 of a 200 000 window */
    assert_string_equal(e->language, "python");
    assert_int_equal(e->outcome, MOSAIC_OUTCOME_PARTIAL);
    assert_int_equal(e->repo_size, MT_REPO_SIZE_NULL);
    mosaic_event_free(e);
    mt_task_free(task);
}

static void a_long_context_call_is_priced_at_its_tier(void **state)
{
    (void)state;
    mosaic_task_info info = {.struct_size = sizeof info, .model = "claude-sonnet-4-5"};
    mosaic_task *task = mt_task_begin(&info, NULL, 0);
    mt_task_tokens(task, 250000, 0, 0, 0); /* 200 000 x $3 + 50 000 x $6 per million */
    mosaic_event *e = end_task(task, MOSAIC_OUTCOME_SUCCESS, 0, NULL);
    assert_int_equal(e->actual_cost_usd_micros, 600000 + 300000);
    mosaic_event_free(e);
    mt_task_free(task);
}

static void a_reported_cost_wins_and_an_unknown_model_costs_nothing(void **state)
{
    (void)state;
    mosaic_task *task = mt_task_begin(NULL, NULL, 0);
    mt_task_model(task, "claude-sonnet-4-5");
    mt_task_tokens(task, 1000, 1000, 0, 0);
    mt_task_cost(task, 777);
    mosaic_event *e = end_task(task, MOSAIC_OUTCOME_SUCCESS, 0, NULL);
    assert_int_equal(e->actual_cost_usd_micros, 777);
    mosaic_event_free(e);
    mt_task_free(task);

    task = mt_task_begin(NULL, NULL, 0);
    mt_task_model(task, "totally-new-model-x");
    mt_task_tokens(task, 1000, 1000, 0, 0);
    e = end_task(task, MOSAIC_OUTCOME_SUCCESS, 0, NULL);
    assert_int_equal(e->actual_cost_usd_micros, 0);
    assert_int_equal(e->provider, MOSAIC_PROVIDER_UNKNOWN);
    assert_true(e->context_utilization_final == 0.0); /* no window known */
    mosaic_event_free(e);
    mt_task_free(task);
}

static void usage_before_the_model_is_priced_with_the_tasks_model(void **state)
{
    (void)state;
    mosaic_task *task = mt_task_begin(NULL, NULL, 0);
    mt_task_tokens(task, 1000000, 0, 0, 0); /* no model yet */
    mt_task_model(task, "claude-haiku-4-5");
    mosaic_event *e = end_task(task, MOSAIC_OUTCOME_SUCCESS, 0, NULL);
    assert_int_equal(e->actual_cost_usd_micros, 1000000); /* 1M x $1 per million */
    assert_string_equal(e->model, "claude-haiku-4-5");
    mosaic_event_free(e);
    mt_task_free(task);
}

static void nothing_reported_still_makes_a_valid_event(void **state)
{
    (void)state;
    mosaic_task *task = mt_task_begin(NULL, NULL, 0);
    mosaic_event *e = end_task(task, MOSAIC_OUTCOME_CANCELLED, 5, NULL);
    assert_string_equal(e->model, "unknown");
    assert_int_equal(e->task_type, MOSAIC_TASK_TYPE_UNKNOWN);
    assert_int_equal(e->complexity, MOSAIC_COMPLEXITY_LOW);
    assert_true(e->quality_gate_passed); /* no gate failed */
    assert_int_equal(e->language[0], '\0');
    mosaic_event_free(e);
    mt_task_free(task);
}

static void complexity_follows_the_documented_thresholds(void **state)
{
    (void)state;
    struct {
        uint64_t tokens;
        int files;
        int64_t duration_ms;
        mosaic_complexity expected;
    } rows[] = {
        {49999, 3, 599999, MOSAIC_COMPLEXITY_LOW}, {50000, 0, 0, MOSAIC_COMPLEXITY_MEDIUM},
        {0, 4, 0, MOSAIC_COMPLEXITY_MEDIUM},       {0, 0, 600000, MOSAIC_COMPLEXITY_MEDIUM},
        {500000, 0, 0, MOSAIC_COMPLEXITY_HIGH},    {0, 15, 0, MOSAIC_COMPLEXITY_HIGH},
        {0, 0, 3600000, MOSAIC_COMPLEXITY_HIGH},   {2000000, 0, 0, MOSAIC_COMPLEXITY_CRITICAL},
        {0, 50, 0, MOSAIC_COMPLEXITY_CRITICAL},    {0, 0, 4 * 3600000, MOSAIC_COMPLEXITY_CRITICAL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        mosaic_task *task = mt_task_begin(NULL, NULL, 0);
        mt_task_tokens(task, rows[i].tokens, 0, 0, 0);
        for (int f = 0; f < rows[i].files; f++) {
            char path[32];
            snprintf(path, sizeof path, "f%d.c", f);
            mt_task_file(task, path);
        }
        mosaic_event *e = end_task(task, MOSAIC_OUTCOME_SUCCESS, rows[i].duration_ms, NULL);
        if (e->complexity != (int)rows[i].expected)
            fail_msg("row %zu: complexity %d, expected %d", i, e->complexity, rows[i].expected);
        mosaic_event_free(e);
        mt_task_free(task);
    }
}

static void figures_beyond_the_schema_are_clamped(void **state)
{
    (void)state;
    mosaic_task *task = mt_task_begin(NULL, NULL, 0);
    mt_task_model(task, "claude-haiku-4-5");
    mt_task_tokens(task, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX); /* saturates */
    mt_task_context(task, 10000000);
    mosaic_event *e = end_task(task, MOSAIC_OUTCOME_SUCCESS, 200LL * 3600 * 1000, NULL);
    assert_int_equal(e->duration_ms, MT_DURATION_MAX);
    assert_int_equal(e->actual_input_tokens, MT_TOKENS_MAX);
    assert_int_equal(e->actual_output_tokens, MT_TOKENS_MAX);
    assert_int_equal(e->actual_cost_usd_micros, MT_COST_MAX);
    assert_true(e->context_utilization_final == 1.0);
    mosaic_event_free(e);
    mt_task_free(task);
}

static void bad_input_is_ignored_and_named(void **state)
{
    (void)state;
    char err[200] = "";
    mosaic_task_info info = {.struct_size = sizeof info,
                             .given = MOSAIC_TASK_INFO_HARNESS,
                             .harness = (mosaic_harness)99,
                             .language = "Rust"};
    mosaic_task *task = mt_task_begin(&info, err, sizeof err);
    assert_non_null(task);
    assert_non_null(strstr(err, "task_info."));
    assert_false(mt_task_model(task, "bad\nmodel"));
    mt_task_file(task, "lib.rs");
    mosaic_event *e = end_task(task, MOSAIC_OUTCOME_SUCCESS, 0, NULL);
    assert_int_equal(e->harness, MOSAIC_HARNESS_UNKNOWN);
    assert_string_equal(e->language, "rust"); /* from the file, not the refused "Rust" */
    assert_string_equal(e->model, "unknown");
    mosaic_event_free(e);
    mt_task_free(task);
}

static void an_older_info_is_read_and_a_newer_one_checked(void **state)
{
    (void)state;
    struct {
        mosaic_task_info v1;
        uint32_t future;
    } newer;
    memset(&newer, 0, sizeof newer);
    newer.v1.struct_size = sizeof newer;
    newer.v1.given = MOSAIC_TASK_INFO_COMPLEXITY;
    newer.v1.complexity = MOSAIC_COMPLEXITY_HIGH;
    mosaic_task *task = mt_task_begin(&newer.v1, NULL, 0);
    assert_non_null(task);
    assert_int_equal(task->info.complexity, MOSAIC_COMPLEXITY_HIGH);
    mt_task_free(task);
    newer.future = 1;
    assert_null(mt_task_begin(&newer.v1, NULL, 0));

    mosaic_task_info older = {.struct_size = offsetof(mosaic_task_info, model),
                              .given = MOSAIC_TASK_INFO_PROVIDER,
                              .provider = MOSAIC_PROVIDER_XAI,
                              .model = "grok-4"}; /* beyond the older size: not read */
    task = mt_task_begin(&older, NULL, 0);
    assert_int_equal(task->info.provider, MOSAIC_PROVIDER_XAI);
    assert_int_equal(task->model_count, 0);
    mt_task_free(task);
    older.struct_size = 4; /* too small to hold even `given` */
    assert_null(mt_task_begin(&older, NULL, 0));
}

/* {.harness = MOSAIC_HARNESS_CUSTOM} without the bit: a natural mistake, taken as given and
 * named once; a zero member (claude_code) without its bit still counts as not given. */
static void a_set_member_without_its_bit_is_taken_as_given(void **state)
{
    (void)state;
    char err[200] = "";
    mosaic_task_info info = {.struct_size = sizeof info,
                             .harness = MOSAIC_HARNESS_CUSTOM,
                             .complexity = MOSAIC_COMPLEXITY_LOW};
    mosaic_task *task = mt_task_begin(&info, err, sizeof err);
    assert_non_null(strstr(err, "task_info.harness is set but its MOSAIC_TASK_INFO_ bit"));
    mosaic_event *e = end_task(task, MOSAIC_OUTCOME_SUCCESS, 0, NULL);
    assert_int_equal(e->harness, MOSAIC_HARNESS_CUSTOM);
    mosaic_event_free(e);
    mt_task_free(task);
    err[0] = '\0';
    task = mt_task_begin(&info, err, sizeof err);
    assert_string_equal(err, ""); /* once a process */
    assert_int_equal(task->info.given, MOSAIC_TASK_INFO_HARNESS);
    mt_task_free(task);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_field_is_filled_from_the_hooks),
        cmocka_unit_test(a_long_context_call_is_priced_at_its_tier),
        cmocka_unit_test(a_reported_cost_wins_and_an_unknown_model_costs_nothing),
        cmocka_unit_test(usage_before_the_model_is_priced_with_the_tasks_model),
        cmocka_unit_test(nothing_reported_still_makes_a_valid_event),
        cmocka_unit_test(complexity_follows_the_documented_thresholds),
        cmocka_unit_test(figures_beyond_the_schema_are_clamped),
        cmocka_unit_test(bad_input_is_ignored_and_named),
        cmocka_unit_test(an_older_info_is_read_and_a_newer_one_checked),
        cmocka_unit_test(a_set_member_without_its_bit_is_taken_as_given),
    };
    return cmocka_run_group_tests_name("unit/task", tests, NULL, NULL);
}
