/* Gemini CLI's hooks in its settings.json, and the harness's entry for the command
 * (docs/harnesses/gemini-cli.md, "Setup"). The same entries ship as an extension in
 * adapters/gemini_cli/extension/. */
#include "gemini_cli.h"

#include "config_note.h"
#include "hook.h"
#include "paths.h"

/* Gemini CLI's timeouts are in milliseconds. */
#define HOOK_TIMEOUT_MS 10000

/* AfterTool only for the tools the adapter reads: the matcher is a regular expression on the
 * tool's name. */
static const kit_hook_event EVENTS[] = {
    {"SessionStart", NULL, 0},
    {"BeforeAgent", NULL, 0},
    {"AfterTool", "run_shell_command|write_file|replace", 0},
    {"AfterAgent", NULL, 0},
    {"SessionEnd", NULL, 0},
};

/* {"hooks": {"<Event>": [{"matcher": "...", "hooks": [{"type": "command",
 *  "command": "<this binary> hook gemini-cli", "timeout": 10000}]}]}}. */
static const kit_hooks_layout LAYOUT = {
    .harness = "gemini-cli",
    .shape = KIT_HOOKS_GROUPED,
    .command_key = "command",
    .type = "command",
    .timeout_key = "timeout",
    .timeout = HOOK_TIMEOUT_MS,
    .events = EVENTS,
    .n_events = sizeof EVENTS / sizeof *EVENTS,
};

const kit_harness gm_harness = {
    .name = "gemini-cli",
    .title = "Gemini CLI",
    .hook = gm_hook_run,
    .layout = &LAYOUT,
    .scopes = "user|project",
    .settings_path = gm_settings_path,
    .after_install = gm_after_install,
};
