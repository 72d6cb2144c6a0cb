/* Codex's hooks in its hooks.json, and the harness's entry for the command
 * (docs/harnesses/codex.md, "Setup"). */
#include "codex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hook.h"
#include "trust.h"

#define HOOK_TIMEOUT_S 10
/* Codex cuts SessionEnd (and Interrupt) hooks at 3 s and warns at every run when one asks more
 * (docs/harnesses/codex.md, "What the hooks receive"). */
#define SESSION_END_TIMEOUT_S 3

/* The shell tool is reported as "Bash", edits as "apply_patch". */
static const kit_hook_event EVENTS[] = {
    {"SessionStart", NULL, 0}, {"UserPromptSubmit", NULL, 0},
    {"PreToolUse", "Bash", 0}, {"PostToolUse", "Bash|apply_patch", 0},
    {"PostCompact", NULL, 0},  {"SubagentStop", NULL, 0},
    {"Stop", NULL, 0},         {"SessionEnd", NULL, SESSION_END_TIMEOUT_S},
};

/* {"hooks": {"<Event>": [{"matcher": "...", "hooks": [{"type": "command",
 *  "command": "<this binary> hook codex", "timeout": 10}]}]}}, as Claude Code's. */
static const kit_hooks_layout LAYOUT = {
    .harness = "codex",
    .shape = KIT_HOOKS_GROUPED,
    .command_key = "command",
    .type = "command",
    .timeout_key = "timeout",
    .timeout = HOOK_TIMEOUT_S,
    .events = EVENTS,
    .n_events = sizeof EVENTS / sizeof *EVENTS,
};

/* user: $CODEX_HOME/hooks.json, else ~/.codex/hooks.json; project: ./.codex/hooks.json. */
static bool settings_path(const char *scope, char *out, size_t len, kit_file_modes *modes,
                          char *err, size_t errlen)
{
    const char *home = getenv("CODEX_HOME"), *user_home = getenv("HOME");
    bool user = !scope || strcmp(scope, "user") == 0;
    if (!user && strcmp(scope, "project") != 0) {
        snprintf(err, errlen, "--scope: expected user or project, got '%s'", scope);
        return false;
    }
    *modes = user ? KIT_MODES_PRIVATE : KIT_MODES_SHARED;
    char cwd[4096];
    int n = -1;
    if (user && home && *home)
        n = snprintf(out, len, "%s/hooks.json", home);
    else if (user && user_home && *user_home)
        n = snprintf(out, len, "%s/.codex/hooks.json", user_home);
    else if (!user && getcwd(cwd, sizeof cwd))
        n = snprintf(out, len, "%s/.codex/hooks.json", cwd);
    if (n > 0 && (size_t)n < len)
        return true;
    snprintf(err, errlen,
             user ? "no user hooks file: set HOME or CODEX_HOME"
                  : "the current directory is unknown");
    return false;
}

const kit_harness cx_harness = {
    .name = "codex",
    .title = "Codex CLI",
    .hook = cx_hook_run,
    .layout = &LAYOUT,
    .scopes = "user|project",
    .settings_path = settings_path,
    .after_install = cx_after_install,
};
