/* One events.jsonl line: `{"type", "data", "id", "timestamp", "parentId"}`, the data's members
 * read whatever the type, which then says what they mean (docs/harnesses/copilot-cli.md, "What
 * events.jsonl holds"). */
#define _GNU_SOURCE /* memmem */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "jscan.h"
#include "session_log.h"

typedef struct fields {
    char type[40], tool_name[CP_WORD_MAX], timestamp[40];
    bool has_usage, has_shell, has_exit, has_command;
    uint64_t exit_code;
} fields;

typedef struct reading {
    cp_line *l;
    fields *f;
} reading;

static bool usage_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    cp_line *l = user;
    cp_tokens *t = &l->usage;
    if (KIT_JS_KEY_IS(key, n, "model"))
        return kit_js_string_or_skip(c, l->model, sizeof l->model);
    uint64_t *v = KIT_JS_KEY_IS(key, n, "inputTokens")        ? &t->input
                  : KIT_JS_KEY_IS(key, n, "cacheReadTokens")  ? &t->cache_read
                  : KIT_JS_KEY_IS(key, n, "cacheWriteTokens") ? &t->cache_write
                  : KIT_JS_KEY_IS(key, n, "outputTokens")     ? &t->output
                  : KIT_JS_KEY_IS(key, n, "reasoningTokens")  ? &t->reasoning
                  : KIT_JS_KEY_IS(key, n, "maxPromptTokens")  ? &l->max_prompt
                                                              : NULL;
    return v ? kit_js_u64_or_skip(c, v) : kit_js_skip(c);
}

static bool shell_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    fields *f = user;
    if (KIT_JS_KEY_IS(key, n, "exitCode"))
        return (f->has_exit = kit_js_u64(c, &f->exit_code)) || kit_js_skip(c);
    return kit_js_skip(c);
}

static bool arguments_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *r = user;
    if (KIT_JS_KEY_IS(key, n, "command")) {
        r->f->has_command = kit_js_string(c, r->l->command, sizeof r->l->command);
        return r->f->has_command || kit_js_skip(c);
    }
    return kit_js_skip(c);
}

static bool data_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *r = user;
    cp_line *l = r->l;
    fields *f = r->f;
    if (KIT_JS_KEY_IS(key, n, "usage"))
        return (f->has_usage = true) && kit_js_each_member(c, usage_member, l);
    if (KIT_JS_KEY_IS(key, n, "selectedModel"))
        return kit_js_string_or_skip(c, l->model, sizeof l->model);
    if (KIT_JS_KEY_IS(key, n, "toolCallId"))
        return kit_js_string_or_skip(c, l->id, sizeof l->id);
    if (KIT_JS_KEY_IS(key, n, "toolName"))
        return kit_js_string_or_skip(c, f->tool_name, sizeof f->tool_name);
    if (KIT_JS_KEY_IS(key, n, "arguments"))
        return kit_js_each_member(c, arguments_member, r);
    if (KIT_JS_KEY_IS(key, n, "shellExecution"))
        return (f->has_shell = true) && kit_js_each_member(c, shell_member, f);
    return kit_js_skip(c);
}

/* The line's own id is read after data: a usage record is known by it; a tool line keeps its
 * call id. */
static bool line_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *r = user;
    if (KIT_JS_KEY_IS(key, n, "type"))
        return kit_js_string_or_skip(c, r->f->type, sizeof r->f->type);
    if (KIT_JS_KEY_IS(key, n, "timestamp"))
        return kit_js_string_or_skip(c, r->f->timestamp, sizeof r->f->timestamp);
    if (KIT_JS_KEY_IS(key, n, "data"))
        return kit_js_each_member(c, data_member, r);
    if (KIT_JS_KEY_IS(key, n, "id") && strcmp(r->f->type, "session.usage_record") == 0)
        return kit_js_string_or_skip(c, r->l->id, sizeof r->l->id);
    return kit_js_skip(c);
}

static cp_line_kind kind_of(const fields *f, cp_line *l)
{
    const char *t = f->type;
    if (strcmp(t, "session.usage_record") == 0)
        return f->has_usage ? CP_LINE_USAGE : CP_LINE_OTHER;
    if (strcmp(t, "session.start") == 0)
        return l->model[0] ? CP_LINE_START : CP_LINE_OTHER;
    if (strcmp(t, "tool.execution_start") == 0)
        return strcmp(f->tool_name, "bash") == 0 && f->has_command && l->id[0] ? CP_LINE_TOOL_START
                                                                               : CP_LINE_OTHER;
    if (strcmp(t, "tool.execution_complete") == 0 && f->has_shell && l->id[0]) {
        /* No exit code (killed, timed out) is a run that did not pass. */
        l->exit_code = !f->has_exit ? 1 : f->exit_code > 255 ? 255 : (int)f->exit_code;
        return CP_LINE_TOOL_DONE;
    }
    return CP_LINE_OTHER;
}

/* Lines that can matter name one of these; the rest (the system prompt, messages, hooks) are
 * not parsed at all. */
static bool may_matter(const char *text, size_t len)
{
    static const char *const WORDS[] = {"\"session.usage_record\"", "\"session.start\"",
                                        "\"tool.execution_"};
    for (size_t i = 0; i < sizeof WORDS / sizeof *WORDS; i++)
        if (memmem(text, len, WORDS[i], strlen(WORDS[i])))
            return true;
    return false;
}

bool cp_log_line(const char *text, size_t len, cp_line *l)
{
    memset(l, 0, offsetof(cp_line, command));
    l->command[0] = '\0';
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

typedef struct log_reading {
    cp_line_fn fn;
    void *user;
    uint64_t *malformed;
    cp_line *line; /* on the heap: a command may be 64 KiB */
} log_reading;

static void on_line(const char *text, size_t len, void *user)
{
    log_reading *rd = user;
    if (!cp_log_line(text, len, rd->line))
        ++*rd->malformed;
    else if (rd->line->kind != CP_LINE_OTHER)
        rd->fn(rd->line, rd->user);
}

bool cp_log_read(const char *path, kit_file_pos *pos, cp_line_fn fn, void *user,
                 uint64_t *malformed, char *err, size_t errlen)
{
    log_reading rd = {fn, user, malformed, malloc(sizeof(cp_line))};
    if (!rd.line) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    bool ok = kit_read_lines("the session log", path, pos, on_line, &rd, NULL, err, errlen);
    free(rd.line);
    return ok;
}
