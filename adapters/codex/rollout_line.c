/* One rollout line: `{"timestamp", "type", "payload"}`, the payload's members read whatever the
 * line's type, which then says what they mean (docs/harnesses/codex.md, "What the rollout
 * holds"). */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "jscan.h"
#include "rollout.h"

typedef struct fields {
    char type[32], payload_type[32], item_type[32], item_status[32], timestamp[40];
    char output[160]; /* the start of a function call's output */
    bool has_output, has_usage, has_total, info_null, has_exit;
    uint64_t exit_code;
} fields;

/* What a member reader fills: the line, and the raw members its meaning is decided from. */
typedef struct reading {
    cx_line *l;
    fields *f;
} reading;

static bool token_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    cx_tokens *t = user;
    uint64_t *v = KIT_JS_KEY_IS(key, n, "input_tokens")               ? &t->input
                  : KIT_JS_KEY_IS(key, n, "cached_input_tokens")      ? &t->cached
                  : KIT_JS_KEY_IS(key, n, "cache_write_input_tokens") ? &t->cache_write
                  : KIT_JS_KEY_IS(key, n, "output_tokens")            ? &t->output
                  : KIT_JS_KEY_IS(key, n, "reasoning_output_tokens")  ? &t->reasoning
                                                                      : NULL;
    return v ? kit_js_u64_or_skip(c, v) : kit_js_skip(c);
}

static bool read_tokens(kit_js_cursor *c, cx_tokens *t)
{
    return kit_js_each_member(c, token_member, t);
}

/* info of token_count: total_token_usage and model_context_window (null: a rate-limit update). */
static bool info_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *r = user;
    if (KIT_JS_KEY_IS(key, n, "total_token_usage"))
        return (r->f->has_total = true) && read_tokens(c, &r->l->usage);
    if (KIT_JS_KEY_IS(key, n, "model_context_window"))
        return kit_js_u64_or_skip(c, &r->l->window);
    return kit_js_skip(c);
}

/* item of item_completed: a CommandExecution's id and exit_code. */
static bool item_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *r = user;
    fields *f = r->f;
    if (KIT_JS_KEY_IS(key, n, "type"))
        return kit_js_string_or_skip(c, f->item_type, sizeof f->item_type);
    if (KIT_JS_KEY_IS(key, n, "status"))
        return kit_js_string_or_skip(c, f->item_status, sizeof f->item_status);
    if (KIT_JS_KEY_IS(key, n, "id"))
        return kit_js_string_or_skip(c, r->l->id, sizeof r->l->id);
    if (KIT_JS_KEY_IS(key, n, "exit_code"))
        return (f->has_exit = kit_js_u64(c, &f->exit_code)) || kit_js_skip(c);
    return kit_js_skip(c);
}

static bool payload_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *r = user;
    cx_line *l = r->l;
    fields *f = r->f;
    if (KIT_JS_KEY_IS(key, n, "type"))
        return kit_js_string_or_skip(c, f->payload_type, sizeof f->payload_type);
    if (KIT_JS_KEY_IS(key, n, "model"))
        return kit_js_string_or_skip(c, l->model, sizeof l->model);
    if (KIT_JS_KEY_IS(key, n, "response_id") || KIT_JS_KEY_IS(key, n, "call_id"))
        return kit_js_string_or_skip(c, l->id, sizeof l->id);
    if (KIT_JS_KEY_IS(key, n, "usage"))
        return (f->has_usage = true) && read_tokens(c, &l->usage);
    if (KIT_JS_KEY_IS(key, n, "info")) {
        f->info_null = kit_js_peek(c) == 'n';
        return kit_js_each_member(c, info_member, r);
    }
    if (KIT_JS_KEY_IS(key, n, "model_context_window"))
        return kit_js_u64_or_skip(c, &l->window);
    if (KIT_JS_KEY_IS(key, n, "error")) {
        char next = kit_js_peek(c);
        l->error = next == '{' || next == '"';
        return kit_js_skip(c);
    }
    if (KIT_JS_KEY_IS(key, n, "item"))
        return kit_js_each_member(c, item_member, r);
    if (KIT_JS_KEY_IS(key, n, "output"))
        return (f->has_output = kit_js_string(c, f->output, sizeof f->output)) || kit_js_skip(c);
    return kit_js_skip(c);
}

static bool line_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *r = user;
    if (KIT_JS_KEY_IS(key, n, "type"))
        return kit_js_string_or_skip(c, r->f->type, sizeof r->f->type);
    if (KIT_JS_KEY_IS(key, n, "timestamp"))
        return kit_js_string_or_skip(c, r->f->timestamp, sizeof r->f->timestamp);
    if (KIT_JS_KEY_IS(key, n, "payload"))
        return kit_js_each_member(c, payload_member, r);
    return kit_js_skip(c);
}

/* What the members mean, now that the line's type is known. */
static cx_line_kind kind_of(const fields *f, cx_line *l)
{
    const char *pt = f->payload_type;
    const char *exited = f->has_output ? strstr(f->output, "Process exited with code ") : NULL;
    if (strcmp(f->type, "turn_context") == 0)
        return l->model[0] ? CX_LINE_MODEL : CX_LINE_OTHER;
    if (strcmp(f->type, "token_usage_record") == 0)
        return f->has_usage ? CX_LINE_RESPONSE : CX_LINE_OTHER;
    if (strcmp(f->type, "compacted") == 0)
        return CX_LINE_COMPACTED;
    if (strcmp(f->type, "response_item") == 0 && !strcmp(pt, "function_call_output") && exited)
        return sscanf(exited, "Process exited with code %d", &l->exit_code) == 1 ? CX_LINE_COMMAND
                                                                                 : CX_LINE_OTHER;
    if (strcmp(f->type, "event_msg") != 0)
        return CX_LINE_OTHER;
    if (strcmp(pt, "token_count") == 0)
        return f->has_total && !f->info_null ? CX_LINE_TOTAL : CX_LINE_OTHER;
    if (strcmp(pt, "item_completed") == 0 && !strcmp(f->item_type, "CommandExecution") &&
        f->has_exit) {
        /* A negative code reads as 0: the status then says it failed. */
        l->exit_code = f->exit_code > 255 ? 255 : (int)f->exit_code;
        if (l->exit_code == 0 && strcmp(f->item_status, "completed") != 0)
            l->exit_code = 1;
        return CX_LINE_COMMAND;
    }
    return !strcmp(pt, "task_started")    ? CX_LINE_STARTED
           : !strcmp(pt, "task_complete") ? CX_LINE_COMPLETE
           : !strcmp(pt, "turn_aborted")  ? CX_LINE_ABORTED
                                          : CX_LINE_OTHER;
}

/* Lines that can matter name one of these; the rest (instructions, messages, world state, often
 * the longest) are not parsed at all. */
static bool may_matter(const char *text, size_t len)
{
    static const char *const WORDS[] = {"\"token_",         "\"turn_context\"", "\"task_",
                                        "\"turn_aborted\"", "\"compacted\"",    "CommandExecution",
                                        "Process exited"};
    for (size_t i = 0; i < sizeof WORDS / sizeof *WORDS; i++)
        if (memmem(text, len, WORDS[i], strlen(WORDS[i])))
            return true;
    return false;
}

bool cx_rollout_line(const char *text, size_t len, cx_line *l)
{
    memset(l, 0, sizeof *l);
    if (!may_matter(text, len))
        return true;
    fields f = {0};
    reading r = {l, &f};
    kit_js_cursor c = {text, text + len};
    if (kit_js_peek(&c) != '{' || !kit_js_each_member(&c, line_member, &r))
        return false;
    l->kind = kind_of(&f, l);
    if (!f.timestamp[0] || !mt_parse_timestamp(f.timestamp, &l->at_ms))
        l->at_ms = 0;
    return true;
}
