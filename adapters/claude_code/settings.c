/* Adding and removing our hook entries in a settings tree (see settings.h). */
#include "settings.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"

/* Pre and PostToolUseFailure matter for Bash only (gates); PostToolUse also for edits (files).
 * Events that take no matcher get none. */
const cc_hook_spec CC_HOOK_SPECS[] = {
    {"SessionStart", NULL},         {"UserPromptSubmit", NULL},
    {"PreToolUse", "Bash"},         {"PostToolUse", "Bash|Edit|Write|MultiEdit|NotebookEdit"},
    {"PostToolUseFailure", "Bash"}, {"PreCompact", NULL},
    {"SubagentStop", NULL},         {"Stop", NULL},
    {"StopFailure", NULL},          {"SessionEnd", NULL},
};
const size_t CC_HOOK_SPEC_COUNT = sizeof CC_HOOK_SPECS / sizeof *CC_HOOK_SPECS;

#define PROGRAM " hook claude-code"
#define BINARY  "mosaic-telemetry"

bool cc_hook_command(const char *path, char *out, size_t len)
{
    if (strchr(path, '\''))
        return false;
    bool plain = path[strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "0123456789/._+-")] == '\0';
    int n = snprintf(out, len, plain ? "%s" PROGRAM : "'%s'" PROGRAM, path);
    return n > 0 && (size_t)n < len;
}

bool cc_is_our_command(const char *command)
{
    const char *start = command, *end;
    if (*command == '\'') {
        start = command + 1;
        end = strchr(start, '\'');
        if (!end)
            return false;
    } else {
        end = command + strcspn(command, " ");
    }
    const char *rest = end + (*command == '\'');
    size_t n = (size_t)(end - start), name = sizeof BINARY - 1;
    bool named = n >= name && memcmp(end - name, BINARY, name) == 0 &&
                 (n == name || end[-(ptrdiff_t)name - 1] == '/');
    return named && strcmp(rest, PROGRAM) == 0;
}

/* ---- walking ----------------------------------------------------------------------------- */

static const char *handler_command(json_object *handler)
{
    json_object *type, *command;
    if (!json_object_is_type(handler, json_type_object) ||
        !json_object_object_get_ex(handler, "type", &type) ||
        strcmp(json_object_get_string(type), "command") != 0 ||
        !json_object_object_get_ex(handler, "command", &command) ||
        !json_object_is_type(command, json_type_string))
        return NULL;
    return json_object_get_string(command);
}

static json_object *group_handlers(json_object *group)
{
    json_object *handlers;
    return json_object_is_type(group, json_type_object) &&
                   json_object_object_get_ex(group, "hooks", &handlers) &&
                   json_object_is_type(handlers, json_type_array)
               ? handlers
               : NULL;
}

/* root["hooks"], created when asked; NULL (err) when it is not an object. */
static json_object *hooks_object(json_object *root, bool create, bool *bad, char *err,
                                 size_t errlen)
{
    json_object *hooks;
    if (!json_object_object_get_ex(root, "hooks", &hooks)) {
        if (!create)
            return NULL;
        hooks = json_object_new_object();
        json_object_object_add(root, "hooks", hooks);
    }
    if (!json_object_is_type(hooks, json_type_object)) {
        snprintf(err, errlen, "\"hooks\" is not an object; nothing changed");
        *bad = true;
        return NULL;
    }
    return hooks;
}

/* ---- install ------------------------------------------------------------------------------ */

/* 1: ours is there with this command; 2: ours was there with another command and was updated;
 * 0: not there. */
static int find_ours(json_object *groups, const char *command)
{
    int found = 0;
    for (size_t i = 0; i < json_object_array_length(groups) && found != 1; i++) {
        json_object *handlers = group_handlers(json_object_array_get_idx(groups, i));
        for (size_t j = 0; handlers && j < json_object_array_length(handlers); j++) {
            json_object *handler = json_object_array_get_idx(handlers, j);
            const char *present = handler_command(handler);
            if (!present || !cc_is_our_command(present))
                continue;
            if (strcmp(present, command) == 0)
                return 1;
            json_object_object_add(handler, "command", json_object_new_string(command));
            found = 2;
        }
    }
    return found;
}

static json_object *new_group(const cc_hook_spec *spec, const char *command)
{
    json_object *handler = json_object_new_object();
    json_object_object_add(handler, "type", json_object_new_string("command"));
    json_object_object_add(handler, "command", json_object_new_string(command));
    json_object_object_add(handler, "timeout", json_object_new_int(CC_HOOK_TIMEOUT_S));
    json_object *handlers = json_object_new_array();
    json_object_array_add(handlers, handler);
    json_object *group = json_object_new_object();
    if (spec->matcher)
        json_object_object_add(group, "matcher", json_object_new_string(spec->matcher));
    json_object_object_add(group, "hooks", handlers);
    return group;
}

static int install_event(json_object *hooks, const cc_hook_spec *spec, const char *command,
                         char *err, size_t errlen)
{
    json_object *groups;
    if (!json_object_object_get_ex(hooks, spec->event, &groups)) {
        groups = json_object_new_array();
        json_object_object_add(hooks, spec->event, groups);
    }
    if (!json_object_is_type(groups, json_type_array)) {
        snprintf(err, errlen, "\"hooks.%s\" is not an array; nothing changed", spec->event);
        return -1;
    }
    int found = find_ours(groups, command);
    if (found == 0)
        json_object_array_add(groups, new_group(spec, command));
    return found == 1 ? 0 : 1;
}

int cc_settings_install(json_object *root, const char *command, char *err, size_t errlen)
{
    bool bad = false;
    json_object *hooks = hooks_object(root, true, &bad, err, errlen);
    if (!hooks)
        return -1;
    int changes = 0;
    for (size_t i = 0; i < CC_HOOK_SPEC_COUNT; i++) {
        int changed = install_event(hooks, &CC_HOOK_SPECS[i], command, err, errlen);
        if (changed < 0)
            return -1;
        changes += changed;
    }
    return changes;
}

/* ---- uninstall ------------------------------------------------------------------------------ */

/* Removes ours from one group; returns how many. */
static int strip_group(json_object *handlers)
{
    int removed = 0;
    for (size_t j = json_object_array_length(handlers); j-- > 0;) {
        const char *command = handler_command(json_object_array_get_idx(handlers, j));
        if (command && cc_is_our_command(command)) {
            json_object_array_del_idx(handlers, j, 1);
            removed++;
        }
    }
    return removed;
}

static int strip_event(json_object *groups)
{
    int removed = 0;
    for (size_t i = json_object_array_length(groups); i-- > 0;) {
        json_object *handlers = group_handlers(json_object_array_get_idx(groups, i));
        int here = handlers ? strip_group(handlers) : 0;
        if (here && json_object_array_length(handlers) == 0)
            json_object_array_del_idx(groups, i, 1);
        removed += here;
    }
    return removed;
}

int cc_settings_uninstall(json_object *root, char *err, size_t errlen)
{
    bool bad = false;
    json_object *hooks = hooks_object(root, false, &bad, err, errlen);
    if (!hooks)
        return bad ? -1 : 0;
    int removed = 0;
    const char *emptied[64];
    size_t n_emptied = 0;
    json_object_object_foreach(hooks, event, groups)
    {
        if (!json_object_is_type(groups, json_type_array))
            continue;
        int here = strip_event(groups);
        if (here && json_object_array_length(groups) == 0 && n_emptied < 64)
            emptied[n_emptied++] = event;
        removed += here;
    }
    for (size_t i = 0; i < n_emptied; i++) /* not while iterating over the object */
        json_object_object_del(hooks, emptied[i]);
    if (removed && json_object_object_length(hooks) == 0)
        json_object_object_del(root, "hooks");
    return removed;
}

/* ---- formatting ----------------------------------------------------------------------------- */

static void indent(mt_buf *b, int depth)
{
    for (int i = 0; i < depth; i++)
        mt_buf_append(b, "  ", 2);
}

static void emit(mt_buf *b, json_object *v, int depth);

static void emit_string(mt_buf *b, const char *text)
{
    json_object *s = json_object_new_string(text);
    mt_buf_append_str(b, json_object_to_json_string_ext(s, JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(s);
}

static void emit_object(mt_buf *b, json_object *v, int depth)
{
    if (json_object_object_length(v) == 0) {
        mt_buf_append_str(b, "{}");
        return;
    }
    mt_buf_append_str(b, "{\n");
    int left = json_object_object_length(v);
    json_object_object_foreach(v, key, child)
    {
        indent(b, depth + 1);
        emit_string(b, key);
        mt_buf_append_str(b, ": ");
        emit(b, child, depth + 1);
        mt_buf_append_str(b, --left ? ",\n" : "\n");
    }
    indent(b, depth);
    mt_buf_append_str(b, "}");
}

static void emit_array(mt_buf *b, json_object *v, int depth)
{
    size_t n = json_object_array_length(v);
    if (n == 0) {
        mt_buf_append_str(b, "[]");
        return;
    }
    mt_buf_append_str(b, "[\n");
    for (size_t i = 0; i < n; i++) {
        indent(b, depth + 1);
        emit(b, json_object_array_get_idx(v, i), depth + 1);
        mt_buf_append_str(b, i + 1 < n ? ",\n" : "\n");
    }
    indent(b, depth);
    mt_buf_append_str(b, "]");
}

static void emit(mt_buf *b, json_object *v, int depth)
{
    if (json_object_is_type(v, json_type_object))
        emit_object(b, v, depth);
    else if (json_object_is_type(v, json_type_array))
        emit_array(b, v, depth);
    else if (json_object_is_type(v, json_type_string))
        emit_string(b, json_object_get_string(v));
    else /* numbers keep the text they were read with; null, true, false */
        mt_buf_append_str(b, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
}

char *cc_settings_format(json_object *root)
{
    mt_buf b = {0};
    emit(&b, root, 0);
    mt_buf_append(&b, "\n", 1);
    if (b.failed) {
        mt_buf_free(&b);
        return NULL;
    }
    return b.data;
}
