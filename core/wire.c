#include "wire.h"

#include <stdio.h>
#include <string.h>

#include "mosaic/telemetry.h"

#define TABLE(var, label, ...)                                                                     \
    static const char *const var##_strings[] = {__VA_ARGS__};                                      \
    const mt_enum_table var = {label, var##_strings, sizeof var##_strings / sizeof *var##_strings}

/* Order = the C enum values of mosaic/telemetry.h. */
TABLE(mt_task_type_table, "task_type", "planning", "architecture", "implementation", "code_review",
      "testing", "debugging", "refactoring", "documentation", "configuration", "security_audit",
      "unknown");
TABLE(mt_complexity_table, "complexity", "low", "medium", "high", "critical");
TABLE(mt_harness_table, "harness", "claude_code", "codex", "gemini_cli", "cursor", "cline", "aider",
      "opencode", "goose", "copilot_cli", "amp", "kilo_code", "api_direct", "custom", "unknown");
TABLE(mt_provider_table, "provider", "anthropic", "openai", "google", "mistral", "deepseek", "xai",
      "openrouter", "ollama", "custom", "unknown");
TABLE(mt_outcome_table, "outcome", "success", "failure", "partial", "timeout", "cancelled");
TABLE(mt_quality_gate_table, "quality_gate", "build", "lint", "test", "typecheck", "format",
      "coverage", "security");
TABLE(mt_repo_size_table, "repo_size_category", "tiny", "small", "medium", "large", "huge");
TABLE(mt_confidence_table, "confidence", "none", "low", "medium", "high");
TABLE(mt_log_level_table, "log_level", "debug", "info", "warn", "error", "off");

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
