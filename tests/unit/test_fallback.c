/* Which fields a server's refusal names (fallback.h), and what their fallbacks are. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "events.h"
#include "fallback.h"

static mosaic_event plain(void)
{
    mosaic_event *built = test_event();
    mosaic_event e = *built;
    mosaic_event_free(built);
    e.outcome = MOSAIC_OUTCOME_SUCCESS;
    e.harness = MOSAIC_HARNESS_CLAUDE_CODE;
    e.task_type = MOSAIC_TASK_TYPE_DEBUGGING;
    e.complexity = MOSAIC_COMPLEXITY_LOW;
    e.gates_run = e.gates_failed = 0;
    e.repo_size = MT_REPO_SIZE_NULL;
    return e;
}

static void a_field_is_named_by_its_name_or_its_value_as_a_word(void **state)
{
    (void)state;
    mosaic_event e = plain();
    assert_int_equal(mt_fallback_fields(&e, "complexity: not accepted"), MT_FALLBACK_COMPLEXITY);
    assert_int_equal(mt_fallback_fields(&e, "unknown value 'low'"), MT_FALLBACK_COMPLEXITY);
    assert_int_equal(mt_fallback_fields(&e, "model: must be lowercase"), 0); /* not "low" */
    assert_int_equal(mt_fallback_fields(&e, "harness: bad"), MT_FALLBACK_HARNESS);
    assert_int_equal(mt_fallback_fields(&e, "task_type: bad"), MT_FALLBACK_TASK_TYPE);
    assert_int_equal(mt_fallback_fields(&e, NULL), 0);
    assert_int_equal(mt_fallback_fields(&e, "repo_size_category: bad"), 0); /* null already */
}

static void a_documented_member_has_nothing_to_fall_back_to(void **state)
{
    (void)state;
    mosaic_event e = plain();
    e.complexity = MOSAIC_COMPLEXITY_MEDIUM;
    assert_int_equal(mt_fallback_fields(&e, "complexity: not accepted"), 0);
    assert_int_equal(mt_fallback_fields(&e, "outcome: not accepted"), 0); /* success */
}

static void our_outcome_and_gates_go_along_with_any_named_field(void **state)
{
    (void)state;
    mosaic_event e = plain();
    e.outcome = MOSAIC_OUTCOME_CANCELLED;
    e.gates_run = 1u << MOSAIC_QUALITY_GATE_COVERAGE;
    assert_int_equal(mt_fallback_fields(&e, "quality_gates_run: 'coverage'"),
                     MT_FALLBACK_GATES | MT_FALLBACK_OUTCOME);
    assert_int_equal(mt_fallback_fields(&e, "model: too long"), 0);
    char what[200];
    mt_fallback_apply(&e, MT_FALLBACK_GATES | MT_FALLBACK_OUTCOME, what, sizeof what);
    assert_string_equal(what, "outcome cancelled -> failure, quality_gates coverage -> test");
    assert_int_equal(e.outcome, MOSAIC_OUTCOME_FAILURE);
    assert_int_equal(e.gates_run, 1u << MOSAIC_QUALITY_GATE_TEST);
}

static void custom_then_unknown(void **state)
{
    (void)state;
    mosaic_event e = plain();
    e.provider = MOSAIC_PROVIDER_OLLAMA;
    char what[200];
    mt_fallback_apply(&e, mt_fallback_fields(&e, "provider: bad"), what, sizeof what);
    assert_int_equal(e.provider, MOSAIC_PROVIDER_CUSTOM);
    mt_fallback_apply(&e, mt_fallback_fields(&e, "provider: bad"), what, sizeof what);
    assert_int_equal(e.provider, MOSAIC_PROVIDER_UNKNOWN);
    assert_int_equal(mt_fallback_fields(&e, "provider: bad"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_field_is_named_by_its_name_or_its_value_as_a_word),
        cmocka_unit_test(a_documented_member_has_nothing_to_fall_back_to),
        cmocka_unit_test(our_outcome_and_gates_go_along_with_any_named_field),
        cmocka_unit_test(custom_then_unknown),
    };
    return cmocka_run_group_tests_name("unit/fallback", tests, NULL, NULL);
}
