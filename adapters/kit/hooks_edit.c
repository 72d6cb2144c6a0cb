/* Adding and removing our hook entries in a settings tree (see hooks_edit.h). */
#include "hooks_edit.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"

#define BINARY "mosaic-telemetry"

bool kit_hook_command(const char *path, const char *harness, char *out, size_t len)
{
    if (strchr(path, '\''))
        return false;
    bool plain = path[strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "0123456789/._+-")] == '\0';
    int n = snprintf(out, len, plain ? "%s hook %s" : "'%s' hook %s", path, harness);
    return n > 0 && (size_t)n < len;
}

/* rest is exactly " hook <harness>". */
static bool our_arguments(const char *rest, const char *harness)
{
    size_t n = strlen(harness);
    return strncmp(rest, " hook ", 6) == 0 && strncmp(rest + 6, harness, n) == 0 &&
           rest[6 + n] == '\0';
}

bool kit_is_our_command(const char *command, const char *harness)
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
    return named && our_arguments(rest, harness);
}

/* ---- walking ----------------------------------------------------------------------------- */

/* The handler's command when it is a command handler of the layout's form; NULL otherwise. */
static const char *handler_command(json_object *handler, const kit_hooks_layout *l)
{
    json_object *type, *command;
    if (!json_object_is_type(handler, json_type_object))
        return NULL;
    if (l->type && (!json_object_object_get_ex(handler, "type", &type) ||
                    !json_object_is_type(type, json_type_string) ||
                    strcmp(json_object_get_string(type), l->type) != 0))
        return NULL;
    if (!json_object_object_get_ex(handler, l->command_key, &command) ||
        !json_object_is_type(command, json_type_string))
        return NULL;
    return json_object_get_string(command);
}

/* The array of handlers an entry of an event holds: the group's "hooks" (grouped shape), or the
 * event's own array (flat shape: the entry is a handler, the caller looks at it directly). */
static json_object *group_handlers(json_object *group)
{
    json_object *handlers;
    return json_object_is_type(group, json_type_object) &&
                   json_object_object_get_ex(group, "hooks", &handlers) &&
                   json_object_is_type(handlers, json_type_array)
               ? handlers
               : NULL;
}

/* The i-th handler array of an event: each group's (grouped), or the event's own (flat). */
static json_object *handler_list(json_object *groups, size_t i, const kit_hooks_layout *l)
{
    return l->shape == KIT_HOOKS_FLAT ? groups
                                      : group_handlers(json_object_array_get_idx(groups, i));
}

static size_t list_count(json_object *groups, const kit_hooks_layout *l)
{
    return l->shape == KIT_HOOKS_FLAT ? 1 : json_object_array_length(groups);
}

/* root["hooks"], created when asked; NULL (err) when it is not an object. */
static json_object *hooks_object(json_object *root, const kit_hooks_layout *l, bool create,
                                 bool *bad, char *err, size_t errlen)
{
    json_object *hooks;
    if (!json_object_object_get_ex(root, "hooks", &hooks)) {
        if (!create)
            return NULL;
        if (l->version_key && !json_object_object_get_ex(root, l->version_key, NULL))
            json_object_object_add(root, l->version_key, json_object_new_int(1));
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

/* Our handler's timeout as the layout wants it; true when it changed. */
static bool refresh_timeout(json_object *handler, const kit_hooks_layout *l,
                            const kit_hook_event *e)
{
    int want = e->timeout ? e->timeout : l->timeout;
    json_object *have;
    if (!l->timeout_key ||
        (json_object_object_get_ex(handler, l->timeout_key, &have) &&
         json_object_is_type(have, json_type_int) && json_object_get_int(have) == want))
        return false;
    json_object_object_add(handler, l->timeout_key, json_object_new_int(want));
    return true;
}

static bool only_ours(json_object *handlers, const kit_hooks_layout *l)
{
    for (size_t j = 0; j < json_object_array_length(handlers); j++) {
        const char *command = handler_command(json_object_array_get_idx(handlers, j), l);
        if (!command || !kit_is_our_command(command, l->harness))
            return false;
    }
    return true;
}

/* A group that holds only our handlers takes the layout's matcher: a newer version may watch
 * more tools. A group the user shares with handlers of their own keeps theirs. True when it
 * changed. */
static bool refresh_matcher(json_object *group, json_object *handlers, const kit_hooks_layout *l,
                            const kit_hook_event *e)
{
    json_object *have = NULL;
    bool has = json_object_object_get_ex(group, "matcher", &have);
    bool same = e->matcher ? has && json_object_is_type(have, json_type_string) &&
                                 strcmp(json_object_get_string(have), e->matcher) == 0
                           : !has;
    if (same || !only_ours(handlers, l))
        return false;
    if (e->matcher)
        json_object_object_add(group, "matcher", json_object_new_string(e->matcher));
    else
        json_object_object_del(group, "matcher");
    return true;
}

/* Our handler as this version writes it: its command (an install path that changed), its
 * timeout, and its group's matcher. True when anything changed. */
static bool refresh_ours(json_object *group, json_object *handlers, json_object *handler,
                         const kit_hooks_layout *l, const kit_hook_event *e, const char *command)
{
    bool changed = strcmp(handler_command(handler, l), command) != 0;
    if (changed)
        json_object_object_add(handler, l->command_key, json_object_new_string(command));
    changed |= refresh_timeout(handler, l, e);
    return (group && refresh_matcher(group, handlers, l, e)) || changed;
}

/* 2: ours was there and something of it was updated (refresh_ours), in every such entry of the
 * event; 1: ours is there as this version writes it; 0: not there. */
static int find_ours(json_object *groups, const kit_hooks_layout *l, const kit_hook_event *e,
                     const char *command)
{
    bool found = false, updated = false;
    for (size_t i = 0; i < list_count(groups, l); i++) {
        json_object *handlers = handler_list(groups, i, l);
        json_object *group =
            l->shape == KIT_HOOKS_FLAT ? NULL : json_object_array_get_idx(groups, i);
        for (size_t j = 0; handlers && j < json_object_array_length(handlers); j++) {
            json_object *handler = json_object_array_get_idx(handlers, j);
            const char *present = handler_command(handler, l);
            if (!present || !kit_is_our_command(present, l->harness))
                continue;
            found = true;
            updated |= refresh_ours(group, handlers, handler, l, e, command);
        }
    }
    return updated ? 2 : found ? 1 : 0;
}

static json_object *new_handler(const kit_hooks_layout *l, const kit_hook_event *e,
                                const char *command)
{
    json_object *handler = json_object_new_object();
    if (l->type)
        json_object_object_add(handler, "type", json_object_new_string(l->type));
    json_object_object_add(handler, l->command_key, json_object_new_string(command));
    if (l->timeout_key)
        json_object_object_add(handler, l->timeout_key,
                               json_object_new_int(e->timeout ? e->timeout : l->timeout));
    return handler;
}

/* The entry added to an event: the handler itself (flat), or a group holding it. */
static json_object *new_entry(const kit_hooks_layout *l, const kit_hook_event *e,
                              const char *command)
{
    json_object *handler = new_handler(l, e, command);
    if (l->shape == KIT_HOOKS_FLAT)
        return handler;
    json_object *handlers = json_object_new_array();
    json_object_array_add(handlers, handler);
    json_object *group = json_object_new_object();
    if (e->matcher)
        json_object_object_add(group, "matcher", json_object_new_string(e->matcher));
    json_object_object_add(group, "hooks", handlers);
    return group;
}

/* Each of the layout's events is missing or an array. Checked before the first change, so that
 * "nothing changed" holds for the tree too, not only for the file. */
static bool events_are_arrays(json_object *hooks, const kit_hooks_layout *l, char *err,
                              size_t errlen)
{
    for (size_t i = 0; i < l->n_events; i++) {
        json_object *groups;
        if (json_object_object_get_ex(hooks, l->events[i].event, &groups) &&
            !json_object_is_type(groups, json_type_array)) {
            snprintf(err, errlen, "\"hooks.%s\" is not an array; nothing changed",
                     l->events[i].event);
            return false;
        }
    }
    return true;
}

/* 1 when ours was added or updated, 0 when it was there (the event is missing or an array). */
static int install_event(json_object *hooks, const kit_hooks_layout *l, const kit_hook_event *e,
                         const char *command)
{
    json_object *groups;
    if (!json_object_object_get_ex(hooks, e->event, &groups)) {
        groups = json_object_new_array();
        json_object_object_add(hooks, e->event, groups);
    }
    int found = find_ours(groups, l, e, command);
    if (found == 0)
        json_object_array_add(groups, new_entry(l, e, command));
    return found == 1 ? 0 : 1;
}

/* A harness whose hooks are files (hook_files.h) has no settings file to edit. */
static bool has_settings(const kit_hooks_layout *l, char *err, size_t errlen)
{
    if (l->shape != KIT_HOOKS_FILES)
        return true;
    snprintf(err, errlen, "%s keeps its hooks in files, not in a settings file", l->harness);
    return false;
}

int kit_hooks_install(json_object *root, const kit_hooks_layout *l, const char *command, char *err,
                      size_t errlen)
{
    if (!has_settings(l, err, errlen))
        return -1;
    bool bad = false;
    json_object *hooks = hooks_object(root, l, true, &bad, err, errlen);
    if (!hooks || !events_are_arrays(hooks, l, err, errlen))
        return -1;
    int changes = 0;
    for (size_t i = 0; i < l->n_events; i++)
        changes += install_event(hooks, l, &l->events[i], command);
    return changes;
}

/* ---- uninstall ------------------------------------------------------------------------------ */

/* Removes ours from one array of handlers; returns how many. */
static int strip_handlers(json_object *handlers, const kit_hooks_layout *l)
{
    int removed = 0;
    for (size_t j = json_object_array_length(handlers); j-- > 0;) {
        const char *command = handler_command(json_object_array_get_idx(handlers, j), l);
        if (command && kit_is_our_command(command, l->harness)) {
            json_object_array_del_idx(handlers, j, 1);
            removed++;
        }
    }
    return removed;
}

static int strip_event(json_object *groups, const kit_hooks_layout *l)
{
    if (l->shape == KIT_HOOKS_FLAT)
        return strip_handlers(groups, l);
    int removed = 0;
    for (size_t i = json_object_array_length(groups); i-- > 0;) {
        json_object *handlers = group_handlers(json_object_array_get_idx(groups, i));
        int here = handlers ? strip_handlers(handlers, l) : 0;
        if (here && json_object_array_length(handlers) == 0)
            json_object_array_del_idx(groups, i, 1);
        removed += here;
    }
    return removed;
}

int kit_hooks_uninstall(json_object *root, const kit_hooks_layout *l, char *err, size_t errlen)
{
    if (!has_settings(l, err, errlen))
        return -1;
    bool bad = false;
    json_object *hooks = hooks_object(root, l, false, &bad, err, errlen);
    if (!hooks)
        return bad ? -1 : 0;
    int removed = 0;
    const char *emptied[64];
    size_t n_emptied = 0;
    json_object_object_foreach(hooks, event, groups)
    {
        if (!json_object_is_type(groups, json_type_array))
            continue;
        int here = strip_event(groups, l);
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

char *kit_json_format(json_object *root)
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
