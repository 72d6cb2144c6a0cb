#include "events.h"

#include <stdio.h>
#include <stdlib.h>

mosaic_event_builder *test_builder(void)
{
    mosaic_event_builder *b = mosaic_event_builder_new(TEST_INSTANCE_ID);
    if (!b)
        abort();
    mosaic_event_builder_model(b, "claude-sonnet-4-5-20250929");
    mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_MEDIUM);
    mosaic_event_builder_outcome(b, MOSAIC_OUTCOME_SUCCESS);
    return b;
}

mosaic_event *test_build(mosaic_event_builder *b, char *err, size_t errlen)
{
    mosaic_event *e = NULL;
    if (mosaic_event_builder_build(b, &e, err, errlen) != MOSAIC_OK)
        return NULL;
    return e;
}

static mosaic_event *build_or_die(mosaic_event_builder *b)
{
    char err[256] = "";
    mosaic_event *e = test_build(b, err, sizeof err);
    mosaic_event_builder_free(b);
    if (!e) {
        fprintf(stderr, "test helper: build failed: %s\n", err);
        abort();
    }
    return e;
}

mosaic_event *test_event(void)
{
    return build_or_die(test_builder());
}

mosaic_event *test_full_event(void)
{
    static const mosaic_quality_gate run[] = {MOSAIC_QUALITY_GATE_BUILD, MOSAIC_QUALITY_GATE_LINT,
                                              MOSAIC_QUALITY_GATE_TEST};
    static const mosaic_quality_gate failed[] = {MOSAIC_QUALITY_GATE_LINT};
    mosaic_event_builder *b = test_builder();
    mosaic_event_builder_task_type(b, MOSAIC_TASK_TYPE_CODE_REVIEW);
    mosaic_event_builder_provider(b, MOSAIC_PROVIDER_ANTHROPIC);
    mosaic_event_builder_harness(b, MOSAIC_HARNESS_CLAUDE_CODE);
    mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_HIGH);
    mosaic_event_builder_outcome(b, MOSAIC_OUTCOME_PARTIAL);
    mosaic_event_builder_duration_ms(b, 123456);
    mosaic_event_builder_tokens(b, 1000, 2000, 3000, 4000);
    mosaic_event_builder_cost(b, 5000, 6000);
    mosaic_event_builder_quality(b, false, run, 3, failed, 1);
    mosaic_event_builder_context(b, 2, 1, 0.72);
    mosaic_event_builder_language(b, "typescript");
    mosaic_event_builder_repo_size(b, MOSAIC_REPO_SIZE_LARGE);
    mosaic_event_builder_retry_count(b, 3);
    return build_or_die(b);
}
