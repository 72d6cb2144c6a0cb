/* `mosaic-telemetry hook copilot-cli`: read one payload, update the session under its lock, and
 * leave. The process contract (exit 0, stdout empty) is the kit's (hook_process.h), and so is
 * the frame of the run (hook_frame.h): this file hands it the Copilot CLI's parts. */
#include "hook.h"

static const kit_hook_spec CP_HOOK_SPEC = {
    .who = CP_WHO,
    .stdin_hint = "reads a Copilot CLI hook payload on stdin; see `mosaic-telemetry install "
                  "copilot-cli`",
    .now_env = "MOSAIC_TELEMETRY_COPILOT_NOW_MS",
    .grace_env = "MOSAIC_TELEMETRY_COPILOT_GRACE_MS",
    .grace_default_ms = CP_GRACE_MS_DEFAULT,
};

/* A payload that tells no event at all is logged with the members that would have told it;
 * the rest is the frame's check of the head. */
static bool payload_usable(const void *payload);

static const kit_frame_adapter CP_ADAPTER = {
    .spec = &CP_HOOK_SPEC,
    .state_dir = "copilot-cli",
    .payload_size = sizeof(cp_payload),
    .session_size = sizeof(cp_session),
    .usable = payload_usable,
    .session_member = "sessionId",
    .task_offset = offsetof(cp_session, task),
    .parse = cp_payload_parse,
    .state_parse = cp_state_parse,
    .state_format = cp_state_format,
    .apply = cp_apply_event,
    .finalize = cp_finalize_task,
    .end_unstopped = cp_end_unstopped,
};

static bool payload_usable(const void *payload)
{
    const kit_payload_head *head = payload; /* a cp_payload begins with it */
    if (head->event == CP_EVENT_UNKNOWN && !head->event_name[0]) {
        cp_log("the payload has none of the members that tell its event (prompt, toolName, "
               "stopReason, errorContext, source, trigger, reason); ignored");
        return false;
    }
    return kit_frame_head_usable(&CP_ADAPTER, head);
}

int cp_hook_run(const kit_host *host)
{
    return kit_frame_main(&CP_ADAPTER, host);
}
