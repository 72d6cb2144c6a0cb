/* `mosaic-telemetry hook cline`: read one payload, update the session under its lock, and leave.
 * The process contract (exit 0, stdout empty) is the kit's (hook_process.h), and so is the frame
 * of the run (hook_frame.h): this file hands it Cline's parts. */
#include "hook.h"

static const kit_hook_spec CL_HOOK_SPEC = {
    .who = CL_WHO,
    .stdin_hint = "reads a Cline hook payload on stdin; see `mosaic-telemetry install "
                  "cline`",
    .now_env = "MOSAIC_TELEMETRY_CLINE_NOW_MS",
    .grace_env = "MOSAIC_TELEMETRY_CLINE_GRACE_MS",
    .grace_default_ms = CL_GRACE_MS_DEFAULT,
};

static const kit_frame_adapter CL_ADAPTER = {
    .spec = &CL_HOOK_SPEC,
    .state_dir = "cline",
    .payload_size = sizeof(cl_payload),
    .session_size = sizeof(cl_session),
    .event_member = "hookName",
    .session_member = "sessionContext.rootSessionId",
    .task_offset = offsetof(cl_session, task),
    .parse = cl_payload_parse,
    .state_parse = cl_state_parse,
    .state_format = cl_state_format,
    .apply = cl_apply_event,
    .finalize = cl_finalize_task,
    .end_unstopped = cl_end_task,
};

int cl_hook_run(const kit_host *host)
{
    return kit_frame_main(&CL_ADAPTER, host);
}
