/* Codex's hooks in its hooks.json, and the harness's entry for the command
 * (docs/harnesses/codex.md, "Setup"). */
#include "codex.h"

#include "hook.h"
#include "paths.h"
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

const kit_harness cx_harness = {
    .name = "codex",
    .title = "Codex CLI",
    .hook = cx_hook_run,
    .layout = &LAYOUT,
    .scopes = "user|project",
    .settings_path = cx_hooks_path,
    .after_install = cx_after_install,
    .doctor = cx_doctor,
};
