/* `mosaic-telemetry hook codex`: read one payload, update the session under its lock, and leave.
 * The process contract (exit 0, stdout empty) is the kit's (hook_process.h), and so is the frame
 * of the run (hook_frame.h): this file hands it Codex's parts. */
#include "hook.h"

static const kit_hook_spec CX_HOOK_SPEC = {
    .who = CX_WHO,
    .stdin_hint = "reads a Codex CLI hook payload on stdin; see `mosaic-telemetry install codex`",
    .now_env = "MOSAIC_TELEMETRY_CODEX_NOW_MS",
    .grace_env = "MOSAIC_TELEMETRY_CODEX_GRACE_MS",
    .grace_default_ms = CX_GRACE_MS_DEFAULT,
};

static const kit_frame_adapter CX_ADAPTER = {
    .spec = &CX_HOOK_SPEC,
    .state_dir = "codex",
    .payload_size = sizeof(cx_payload),
    .session_size = sizeof(cx_session),
    .task_offset = offsetof(cx_session, task),
    .parse = cx_payload_parse,
    .state_parse = cx_state_parse,
    .state_format = cx_state_format,
    .apply = cx_apply_event,
    .finalize = cx_finalize_task,
    .end_unstopped = cx_end_unstopped,
};

int cx_hook_run(const kit_host *host)
{
    return kit_frame_main(&CX_ADAPTER, host);
}
