/* bench_serialize: events per second through mosaic_event_builder_build + mosaic_event_to_json
 * (and the frees) for a fully populated event, and through each step alone. Baseline in the same
 * run: snprintf of the same JSON fields by hand into a stack buffer (no JSON library, no
 * allocation), the ceiling of any serializer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

#define FLOOR_EVENTS_PER_S 200000.0

typedef struct ctx {
    mosaic_event_builder *builder;
    mosaic_event *event;
    unsigned long counter;
    size_t bytes; /* summed output sizes, so that no call's result goes unused */
} ctx;

static void build_and_serialize(void *arg)
{
    ctx *c = arg;
    mosaic_event *event = NULL;
    if (mosaic_event_builder_build(c->builder, &event, NULL, 0) != MOSAIC_OK)
        abort(); /* the builder is valid; a failure here is a library bug */
    char *json = mosaic_event_to_json(event);
    c->bytes += json ? strlen(json) : 0;
    mosaic_free(json);
    mosaic_event_free(event);
}

static void build_only(void *arg)
{
    ctx *c = arg;
    mosaic_event *event = NULL;
    if (mosaic_event_builder_build(c->builder, &event, NULL, 0) != MOSAIC_OK)
        abort();
    c->bytes += mosaic_event_id(event)[0] != '\0';
    mosaic_event_free(event);
}

static void serialize_only(void *arg)
{
    ctx *c = arg;
    char *json = mosaic_event_to_json(c->event);
    c->bytes += json ? strlen(json) : 0;
    mosaic_free(json);
}

/* The same fields and similar values as the library's output, written by hand. */
static void hand_snprintf(void *arg)
{
    ctx *c = arg;
    char out[1024];
    int n = snprintf(
        out, sizeof out,
        "{\"event_id\":\"%s\",\"instance_id\":\"%s\",\"schema_version\":\"1.0\","
        "\"timestamp\":\"2026-02-15T05:29:05.123Z\",\"task_duration_ms\":%lu,"
        "\"task_type\":\"implementation\",\"complexity\":\"high\",\"harness\":\"claude_code\","
        "\"model\":\"claude-sonnet-4-5-20250929\",\"provider\":\"anthropic\","
        "\"estimated_input_tokens\":%d,\"estimated_output_tokens\":%d,"
        "\"actual_input_tokens\":%d,\"actual_output_tokens\":%d,"
        "\"estimated_cost_usd_micros\":%d,\"actual_cost_usd_micros\":%d,"
        "\"quality_gate_passed\":false,"
        "\"quality_gates_run\":[\"build\",\"lint\",\"test\",\"typecheck\",\"format\"],"
        "\"quality_gates_failed\":[\"test\"],\"context_compactions\":%d,"
        "\"context_rotations\":%d,\"context_utilization_final\":%g,\"outcome\":\"partial\","
        "\"retry_count\":%d,\"language\":\"typescript\",\"repo_size_category\":\"medium\"}",
        mosaic_event_id(c->event), BENCH_INSTANCE_ID, 183250 + c->counter++, 105000, 45000, 118342,
        39871, 630000, 952113, 2, 1, 0.72, 1);
    c->bytes += (size_t)n;
}

static double measure(const char *name, void (*fn)(void *), ctx *c, double seconds,
                      const char *what)
{
    double rate = bench_rate(fn, c, seconds);
    bench_report(name, rate, "events/s", "%s, %.1f s", what, seconds);
    return rate;
}

int main(void)
{
    double seconds = bench_quick() ? 0.4 : 2.0;
    ctx c = {.builder = bench_full_builder(), .event = bench_full_event()};
    if (!c.builder || !c.event)
        return 1;
    char *sample = mosaic_event_to_json(c.event);
    size_t json_len = sample ? strlen(sample) : 0;
    mosaic_free(sample);

    double both = measure("serialize_build_and_json", build_and_serialize, &c, seconds,
                          "build + to_json + frees, fully populated event");
    double build = measure("serialize_build_only", build_only, &c, seconds, "build + free");
    double json = measure("serialize_json_only", serialize_only, &c, seconds,
                          "to_json + free of one built event");
    double hand = measure("serialize_baseline_snprintf", hand_snprintf, &c, seconds,
                          "hand-written snprintf of the same fields, stack buffer");
    bench_report("serialize_json_only_vs_snprintf", json / hand, "x",
                 "to_json rate over snprintf rate, %zu-byte JSON", json_len);
    bench_report("serialize_build_and_json_vs_snprintf", both / hand, "x",
                 "build+to_json rate over snprintf rate");
    bench_report("serialize_build_and_json_vs_build_only", both / build, "x",
                 "build+to_json rate over build-only rate (1.00: JSON costs nothing)");
    bench_report("serialize_build_and_json_vs_floor", both / FLOOR_EVENTS_PER_S, "x",
                 "floor %.0f events/s; >= 1.00 meets it", FLOOR_EVENTS_PER_S);
    mosaic_event_free(c.event);
    mosaic_event_builder_free(c.builder);
    return 0;
}
