/* The fallback of a refused event's fields (fallback.h). */
#include "fallback.h"

#include <stdio.h>
#include <string.h>

#include "wire.h"

typedef struct field {
    unsigned bit;
    const char *name; /* as a server names it: the wire field, or its common prefix */
    const mt_enum_table *table;
    size_t offset; /* of the int in mosaic_event; unused for gates and repo size */
} field;

static const field FIELDS[] = {
    {MT_FALLBACK_TASK_TYPE, "task_type", &mt_task_type_table, offsetof(mosaic_event, task_type)},
    {MT_FALLBACK_COMPLEXITY, "complexity", &mt_complexity_table,
     offsetof(mosaic_event, complexity)},
    {MT_FALLBACK_HARNESS, "harness", &mt_harness_table, offsetof(mosaic_event, harness)},
    {MT_FALLBACK_PROVIDER, "provider", &mt_provider_table, offsetof(mosaic_event, provider)},
    {MT_FALLBACK_OUTCOME, "outcome", &mt_outcome_table, offsetof(mosaic_event, outcome)},
};
#define N_FIELDS (sizeof FIELDS / sizeof *FIELDS)

static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* word stands in text on its own (not inside a longer word): "low" is not in "lowercase". A
 * name ending in '_' (quality_gates_) may be followed by more of a name. */
static bool mentions(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *at = text; (at = strstr(at, word)) != NULL; at++) {
        bool starts = at == text || !word_char(at[-1]);
        bool ends = word[n - 1] == '_' || !word_char(at[n]);
        if (starts && ends)
            return true;
    }
    return false;
}

static bool quote(char c)
{
    return c == '\'' || c == '"' || c == '`';
}

/* value stands in text in quotes ('cancelled', "cancelled"): a value is named as a value, while
 * the same word in prose ("unknown value", "run the test") names nothing. */
static bool quotes(const char *text, const char *value)
{
    size_t n = strlen(value);
    for (const char *at = text; (at = strstr(at, value)) != NULL; at++)
        if (at > text && quote(at[-1]) && quote(at[n]))
            return true;
    return false;
}

static int *slot(mosaic_event *e, const field *f)
{
    return (int *)((char *)e + f->offset);
}

static bool gate_named(const mosaic_event *e, const char *reason)
{
    if (mentions(reason, "quality_gates_") || mentions(reason, "quality_gate"))
        return true;
    for (int gate = 0; gate < 8; gate++)
        if ((e->gates_run & (1u << gate)) &&
            mt_enum_fallback(&mt_quality_gate_table, gate) != MT_NO_FALLBACK &&
            quotes(reason, mt_enum_str(&mt_quality_gate_table, gate)))
            return true;
    return false;
}

static bool gates_have_fallback(const mosaic_event *e)
{
    for (int gate = 0; gate < 8; gate++)
        if ((e->gates_run & (1u << gate)) &&
            mt_enum_fallback(&mt_quality_gate_table, gate) != MT_NO_FALLBACK)
            return true;
    return false;
}

/* The documentation lists outcomes and gates in full, so a member of ours there is refused by a
 * server that follows it, whether or not its reason names it: a server that reports one field
 * at a time would otherwise refuse the one resend for the next. */
static unsigned certainly_ours(const mosaic_event *e)
{
    unsigned fields = gates_have_fallback(e) ? MT_FALLBACK_GATES : 0;
    if (mt_enum_fallback(&mt_outcome_table, e->outcome) != MT_NO_FALLBACK)
        fields |= MT_FALLBACK_OUTCOME;
    return fields;
}

unsigned mt_fallback_fields(const mosaic_event *e, const char *reason)
{
    unsigned fields = 0;
    if (!reason)
        return 0;
    for (size_t i = 0; i < N_FIELDS; i++) {
        int value = *slot((mosaic_event *)e, &FIELDS[i]);
        const char *text = mt_enum_str(FIELDS[i].table, value);
        if (mt_enum_fallback(FIELDS[i].table, value) != MT_NO_FALLBACK &&
            (mentions(reason, FIELDS[i].name) || (text && quotes(reason, text))))
            fields |= FIELDS[i].bit;
    }
    if (gates_have_fallback(e) && gate_named(e, reason))
        fields |= MT_FALLBACK_GATES;
    if (e->repo_size != MT_REPO_SIZE_NULL && mentions(reason, "repo_size_category"))
        fields |= MT_FALLBACK_REPO_SIZE;
    return fields ? fields | certainly_ours(e) : 0;
}

static void describe(char *what, size_t len, const char *name, const char *from, const char *to)
{
    size_t used = strlen(what);
    if (used < len)
        snprintf(what + used, len - used, "%s%s %s -> %s", used ? ", " : "", name, from, to);
}

/* Moves each gate with a fallback onto it; a gate that failed under either name failed. */
static void apply_gates(mosaic_event *e, char *what, size_t len)
{
    for (int gate = 0; gate < 8; gate++) {
        int to = mt_enum_fallback(&mt_quality_gate_table, gate);
        uint8_t bit = (uint8_t)(1u << gate);
        if (!(e->gates_run & bit) || to == MT_NO_FALLBACK)
            continue;
        e->gates_run = (uint8_t)((e->gates_run & ~bit) | (1u << to));
        if (e->gates_failed & bit)
            e->gates_failed = (uint8_t)((e->gates_failed & ~bit) | (1u << to));
        describe(what, len, "quality_gates", mt_enum_str(&mt_quality_gate_table, gate),
                 mt_enum_str(&mt_quality_gate_table, to));
    }
}

void mt_fallback_apply(mosaic_event *e, unsigned fields, char *what, size_t len)
{
    if (len)
        what[0] = '\0';
    for (size_t i = 0; i < N_FIELDS; i++) {
        if (!(fields & FIELDS[i].bit))
            continue;
        int *value = slot(e, &FIELDS[i]), to = mt_enum_fallback(FIELDS[i].table, *value);
        if (to == MT_NO_FALLBACK)
            continue;
        describe(what, len, FIELDS[i].name, mt_enum_str(FIELDS[i].table, *value),
                 mt_enum_str(FIELDS[i].table, to));
        *value = to;
    }
    if (fields & MT_FALLBACK_GATES)
        apply_gates(e, what, len);
    if (fields & MT_FALLBACK_REPO_SIZE) {
        describe(what, len, "repo_size_category", mt_enum_str(&mt_repo_size_table, e->repo_size),
                 "null");
        e->repo_size = MT_REPO_SIZE_NULL;
    }
}
