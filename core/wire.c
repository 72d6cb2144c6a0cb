#include "wire.h"

#include <stdio.h>
#include <string.h>

#include "mosaic/telemetry.h"

#define TABLE(var, label, fallback, ...)                                                           \
    static const char *const var##_strings[] = {__VA_ARGS__};                                      \
    const mt_enum_table var = {label, var##_strings, sizeof var##_strings / sizeof *var##_strings, \
                               fallback}

/* What is sent instead of a member that a server refused, by member (docs/protocol.md, "Enums").
 * The Mosaic documentation lists outcomes and gates in full, and so these are ours: cancelled,
 * format, coverage; each falls back to its nearest documented member. Of the other enums it
 * shows a few members only: a refused harness or provider becomes custom (a refused custom
 * unknown), a refused task type unknown, a refused complexity the nearest middle one. */
#define NO MT_NO_FALLBACK
static const int OUTCOME_FALLBACK[] = {NO, NO, NO, NO, MOSAIC_OUTCOME_FAILURE};
static const int GATE_FALLBACK[] = {
    NO, NO, NO, NO, MOSAIC_QUALITY_GATE_LINT, MOSAIC_QUALITY_GATE_TEST, NO};
static const int COMPLEXITY_FALLBACK[] = {MOSAIC_COMPLEXITY_MEDIUM, NO, NO, MOSAIC_COMPLEXITY_HIGH};
#define H MOSAIC_HARNESS_CUSTOM
static const int HARNESS_FALLBACK[] = {H, H, H, H, H, H, H, H, H, H, H, H, MOSAIC_HARNESS_UNKNOWN,
                                       NO};
#undef H
#define P MOSAIC_PROVIDER_CUSTOM
static const int PROVIDER_FALLBACK[] = {P, P, P, P, P, P, P, P, MOSAIC_PROVIDER_UNKNOWN, NO};
#undef P
#define U MOSAIC_TASK_TYPE_UNKNOWN
static const int TASK_TYPE_FALLBACK[] = {U, U, U, U, U, U, U, U, U, U, NO};
#undef U
#undef NO

/* Order = the C enum values of mosaic/telemetry.h. */
TABLE(mt_task_type_table, "task_type", TASK_TYPE_FALLBACK, "planning", "architecture",
      "implementation", "code_review", "testing", "debugging", "refactoring", "documentation",
      "configuration", "security_audit", "unknown");
TABLE(mt_complexity_table, "complexity", COMPLEXITY_FALLBACK, "low", "medium", "high", "critical");
TABLE(mt_harness_table, "harness", HARNESS_FALLBACK, "claude_code", "codex", "gemini_cli", "cursor",
      "cline", "aider", "opencode", "goose", "copilot_cli", "amp", "kilo_code", "api_direct",
      "custom", "unknown");
TABLE(mt_provider_table, "provider", PROVIDER_FALLBACK, "anthropic", "openai", "google", "mistral",
      "deepseek", "xai", "openrouter", "ollama", "custom", "unknown");
TABLE(mt_outcome_table, "outcome", OUTCOME_FALLBACK, "success", "failure", "partial", "timeout",
      "cancelled");
TABLE(mt_quality_gate_table, "quality_gate", GATE_FALLBACK, "build", "lint", "test", "typecheck",
      "format", "coverage", "security");
TABLE(mt_repo_size_table, "repo_size_category", NULL, "tiny", "small", "medium", "large", "huge");
TABLE(mt_confidence_table, "confidence", NULL, "none", "low", "medium", "high");
TABLE(mt_log_level_table, "log_level", NULL, "debug", "info", "warn", "error", "off");

/* Every fallback list has one entry per member. */
#define SAME_LENGTH(var, fallback)                                                                 \
    _Static_assert(sizeof var##_strings / sizeof *var##_strings ==                                 \
                       sizeof fallback / sizeof *fallback,                                         \
                   #fallback " must have one entry per member")
SAME_LENGTH(mt_task_type_table, TASK_TYPE_FALLBACK);
SAME_LENGTH(mt_complexity_table, COMPLEXITY_FALLBACK);
SAME_LENGTH(mt_harness_table, HARNESS_FALLBACK);
SAME_LENGTH(mt_provider_table, PROVIDER_FALLBACK);
SAME_LENGTH(mt_outcome_table, OUTCOME_FALLBACK);
SAME_LENGTH(mt_quality_gate_table, GATE_FALLBACK);

const char *mt_enum_str(const mt_enum_table *table, int value)
{
    if (value < 0 || (size_t)value >= table->count)
        return NULL;
    return table->strings[value];
}

int mt_enum_parse(const mt_enum_table *table, const char *text)
{
    if (!text)
        return -1;
    for (size_t i = 0; i < table->count; i++)
        if (strcmp(table->strings[i], text) == 0)
            return (int)i;
    return -1;
}

int mt_enum_fallback(const mt_enum_table *table, int value)
{
    if (!table->fallback || value < 0 || (size_t)value >= table->count)
        return MT_NO_FALLBACK;
    return table->fallback[value];
}

void mt_enum_list(const mt_enum_table *table, char *buf, size_t len)
{
    size_t used = 0;
    if (len == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < table->count && used < len; i++) {
        int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", table->strings[i]);
        if (n < 0)
            return;
        used += (size_t)n;
    }
}

/* The public *_str / *_parse pairs, one per enum, all through the tables above. */
#define PUBLIC_ENUM(type, prefix, table)                                                           \
    MOSAIC_API const char *prefix##_str(type value)                                                \
    {                                                                                              \
        return mt_enum_str(&table, (int)value);                                                    \
    }                                                                                              \
    MOSAIC_API mosaic_status prefix##_parse(const char *text, type *out)                           \
    {                                                                                              \
        int value = mt_enum_parse(&table, text);                                                   \
        if (value < 0)                                                                             \
            return MOSAIC_ERR_UNKNOWN_VALUE;                                                       \
        if (out)                                                                                   \
            *out = (type)value;                                                                    \
        return MOSAIC_OK;                                                                          \
    }

PUBLIC_ENUM(mosaic_task_type, mosaic_task_type, mt_task_type_table)
PUBLIC_ENUM(mosaic_complexity, mosaic_complexity, mt_complexity_table)
PUBLIC_ENUM(mosaic_harness, mosaic_harness, mt_harness_table)
PUBLIC_ENUM(mosaic_provider, mosaic_provider, mt_provider_table)
PUBLIC_ENUM(mosaic_outcome, mosaic_outcome, mt_outcome_table)
PUBLIC_ENUM(mosaic_quality_gate, mosaic_quality_gate, mt_quality_gate_table)
PUBLIC_ENUM(mosaic_repo_size, mosaic_repo_size, mt_repo_size_table)
PUBLIC_ENUM(mosaic_confidence, mosaic_confidence, mt_confidence_table)
PUBLIC_ENUM(mosaic_log_level, mosaic_log_level, mt_log_level_table)
