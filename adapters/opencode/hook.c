/* `mosaic-telemetry hook opencode`: read one payload from the plugin, update the session under
 * its lock, and leave. The process contract (exit 0, stdout empty) and the frame of the run are
 * the kit's (hook_process.h, hook_frame.h); this file hands it OpenCode's parts. The plugin sends
 * a task's end whole, so there is no grace period to wait for a log. */
#include "hook.h"

static const kit_hook_spec OC_HOOK_SPEC = {
    .who = OC_WHO,
    .stdin_hint = "reads a payload of the OpenCode plugin on stdin; see `mosaic-telemetry install "
                  "opencode`",
    .now_env = "MOSAIC_TELEMETRY_OPENCODE_NOW_MS",
    .grace_env = NULL,
    .grace_default_ms = 0,
};

static const kit_frame_adapter OC_ADAPTER = {
    .spec = &OC_HOOK_SPEC,
    .state_dir = "opencode",
    .payload_size = sizeof(oc_payload),
    .session_size = sizeof(oc_session),
    .task_offset = offsetof(oc_session, task),
    .parse = oc_payload_parse,
    .release = oc_payload_release,
    .state_parse = oc_state_parse,
    .state_format = oc_state_format,
    .apply = oc_apply_event,
    .finalize = oc_finalize_task,
    .end_unstopped = oc_end_unstopped,
};

int oc_hook_run(const kit_host *host)
{
    return kit_frame_main(&OC_ADAPTER, host);
}
