/* Cline's hooks, one executable file per event in a hooks directory, and the harness's entry for
 * the command (docs/harnesses/cline.md, "Setup"). */
#include "cline.h"

#include "hook.h"
#include "paths.h"

/* PreToolUse is not installed: Cline waits for tool hooks, and it carries nothing PostToolUse
 * does not. PreCompact is run by no file hook in Cline 3 (the reference notes). */
static const kit_hook_event EVENTS[] = {
    {"TaskStart", NULL, 0},   {"TaskResume", NULL, 0},      {"UserPromptSubmit", NULL, 0},
    {"PostToolUse", NULL, 0}, {"TaskComplete", NULL, 0},    {"TaskError", NULL, 0},
    {"TaskCancel", NULL, 0},  {"SessionShutdown", NULL, 0},
};

static const kit_hooks_layout LAYOUT = {
    .harness = "cline",
    .shape = KIT_HOOKS_FILES,
    .events = EVENTS,
    .n_events = sizeof EVENTS / sizeof *EVENTS,
};

const kit_harness cl_harness = {
    .name = "cline",
    .title = "Cline",
    .hook = cl_hook_run,
    .layout = &LAYOUT,
    .scopes = "user|project",
    .settings_path = cl_hooks_path,
};
