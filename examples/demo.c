/*
 * demo: the C version of the Python SDK's Quick Start. Reads MOSAIC_TELEMETRY_* from the
 * environment, tracks a few task events, flushes them, then asks for a prediction and prints it.
 * With MOSAIC_TELEMETRY_DRY_RUN=true it sends nothing and logs each batch instead.
 */
#include <mosaic/telemetry.h>
#include <stdio.h>
#include <stdlib.h>

#define EVENTS 25

static mosaic_event *build_event(const char *instance_id, int i)
{
    static const mosaic_quality_gate run[] = {MOSAIC_QUALITY_GATE_BUILD, MOSAIC_QUALITY_GATE_LINT,
                                              MOSAIC_QUALITY_GATE_TEST};
    static const mosaic_quality_gate failed[] = {MOSAIC_QUALITY_GATE_TEST};
    bool passed = i % 5 != 0; /* every fifth task fails its tests */
    mosaic_event_builder *b = mosaic_event_builder_new(instance_id);
    mosaic_event_builder_task_type(b, MOSAIC_TASK_TYPE_IMPLEMENTATION);
    mosaic_event_builder_model(b, "claude-sonnet-4-5-20250929");
    mosaic_event_builder_provider(b, MOSAIC_PROVIDER_ANTHROPIC);
    mosaic_event_builder_harness(b, MOSAIC_HARNESS_CLAUDE_CODE);
    mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_MEDIUM);
    mosaic_event_builder_outcome(b, passed ? MOSAIC_OUTCOME_SUCCESS : MOSAIC_OUTCOME_PARTIAL);
    mosaic_event_builder_duration_ms(b, 30000 + 1000 * (uint64_t)i);
    mosaic_event_builder_tokens(b, 105000, 45000, 100000 + 500 * (uint64_t)i,
                                38000 + 200 * (uint64_t)i);
    mosaic_event_builder_cost(b, 630000, 900000 + 5000 * (uint64_t)i); /* micro-USD */
    mosaic_event_builder_quality(b, passed, run, 3, failed, passed ? 0 : 1);
    mosaic_event_builder_context(b, 2, 0, 0.72);
    mosaic_event_builder_language(b, "typescript");
    mosaic_event *event = NULL;
    char err[256];
    if (mosaic_event_builder_build(b, &event, err, sizeof err) != MOSAIC_OK)
        fprintf(stderr, "demo: event not built: %s\n", err);
    mosaic_event_builder_free(b);
    return event;
}

static void print_prediction(const mosaic_prediction *p)
{
    if (!p) {
        printf("no prediction cached\n");
        return;
    }
    if (!mosaic_prediction_has_data(p)) {
        printf("the server has no data for this task yet (confidence none)\n");
        return;
    }
    mosaic_distribution in = mosaic_prediction_input_tokens(p);
    mosaic_distribution cost = mosaic_prediction_cost_usd_micros(p);
    printf("prediction for implementation / claude-sonnet-4-5 / medium:\n");
    printf("  median input tokens   %.0f (p10 %.0f, p90 %.0f)\n", in.median, in.p10, in.p90);
    printf("  median cost           $%.4f\n", cost.median / 1e6);
    printf("  quality gate pass rate %.0f%%\n", 100 * mosaic_prediction_gate_pass_rate(p));
    printf("  sample size %llu, confidence %s, fallback level %d\n",
           (unsigned long long)mosaic_prediction_sample_size(p),
           mosaic_confidence_str(mosaic_prediction_confidence(p)),
           mosaic_prediction_fallback_level(p));
}

int main(void)
{
    char err[256];
    mosaic_config *config = mosaic_config_new(); /* defaults, then MOSAIC_TELEMETRY_* */
    mosaic_client *client = NULL;
    if (mosaic_client_new(config, &client, err, sizeof err) != MOSAIC_OK) {
        fprintf(stderr, "demo: %s\n", err);
        mosaic_config_free(config);
        return 2;
    }
    mosaic_client_start(client);
    for (int i = 0; i < EVENTS; i++) {
        mosaic_event *event = build_event(mosaic_config_get_instance_id(config), i);
        mosaic_client_track(client, event); /* copies; never blocks */
        mosaic_event_free(event);
    }
    mosaic_status flushed = mosaic_client_flush(client, 10000);
    mosaic_stats stats = {.struct_size = sizeof stats};
    mosaic_client_get_stats(client, &stats);
    printf(
        "tracked %llu events: %llu accepted, %llu duplicates, %llu rejected, %llu dry run (%s)\n",
        (unsigned long long)stats.tracked, (unsigned long long)stats.accepted,
        (unsigned long long)stats.duplicates, (unsigned long long)stats.rejected,
        (unsigned long long)stats.dry_run, mosaic_status_str(flushed));

    mosaic_prediction_query query = {MOSAIC_TASK_TYPE_IMPLEMENTATION, "claude-sonnet-4-5-20250929",
                                     MOSAIC_PROVIDER_ANTHROPIC, MOSAIC_COMPLEXITY_MEDIUM};
    if (!mosaic_config_get_dry_run(config)) {
        mosaic_status refreshed = mosaic_client_refresh_predictions(client, &query, 1);
        if (refreshed != MOSAIC_OK)
            printf("prediction refresh: %s\n", mosaic_status_str(refreshed));
        mosaic_prediction *prediction = mosaic_client_get_prediction(client, &query);
        print_prediction(prediction);
        mosaic_prediction_free(prediction);
    }
    mosaic_status stopped = mosaic_client_stop(client, 5000);
    mosaic_client_free(client);
    mosaic_config_free(config);
    return flushed == MOSAIC_OK && stopped == MOSAIC_OK ? 0 : 1;
}
