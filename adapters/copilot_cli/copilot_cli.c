/* The Copilot CLI's hooks in a hooks file of our own, and the harness's entry for the command
 * (docs/harnesses/copilot-cli.md, "Setup"). */
#include "copilot_cli.h"

#include "hook.h"
#include "paths.h"

/* Copilot logs a hook that fails or times out and goes on; the hook takes milliseconds. */
#define HOOK_TIMEOUT_S 10

/* preToolUse and permissionRequest carry nothing the log does not say better. */
static const kit_hook_event EVENTS[] = {
    {"sessionStart", NULL, 0},       {"userPromptSubmitted", NULL, 0}, {"postToolUse", NULL, 0},
    {"postToolUseFailure", NULL, 0}, {"preCompact", NULL, 0},          {"errorOccurred", NULL, 0},
    {"agentStop", NULL, 0},          {"sessionEnd", NULL, 0},
};

/* {"version": 1, "hooks": {"<event>": [{"type": "command",
 *  "bash": "<this binary> hook copilot-cli", "timeoutSec": 10}]}} */
static const kit_hooks_layout LAYOUT = {
    .harness = "copilot-cli",
    .shape = KIT_HOOKS_FLAT,
    .command_key = "bash",
    .type = "command",
    .timeout_key = "timeoutSec",
    .timeout = HOOK_TIMEOUT_S,
    .version_key = "version",
    .events = EVENTS,
    .n_events = sizeof EVENTS / sizeof *EVENTS,
};

const kit_harness cp_harness = {
    .name = "copilot-cli",
    .title = "GitHub Copilot CLI",
    .hook = cp_hook_run,
    .layout = &LAYOUT,
    .scopes = "user|project",
    .settings_path = cp_hooks_path,
    .after_install = cp_after_install,
};
