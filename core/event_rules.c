/* docs/protocol.md, "The event": every rule an event must follow, checked in the order of the
 * schema so the error names the first field that breaks one. */
#include <math.h>
#include <string.h>

#include "err.h"
#include "event.h"
#include "wire.h"

/* Counts the code points of valid UTF-8 without control characters (C0, DEL, C1); -1 if the
 * text is not that. */
static long utf8_printable_length(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    long count = 0;
    while (*p) {
        unsigned cp;
        int extra;
        if (*p < 0x80)
            cp = *p, extra = 0;
        else if ((*p & 0xe0) == 0xc0)
            cp = *p & 0x1f, extra = 1;
        else if ((*p & 0xf0) == 0xe0)
            cp = *p & 0x0f, extra = 2;
        else if ((*p & 0xf8) == 0xf0)
            cp = *p & 0x07, extra = 3;
        else
            return -1;
        p++;
        for (int i = 0; i < extra; i++, p++) {
            if ((*p & 0xc0) != 0x80)
                return -1;
            cp = (cp << 6) | (*p & 0x3f);
        }
        static const unsigned min_for_length[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_for_length[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return -1; /* overlong, out of range, or a surrogate */
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            return -1;
        count++;
    }
    return count;
}

bool mt_language_ok(const char *language)
{
    size_t len = strlen(language);
    if (len < 1 || len > MT_LANGUAGE_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = language[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("+#._-", c)))
            return false;
    }
    return true;
}

static bool check_enum(const mt_enum_table *table, int value, char *err, size_t errlen)
{
    if (mt_enum_str(table, value))
        return true;
    mt_set_error(err, errlen, "%s: unknown value %d", table->name, value);
    return false;
}

static bool check_range(const char *field, uint64_t value, uint64_t max, char *err, size_t errlen)
{
    if (value <= max)
        return true;
    mt_set_error(err, errlen, "%s: must be 0 to %llu, got %llu", field, (unsigned long long)max,
                 (unsigned long long)value);
    return false;
}

bool mt_instance_id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > MT_INSTANCE_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (id[i] <= ' ' || id[i] > '~')
            return false;
    return true;
}

static bool check_ids_and_time(const mosaic_event *e, int64_t now, char *err, size_t errlen)
{
    int64_t at;
    if (!mt_is_uuid(e->event_id, true)) {
        mt_set_error(err, errlen, "event_id: expected a lowercase hyphenated UUID");
        return false;
    }
    if (!mt_instance_id_ok(e->instance_id)) {
        mt_set_error(err, errlen,
                     "instance_id: expected 1 to %d printable ASCII characters (a UUID), got "
                     "%zu bytes",
                     MT_INSTANCE_ID_MAX, strlen(e->instance_id));
        return false;
    }
    if (!mt_parse_timestamp(e->timestamp, &at)) {
        mt_set_error(err, errlen,
                     "timestamp: expected RFC 3339 UTC with milliseconds like "
                     "2026-02-15T05:29:05.123Z, got '%.40s'",
                     e->timestamp);
        return false;
    }
    if (at > now + MT_FUTURE_SLACK_MS) {
        mt_set_error(err, errlen, "timestamp: must not be more than 24 h in the future");
        return false;
    }
    return check_range("task_duration_ms", e->duration_ms, MT_DURATION_MAX, err, errlen);
}

bool mt_model_ok(const char *model)
{
    long chars = utf8_printable_length(model);
    return chars >= 1 && chars <= MT_MODEL_MAX_CHARS;
}

static bool check_descriptors(const mosaic_event *e, char *err, size_t errlen)
{
    if (!check_enum(&mt_task_type_table, e->task_type, err, errlen) ||
        !check_enum(&mt_complexity_table, e->complexity, err, errlen) ||
        !check_enum(&mt_harness_table, e->harness, err, errlen))
        return false;
    long chars = utf8_printable_length(e->model);
    if (chars < 1 || chars > MT_MODEL_MAX_CHARS) {
        mt_set_error(err, errlen,
                     chars < 0 ? "model: must be UTF-8 without control characters"
                               : "model: must be 1 to 100 characters, got %ld",
                     chars);
        return false;
    }
    return check_enum(&mt_provider_table, e->provider, err, errlen);
}

static bool check_figures(const mosaic_event *e, char *err, size_t errlen)
{
    return check_range("estimated_input_tokens", e->estimated_input_tokens, MT_TOKENS_MAX, err,
                       errlen) &&
           check_range("estimated_output_tokens", e->estimated_output_tokens, MT_TOKENS_MAX, err,
                       errlen) &&
           check_range("actual_input_tokens", e->actual_input_tokens, MT_TOKENS_MAX, err, errlen) &&
           check_range("actual_output_tokens", e->actual_output_tokens, MT_TOKENS_MAX, err,
                       errlen) &&
           check_range("estimated_cost_usd_micros", e->estimated_cost_usd_micros, MT_COST_MAX, err,
                       errlen) &&
           check_range("actual_cost_usd_micros", e->actual_cost_usd_micros, MT_COST_MAX, err,
                       errlen);
}

static bool check_quality_and_context(const mosaic_event *e, char *err, size_t errlen)
{
    uint8_t all_gates = (uint8_t)((1u << mt_quality_gate_table.count) - 1);
    if (e->gates_run & ~all_gates || e->gates_failed & ~all_gates) {
        mt_set_error(err, errlen, "quality_gates_run: unknown gate");
        return false;
    }
    if (e->gates_failed & ~e->gates_run) {
        mt_set_error(err, errlen, "quality_gates_failed: must be a subset of quality_gates_run");
        return false;
    }
    if (!check_range("context_compactions", e->context_compactions, MT_CONTEXT_COUNT_MAX, err,
                     errlen) ||
        !check_range("context_rotations", e->context_rotations, MT_CONTEXT_COUNT_MAX, err, errlen))
        return false;
    double u = e->context_utilization_final;
    if (!isfinite(u) || u < 0.0 || u > 1.0) {
        mt_set_error(err, errlen, "context_utilization_final: must be 0.0 to 1.0, got %g", u);
        return false;
    }
    return true;
}

static bool check_tail(const mosaic_event *e, char *err, size_t errlen)
{
    if (!check_enum(&mt_outcome_table, e->outcome, err, errlen) ||
        !check_range("retry_count", e->retry_count, MT_RETRY_COUNT_MAX, err, errlen))
        return false;
    if (e->language[0] && !mt_language_ok(e->language)) {
        mt_set_error(err, errlen,
                     "language: must be 1 to 32 characters of [a-z0-9+#._-], "
                     "got '%.40s'",
                     e->language);
        return false;
    }
    if (e->repo_size != MT_REPO_SIZE_NULL)
        return check_enum(&mt_repo_size_table, e->repo_size, err, errlen);
    return true;
}

bool mt_event_check(const mosaic_event *e, int64_t now_unix_ms, char *err, size_t errlen)
{
    return check_ids_and_time(e, now_unix_ms, err, errlen) && check_descriptors(e, err, errlen) &&
           check_figures(e, err, errlen) && check_quality_and_context(e, err, errlen) &&
           check_tail(e, err, errlen);
}

bool mt_gates_to_mask(const char *field, const mosaic_quality_gate *gates, size_t n, uint8_t *mask,
                      char *err, size_t errlen)
{
    *mask = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = mt_enum_str(&mt_quality_gate_table, (int)gates[i]);
        if (!name) {
            mt_set_error(err, errlen, "%s: unknown gate %d", field, (int)gates[i]);
            return false;
        }
        uint8_t bit = (uint8_t)(1u << gates[i]);
        if (*mask & bit) {
            mt_set_error(err, errlen, "%s: duplicate gate '%s'", field, name);
            return false;
        }
        *mask |= bit;
    }
    return true;
}
