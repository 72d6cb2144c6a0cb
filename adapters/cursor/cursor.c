/* Cursor's hooks in its hooks.json, and the harness's entry for the command
 * (docs/harnesses/cursor.md, "Setup"). */
#include "cursor.h"

#include <stdlib.h>

#include "hook.h"

static const kit_hook_event EVENTS[] = {
    {"beforeSubmitPrompt", NULL, 0}, {"stop", NULL, 0},
    {"preCompact", NULL, 0},         {"afterShellExecution", NULL, 0},
    {"postToolUseFailure", NULL, 0}, {"afterFileEdit", NULL, 0},
    {"sessionEnd", NULL, 0},
};

/* {"version": 1, "hooks": {"<event>": [{"command": "<this binary> hook cursor"}]}} */
static const kit_hooks_layout LAYOUT = {
    .harness = "cursor",
    .shape = KIT_HOOKS_FLAT,
    .command_key = "command",
    .type = NULL,
    .timeout_key = NULL,
    .version_key = "version",
    .events = EVENTS,
    .n_events = sizeof EVENTS / sizeof *EVENTS,
};

/* user: ~/.cursor/hooks.json; project: ./.cursor/hooks.json. */
static bool hooks_path(const char *scope, char *out, size_t len, kit_file_modes *modes, char *err,
                       size_t errlen)
{
    return kit_scope_path(scope, getenv("HOME"), ".cursor/hooks.json", ".cursor/hooks.json",
                          "no user hooks file: set HOME", out, len, modes, err, errlen);
}

const kit_harness cu_harness = {
    .name = "cursor",
    .title = "Cursor",
    .hook = cu_hook_run,
    .layout = &LAYOUT,
    .scopes = "user|project",
    .settings_path = hooks_path,
};
