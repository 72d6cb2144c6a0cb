/* From a task's record to its event: every field derived from what the hooks reported, by the
 * rules of docs/abi.md. Figures beyond the schema's ranges are clamped to them rather than
 * losing the event. */
#include <string.h>

#include "classify.h"
#include "task.h"

/* docs/abi.md, "How task_end fills the event": the complexity of the first row any figure
 * reaches. */
static const struct {
    mosaic_complexity complexity;
    uint64_t tokens, files, duration_ms;
} COMPLEXITY_RULES[] = {
    {MOSAIC_COMPLEXITY_CRITICAL, 2000000, 50, 4 * 3600 * 1000},
    {MOSAIC_COMPLEXITY_HIGH, 500000, 15, 3600 * 1000},
    {MOSAIC_COMPLEXITY_MEDIUM, 50000, 4, 10 * 60 * 1000},
};

static mosaic_complexity derived_complexity(const mosaic_task *task, uint64_t duration_ms)
{
    uint64_t tokens = task->input_tokens + task->output_tokens;
    for (size_t i = 0; i < sizeof COMPLEXITY_RULES / sizeof *COMPLEXITY_RULES; i++) {
        if (tokens >= COMPLEXITY_RULES[i].tokens ||
            task->files_touched >= COMPLEXITY_RULES[i].files ||
            duration_ms >= COMPLEXITY_RULES[i].duration_ms)
            return COMPLEXITY_RULES[i].complexity;
    }
    return MOSAIC_COMPLEXITY_LOW;
}

/* The model with the most output tokens (the first reported on a tie); "unknown" when none. */
static const char *main_model(const mosaic_task *task)
{
    const mt_model_use *best = NULL;
    for (size_t i = 0; i < task->model_count; i++)
        if (!best || task->models[i].output_tokens > best->output_tokens)
            best = &task->models[i];
    return best ? best->name : "unknown";
}

/* The most frequent language among touched files (the first seen on a tie), or the given one. */
static const char *main_language(const mosaic_task *task)
{
    if (task->language_given[0])
        return task->language_given;
    const mt_language_count *best = NULL;
    for (size_t i = 0; i < task->language_count; i++)
        if (!best || task->languages[i].files > best->files)
            best = &task->languages[i];
    return best ? best->language : NULL;
}

static uint64_t clamp(uint64_t value, uint64_t max)
{
    return value < max ? value : max;
}

static uint64_t actual_cost(const mosaic_task *task, const mt_price *price)
{
    if (task->cost_reported)
        return task->reported_cost_micros;
    uint64_t cost = task->computed_cost_micros;
    if (price) /* usage reported before the model was known, priced at the task's model */
        cost += mt_cost_micros(price, &task->unpriced);
    return cost;
}

static double utilization(const mosaic_task *task, const mt_price *price)
{
    uint64_t window = task->info.context_window;
    if (!window && price)
        window = price->context_window;
    if (!window)
        return 0.0;
    double used = (double)task->context_used / (double)window;
    return used > 1.0 ? 1.0 : used;
}

typedef struct dimensions {
    mosaic_task_type task_type;
    mosaic_provider provider;
    mosaic_complexity complexity;
    const char *model;
} dimensions;

static dimensions task_dimensions(const mosaic_task *task, uint64_t duration_ms)
{
    const mosaic_task_info *info = &task->info;
    dimensions d;
    d.model = main_model(task);
    d.task_type =
        info->given & MOSAIC_TASK_INFO_TASK_TYPE ? info->task_type : MOSAIC_TASK_TYPE_UNKNOWN;
    d.provider =
        info->given & MOSAIC_TASK_INFO_PROVIDER ? info->provider : mt_provider_for_model(d.model);
    d.complexity = info->given & MOSAIC_TASK_INFO_COMPLEXITY
                       ? info->complexity
                       : derived_complexity(task, duration_ms);
    return d;
}

static void fill_quality_and_context(mosaic_event_builder *b, const mosaic_task *task,
                                     const mt_price *price)
{
    mosaic_quality_gate run[8], failed[8];
    size_t n_run = 0, n_failed = 0;
    for (unsigned gate = 0; gate < 8; gate++) {
        if (task->gates_run & (1u << gate))
            run[n_run++] = (mosaic_quality_gate)gate;
        if (task->gates_failed & (1u << gate))
            failed[n_failed++] = (mosaic_quality_gate)gate;
    }
    mosaic_event_builder_quality(b, n_failed == 0, run, n_run, failed, n_failed);
    mosaic_event_builder_context(b, (uint32_t)clamp(task->compactions, MT_CONTEXT_COUNT_MAX),
                                 (uint32_t)clamp(task->rotations, MT_CONTEXT_COUNT_MAX),
                                 utilization(task, price));
    mosaic_event_builder_retry_count(b, (uint32_t)clamp(task->retries, MT_RETRY_COUNT_MAX));
}

static void fill_figures(mosaic_event_builder *b, const mosaic_task *task, const mt_price *price,
                         const mt_estimate *estimate)
{
    mosaic_event_builder_tokens(b, clamp(estimate->input_tokens, MT_TOKENS_MAX),
                                clamp(estimate->output_tokens, MT_TOKENS_MAX),
                                clamp(task->input_tokens, MT_TOKENS_MAX),
                                clamp(task->output_tokens, MT_TOKENS_MAX));
    mosaic_event_builder_cost(b, clamp(estimate->cost_micros, MT_COST_MAX),
                              clamp(actual_cost(task, price), MT_COST_MAX));
}

mosaic_status mt_task_build_event(mosaic_task *task, mosaic_outcome outcome,
                                  const char *instance_id, int64_t now_ms, mt_estimate_fn estimate,
                                  void *estimate_user, mosaic_event **out, char *err, size_t errlen)
{
    pthread_mutex_lock(&task->lock);
    uint64_t duration_ms = now_ms > task->started_ms ? (uint64_t)(now_ms - task->started_ms) : 0;
    dimensions d = task_dimensions(task, duration_ms);
    /* No model reported: nothing to price, and no warning about a model called "unknown". */
    const mt_price *price = task->model_count ? mt_price_lookup(mt_prices(), d.model) : NULL;
    mt_estimate guess = {0};
    mosaic_prediction_query query = {d.task_type, d.model, d.provider, d.complexity};
    if (estimate && !estimate(&query, &guess, estimate_user))
        guess = (mt_estimate){0};

    mosaic_event_builder *b = mosaic_event_builder_new(instance_id);
    mosaic_status status = MOSAIC_ERR_NO_MEMORY;
    if (b) {
        mosaic_event_builder_task_type(b, d.task_type);
        mosaic_event_builder_model(b, d.model);
        mosaic_event_builder_provider(b, d.provider);
        if (task->info.given & MOSAIC_TASK_INFO_HARNESS)
            mosaic_event_builder_harness(b, task->info.harness);
        mosaic_event_builder_complexity(b, d.complexity);
        mosaic_event_builder_outcome(b, outcome);
        mosaic_event_builder_duration_ms(b, clamp(duration_ms, MT_DURATION_MAX));
        fill_figures(b, task, price, &guess);
        fill_quality_and_context(b, task, price);
        mosaic_event_builder_language(b, main_language(task));
        status = mosaic_event_builder_build(b, out, err, errlen);
        mosaic_event_builder_free(b);
    }
    pthread_mutex_unlock(&task->lock);
    return status;
}
