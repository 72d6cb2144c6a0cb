/* Our entries in a harness's hook settings, added and removed on a json-c tree, which keeps
 * every other key and its order. Harnesses that run command hooks keep them under a top-level
 * "hooks" object, by event, in one of two shapes:
 *
 *   grouped  {"hooks": {"<Event>": [{"matcher": "...", "hooks": [<handler>, ...]}, ...]}}
 *            (Claude Code, Codex CLI, Gemini CLI)
 *   flat     {"version": 1, "hooks": {"<event>": [<handler>, ...]}}   (Cursor, Copilot CLI)
 *
 * and a handler is an object naming the command under some key ("command", or "bash"), maybe with
 * a "type" and a timeout. An entry is ours when its command is a program named mosaic-telemetry
 * (any directory, quoted or not) followed by exactly " hook <harness>": an entry of ours is
 * brought to this version's form in place (an install path that changed, its timeout, the
 * matcher of a group holding only ours), and nothing else is ever touched. */
#ifndef KIT_HOOKS_EDIT_H
#define KIT_HOOKS_EDIT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

/* KIT_HOOKS_FILES: no settings file but a directory of executable files named by event, each
 * running our command (Cline); installed by hook_files.h, not by the functions below. */
typedef enum kit_hooks_shape { KIT_HOOKS_GROUPED, KIT_HOOKS_FLAT, KIT_HOOKS_FILES } kit_hooks_shape;

/* An event our handler is added to, with its matcher (NULL: none; grouped shape only) and its own
 * timeout (0: the layout's), for events a harness cuts shorter than the others. */
typedef struct kit_hook_event {
    const char *event;
    const char *matcher;
    int timeout;
} kit_hook_event;

/* How one harness writes its hooks. */
typedef struct kit_hooks_layout {
    const char *harness; /* the word after "hook" in our command: "claude-code" */
    kit_hooks_shape shape;
    const char *command_key; /* "command" or "bash" */
    const char *type;        /* the handler's "type" value ("command"); NULL: no type key */
    const char *timeout_key; /* "timeout", "timeoutSec"; NULL: no timeout */
    int timeout;             /* in the harness's unit */
    const char *version_key; /* a key set to 1 at the top when the file is new; NULL: none */
    const kit_hook_event *events;
    size_t n_events;
} kit_hooks_layout;

/* The command for the binary at path: the path single-quoted when it holds a character the
 * shell would read; false when it cannot be written safely (a single quote in it). */
bool kit_hook_command(const char *binary_path, const char *harness, char *out, size_t len);
bool kit_is_our_command(const char *command, const char *harness);

/* Adds our handler to each event of the layout: an event holding ours as this version writes it
 * is left alone, one holding ours in another form (another install path, timeout or matcher) is
 * updated. Returns
 * the number of changes, or -1 (err) when the file's shape is not one the harness accepts (e.g.
 * "hooks" is not an object) or the layout is KIT_HOOKS_FILES. root must be an object. */
int kit_hooks_install(json_object *root, const kit_hooks_layout *layout, const char *command,
                      char *err, size_t errlen);
/* Removes each of our handlers wherever it is; a group, event or "hooks" object that only held
 * ours goes with it. Returns the number of handlers removed, or -1 (err) as above. */
int kit_hooks_uninstall(json_object *root, const kit_hooks_layout *layout, char *err,
                        size_t errlen);

/* The tree as harnesses write settings (JSON.stringify with 2-space indents), with a final
 * newline; malloc'd, NULL when memory runs out. */
char *kit_json_format(json_object *root);

#endif
