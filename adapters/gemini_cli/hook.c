/* `mosaic-telemetry hook gemini-cli`: read one payload, update the session under its lock, and
 * leave. The process contract (exit 0, stdout empty: Gemini CLI reads stdout as JSON, and exit 2
 * of a BeforeAgent hook blocks the user's turn) is the kit's (hook_process.h), and so is the frame
 * of the run (hook_frame.h): this file hands it Gemini CLI's parts. */
#include "hook.h"

static const kit_hook_spec GM_HOOK_SPEC = {
    .who = GM_WHO,
    .stdin_hint =
        "reads a Gemini CLI hook payload on stdin; see `mosaic-telemetry install gemini-cli`",
    .now_env = "MOSAIC_TELEMETRY_GEMINI_NOW_MS",
    .grace_env = "MOSAIC_TELEMETRY_GEMINI_GRACE_MS",
    .grace_default_ms = GM_GRACE_MS_DEFAULT,
};

static const kit_frame_adapter GM_ADAPTER = {
    .spec = &GM_HOOK_SPEC,
    .state_dir = "gemini-cli",
    .payload_size = sizeof(gm_payload),
    .session_size = sizeof(gm_session),
    .task_offset = offsetof(gm_session, task),
    .parse = gm_payload_parse,
    .state_parse = gm_state_parse,
    .state_format = gm_state_format,
    .apply = gm_apply_event,
    .finalize = gm_finalize_task,
    .end_unstopped = gm_end_unstopped,
};

int gm_hook_run(const kit_host *host)
{
    return kit_frame_main(&GM_ADAPTER, host);
}
