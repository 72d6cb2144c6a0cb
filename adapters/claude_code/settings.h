/* Our entries in a Claude Code settings.json (harness-hooks.md §1.1), added and removed on a
 * json-c tree, which keeps every other key and its order:
 *
 *   {"hooks": {"<Event>": [{"matcher": "...", "hooks": [{"type": "command",
 *              "command": "<this binary> hook claude-code", "timeout": 10}]}]}}
 *
 * An entry is ours when it is a command handler whose command is a program named
 * mosaic-telemetry (any directory, quoted or not) followed by exactly " hook claude-code". */
#ifndef CC_SETTINGS_H
#define CC_SETTINGS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#define CC_HOOK_TIMEOUT_S 10

/* The events the adapter needs, with their matcher (NULL: the event takes none). */
typedef struct cc_hook_spec {
    const char *event;
    const char *matcher;
} cc_hook_spec;
extern const cc_hook_spec CC_HOOK_SPECS[];
extern const size_t CC_HOOK_SPEC_COUNT;

/* The command for the binary at path: the path single-quoted when it holds a character the
 * shell would read; false when it cannot be written safely (a single quote in it). */
bool cc_hook_command(const char *binary_path, char *out, size_t len);
bool cc_is_our_command(const char *command);

/* Adds our handler to each event it needs: an event holding ours with the same command is
 * left alone, one holding ours with another command (another install path) is updated. Returns
 * the number of changes, or -1 (err) when the file's shape is not one Claude Code accepts
 * (e.g. "hooks" is not an object). root must be an object. */
int cc_settings_install(json_object *root, const char *command, char *err, size_t errlen);
/* Removes each of our handlers wherever it is; a group, event or "hooks" object that only held
 * ours goes with it. Returns the number of handlers removed, or -1 (err) as above. */
int cc_settings_uninstall(json_object *root, char *err, size_t errlen);

/* The tree as Claude Code writes settings (JSON.stringify with 2-space indents), with a final
 * newline; malloc'd, NULL when memory runs out. */
char *cc_settings_format(json_object *root);

#endif
