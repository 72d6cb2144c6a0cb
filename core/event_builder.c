/* The event builder: collects fields, then build() fills ids and time and checks every rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "event.h"

/* The setters whose input the draft may be unable to hold. */
typedef enum setter {
    SETTER_INSTANCE_ID,
    SETTER_MODEL,
    SETTER_LANGUAGE,
    SETTER_QUALITY,
    SETTER_COUNT
} setter;

struct mosaic_event_builder {
    mosaic_event draft;
    int64_t timestamp_ms; /* 0: at build */
    bool has_instance_id, has_model, has_complexity, has_outcome;
    /* Why a setter's last input could not be kept ("" when it was); reported by build, and
     * cleared when that setter is called again, so one bad value does not spoil the builder. */
    char pending[SETTER_COUNT][160];
};

/* Copies text into a fixed field, or records why it does not fit. */
static void copy_field(mosaic_event_builder *b, setter which, const char *field, char *dst,
                       size_t cap, const char *text, size_t max_chars)
{
    size_t len = strlen(text);
    if (len >= cap) {
        snprintf(b->pending[which], sizeof b->pending[which],
                 "%s: must be at most %zu characters, got %zu bytes", field, max_chars, len);
        return;
    }
    memcpy(dst, text, len + 1);
}

MOSAIC_API mosaic_event_builder *mosaic_event_builder_new(const char *instance_id)
{
    mosaic_event_builder *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->draft.task_type = MOSAIC_TASK_TYPE_UNKNOWN;
    b->draft.harness = MOSAIC_HARNESS_UNKNOWN;
    b->draft.provider = MOSAIC_PROVIDER_UNKNOWN;
    b->draft.repo_size = MT_REPO_SIZE_NULL;
    b->draft.quality_gate_passed = true;
    if (instance_id) {
        copy_field(b, SETTER_INSTANCE_ID, "instance_id", b->draft.instance_id,
                   sizeof b->draft.instance_id, instance_id, MT_INSTANCE_ID_MAX);
        b->has_instance_id = true;
    }
    return b;
}

MOSAIC_API void mosaic_event_builder_free(mosaic_event_builder *b)
{
    free(b);
}

MOSAIC_API void mosaic_event_builder_task_type(mosaic_event_builder *b, mosaic_task_type v)
{
    if (b)
        b->draft.task_type = (int)v;
}

MOSAIC_API void mosaic_event_builder_model(mosaic_event_builder *b, const char *model)
{
    if (!b)
        return;
    b->has_model = model != NULL;
    b->draft.model[0] = '\0';
    b->pending[SETTER_MODEL][0] = '\0';
    if (model)
        copy_field(b, SETTER_MODEL, "model", b->draft.model, sizeof b->draft.model, model,
                   MT_MODEL_MAX_CHARS);
}

MOSAIC_API void mosaic_event_builder_provider(mosaic_event_builder *b, mosaic_provider v)
{
    if (b)
        b->draft.provider = (int)v;
}

MOSAIC_API void mosaic_event_builder_harness(mosaic_event_builder *b, mosaic_harness v)
{
    if (b)
        b->draft.harness = (int)v;
}

MOSAIC_API void mosaic_event_builder_complexity(mosaic_event_builder *b, mosaic_complexity v)
{
    if (!b)
        return;
    b->draft.complexity = (int)v;
    b->has_complexity = true;
}

MOSAIC_API void mosaic_event_builder_outcome(mosaic_event_builder *b, mosaic_outcome v)
{
    if (!b)
        return;
    b->draft.outcome = (int)v;
    b->has_outcome = true;
}

MOSAIC_API void mosaic_event_builder_duration_ms(mosaic_event_builder *b, uint64_t ms)
{
    if (b)
        b->draft.duration_ms = ms;
}

MOSAIC_API void mosaic_event_builder_tokens(mosaic_event_builder *b, uint64_t estimated_in,
                                            uint64_t estimated_out, uint64_t actual_in,
                                            uint64_t actual_out)
{
    if (!b)
        return;
    b->draft.estimated_input_tokens = estimated_in;
    b->draft.estimated_output_tokens = estimated_out;
    b->draft.actual_input_tokens = actual_in;
    b->draft.actual_output_tokens = actual_out;
}

MOSAIC_API void mosaic_event_builder_cost(mosaic_event_builder *b, uint64_t estimated_micros,
                                          uint64_t actual_micros)
{
    if (!b)
        return;
    b->draft.estimated_cost_usd_micros = estimated_micros;
    b->draft.actual_cost_usd_micros = actual_micros;
}

MOSAIC_API void mosaic_event_builder_quality(mosaic_event_builder *b, bool passed,
                                             const mosaic_quality_gate *gates_run, size_t n_run,
                                             const mosaic_quality_gate *gates_failed,
                                             size_t n_failed)
{
    if (!b)
        return;
    char *error = b->pending[SETTER_QUALITY];
    error[0] = '\0';
    b->draft.quality_gate_passed = passed;
    if (!mt_gates_to_mask("quality_gates_run", gates_run, gates_run ? n_run : 0,
                          &b->draft.gates_run, error, sizeof b->pending[SETTER_QUALITY]) ||
        !mt_gates_to_mask("quality_gates_failed", gates_failed, gates_failed ? n_failed : 0,
                          &b->draft.gates_failed, error, sizeof b->pending[SETTER_QUALITY]))
        b->draft.gates_run = b->draft.gates_failed = 0;
}

MOSAIC_API void mosaic_event_builder_context(mosaic_event_builder *b, uint32_t compactions,
                                             uint32_t rotations, double utilization)
{
    if (!b)
        return;
    b->draft.context_compactions = compactions;
    b->draft.context_rotations = rotations;
    b->draft.context_utilization_final = utilization;
}

MOSAIC_API void mosaic_event_builder_language(mosaic_event_builder *b, const char *language)
{
    if (!b)
        return;
    b->draft.language[0] = '\0';
    b->pending[SETTER_LANGUAGE][0] = '\0';
    if (language && !*language)
        snprintf(b->pending[SETTER_LANGUAGE], sizeof b->pending[SETTER_LANGUAGE],
                 "language: must be 1 to 32 characters of [a-z0-9+#._-] or NULL, got ''");
    else if (language)
        copy_field(b, SETTER_LANGUAGE, "language", b->draft.language, sizeof b->draft.language,
                   language, MT_LANGUAGE_MAX);
}

MOSAIC_API void mosaic_event_builder_repo_size(mosaic_event_builder *b, mosaic_repo_size v)
{
    if (b)
        b->draft.repo_size = (int)v;
}

MOSAIC_API void mosaic_event_builder_retry_count(mosaic_event_builder *b, uint32_t retries)
{
    if (b)
        b->draft.retry_count = retries;
}

MOSAIC_API void mosaic_event_builder_timestamp_ms(mosaic_event_builder *b, int64_t unix_ms)
{
    if (b)
        b->timestamp_ms = unix_ms;
}

static bool check_required(const mosaic_event_builder *b, char *err, size_t errlen)
{
    for (int which = 0; which < SETTER_COUNT; which++) {
        if (b->pending[which][0]) {
            mt_set_error(err, errlen, "%s", b->pending[which]);
            return false;
        }
    }
    const char *missing = !b->has_instance_id  ? "instance_id"
                          : !b->has_model      ? "model"
                          : !b->has_complexity ? "complexity"
                          : !b->has_outcome    ? "outcome"
                                               : NULL;
    if (missing)
        mt_set_error(err, errlen, "%s: required, not set", missing);
    return missing == NULL;
}

MOSAIC_API mosaic_status mosaic_event_builder_build(mosaic_event_builder *b, mosaic_event **out,
                                                    char *err, size_t errlen)
{
    if (!b || !out) {
        mt_set_error(err, errlen, "builder: builder and out must not be NULL");
        return MOSAIC_ERR_INVALID_ARGUMENT;
    }
    *out = NULL;
    if (!check_required(b, err, errlen))
        return MOSAIC_ERR_INVALID_EVENT;
    mosaic_event *event = malloc(sizeof *event);
    if (!event) {
        mt_set_error(err, errlen, "out of memory");
        return MOSAIC_ERR_NO_MEMORY;
    }
    *event = b->draft;
    int64_t now = mt_realtime_ms();
    mt_format_timestamp(b->timestamp_ms ? b->timestamp_ms : now, event->timestamp);
    if (!mt_uuid_v4(event->event_id)) {
        free(event);
        mt_set_error(err, errlen, "event_id: the kernel's random source failed");
        return MOSAIC_ERR_SYSTEM;
    }
    if (!mt_event_check(event, now, err, errlen)) {
        free(event);
        return MOSAIC_ERR_INVALID_EVENT;
    }
    *out = event;
    return MOSAIC_OK;
}

MOSAIC_API void mosaic_event_free(mosaic_event *event)
{
    free(event);
}

MOSAIC_API mosaic_event *mosaic_event_clone(const mosaic_event *event)
{
    if (!event)
        return NULL;
    mosaic_event *copy = malloc(sizeof *copy);
    if (copy)
        *copy = *event;
    return copy;
}

MOSAIC_API const char *mosaic_event_id(const mosaic_event *event)
{
    return event ? event->event_id : NULL;
}

MOSAIC_API bool mosaic_event_equal(const mosaic_event *a, const mosaic_event *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a->event_id, b->event_id) == 0 && strcmp(a->instance_id, b->instance_id) == 0 &&
           strcmp(a->timestamp, b->timestamp) == 0 && strcmp(a->model, b->model) == 0 &&
           strcmp(a->language, b->language) == 0 && a->duration_ms == b->duration_ms &&
           a->estimated_input_tokens == b->estimated_input_tokens &&
           a->estimated_output_tokens == b->estimated_output_tokens &&
           a->actual_input_tokens == b->actual_input_tokens &&
           a->actual_output_tokens == b->actual_output_tokens &&
           a->estimated_cost_usd_micros == b->estimated_cost_usd_micros &&
           a->actual_cost_usd_micros == b->actual_cost_usd_micros &&
           a->context_utilization_final == b->context_utilization_final &&
           a->context_compactions == b->context_compactions &&
           a->context_rotations == b->context_rotations && a->retry_count == b->retry_count &&
           a->task_type == b->task_type && a->complexity == b->complexity &&
           a->harness == b->harness && a->provider == b->provider && a->outcome == b->outcome &&
           a->repo_size == b->repo_size && a->gates_run == b->gates_run &&
           a->gates_failed == b->gates_failed && a->quality_gate_passed == b->quality_gate_passed;
}
