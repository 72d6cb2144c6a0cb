/* `mosaic-telemetry hook cursor`: read one payload, update the conversation under its lock, and
 * leave. The process contract (exit 0, stdout empty) and the frame of the run are the kit's
 * (hook_process.h, hook_frame.h); this file hands it Cursor's parts. Cursor keeps no log of
 * usage to wait for (its tokens come on stop), so a task is reported as soon as it stops. */
#include "hook.h"

static const kit_hook_spec CU_HOOK_SPEC = {
    .who = CU_WHO,
    .stdin_hint = "reads a Cursor hook payload on stdin; see `mosaic-telemetry install cursor`",
    .now_env = "MOSAIC_TELEMETRY_CURSOR_NOW_MS",
    .grace_env = NULL,
    .grace_default_ms = 0,
};

static const kit_frame_adapter CU_ADAPTER = {
    .spec = &CU_HOOK_SPEC,
    .state_dir = "cursor",
    .payload_size = sizeof(cu_payload),
    .session_size = sizeof(cu_session),
    .session_member = "conversation_id",
    .task_offset = offsetof(cu_session, task),
    .parse = cu_payload_parse,
    .state_parse = cu_state_parse,
    .state_format = cu_state_format,
    .apply = cu_apply_event,
    .finalize = cu_finalize_task,
    .end_unstopped = cu_end_unstopped,
};

int cu_hook_run(const kit_host *host)
{
    return kit_frame_main(&CU_ADAPTER, host);
}
