/* Claude Code's hooks in its settings.json, and the harness's entry for the command. */
#include "claude_code.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hook.h"

#define HOOK_TIMEOUT_S 10

/* Pre and PostToolUseFailure matter for the tools that run commands only (gates); PostToolUse
 * also for edits (files). Events that take no matcher get none. Compactions are counted at
 * PostCompact: since 2.1.105 a PreCompact hook can block the compaction it announces. */
#define COMMAND_TOOLS "Bash|PowerShell|Monitor"
static const kit_hook_event EVENTS[] = {
    {"SessionStart", NULL, 0},
    {"UserPromptSubmit", NULL, 0},
    {"PreToolUse", COMMAND_TOOLS, 0},
    {"PostToolUse", COMMAND_TOOLS "|Edit|Write|MultiEdit|NotebookEdit", 0},
    {"PostToolUseFailure", COMMAND_TOOLS, 0},
    {"PostCompact", NULL, 0},
    {"SubagentStop", NULL, 0},
    {"Stop", NULL, 0},
    {"StopFailure", NULL, 0},
    {"SessionEnd", NULL, 0},
};

/* {"hooks": {"<Event>": [{"matcher": "...", "hooks": [{"type": "command",
 *  "command": "<this binary> hook claude-code", "timeout": 10}]}]}} */
static const kit_hooks_layout LAYOUT = {
    .harness = "claude-code",
    .shape = KIT_HOOKS_GROUPED,
    .command_key = "command",
    .type = "command",
    .timeout_key = "timeout",
    .timeout = HOOK_TIMEOUT_S,
    .events = EVENTS,
    .n_events = sizeof EVENTS / sizeof *EVENTS,
};

/* user: $CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json; project:
 * ./.claude/settings.json; local: ./.claude/settings.local.json. */
static bool settings_path(const char *scope, char *out, size_t len, kit_file_modes *modes,
                          char *err, size_t errlen)
{
    const char *config = getenv("CLAUDE_CONFIG_DIR"), *home = getenv("HOME");
    bool user = !scope || strcmp(scope, "user") == 0, local = scope && !strcmp(scope, "local");
    if (!user && !local && strcmp(scope, "project") != 0) {
        snprintf(err, errlen, "--scope: expected user, project or local, got '%s'", scope);
        return false;
    }
    *modes = user || local ? KIT_MODES_PRIVATE : KIT_MODES_SHARED;
    char cwd[4096];
    int n = -1;
    if (user && config && *config)
        n = snprintf(out, len, "%s/settings.json", config);
    else if (user && home && *home)
        n = snprintf(out, len, "%s/.claude/settings.json", home);
    else if (!user && getcwd(cwd, sizeof cwd))
        n = snprintf(out, len, "%s/.claude/settings%s.json", cwd, local ? ".local" : "");
    if (n > 0 && (size_t)n < len)
        return true;
    snprintf(err, errlen,
             user ? "no user settings: set HOME or CLAUDE_CONFIG_DIR"
                  : "the current directory is unknown");
    return false;
}

const kit_harness cc_harness = {
    .name = "claude-code",
    .title = "Claude Code",
    .hook = cc_hook_run,
    .layout = &LAYOUT,
    .scopes = "user|project|local",
    .settings_path = settings_path,
};
