/* Cursor's hooks in its hooks.json, and the harness's entry for the command
 * (docs/harnesses/cursor.md, "Setup"). */
#include "cursor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    const char *home = getenv("HOME");
    bool user = !scope || strcmp(scope, "user") == 0;
    if (!user && strcmp(scope, "project") != 0) {
        snprintf(err, errlen, "--scope: expected user or project, got '%s'", scope);
        return false;
    }
    *modes = user ? KIT_MODES_PRIVATE : KIT_MODES_SHARED;
    char cwd[4096];
    int n = -1;
    if (user && home && *home)
        n = snprintf(out, len, "%s/.cursor/hooks.json", home);
    else if (!user && getcwd(cwd, sizeof cwd))
        n = snprintf(out, len, "%s/.cursor/hooks.json", cwd);
    if (n > 0 && (size_t)n < len)
        return true;
    snprintf(err, errlen,
             user ? "no user hooks file: set HOME" : "the current directory is unknown");
    return false;
}

const kit_harness cu_harness = {
    .name = "cursor",
    .title = "Cursor",
    .hook = cu_hook_run,
    .layout = &LAYOUT,
    .scopes = "user|project",
    .settings_path = hooks_path,
};
