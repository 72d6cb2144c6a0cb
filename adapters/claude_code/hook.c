/* `mosaic-telemetry hook claude-code`: read one payload, update the session under its lock, and
 * leave. The process contract (exit 0, stdout empty: exit 2 would block Claude Code and stdout
 * text would reach the model's context) is the kit's (hook_process.h), and so is the frame of the
 * run (hook_frame.h): this file hands it Claude Code's parts. */
#include "hook.h"
#include "cursor_guard.h"

static const kit_hook_spec CC_HOOK_SPEC = {
    .who = CC_WHO,
    .stdin_hint = "reads a Claude Code hook payload on stdin; see `mosaic-telemetry install "
                  "claude-code`",
    .now_env = "MOSAIC_TELEMETRY_CLAUDE_NOW_MS",
    .grace_env = "MOSAIC_TELEMETRY_CLAUDE_GRACE_MS",
    .grace_default_ms = CC_GRACE_MS_DEFAULT,
};

static bool parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    return cc_payload_parse(text, len, payload, err, errlen) &&
           cc_leave_to_cursor(text, len, payload);
}

/* StopFailure and SessionEnd fire while Claude Code exits, and in -p mode it kills hooks still
 * running some 30-100 ms later: their work goes to a detached child and the hook exits at
 * once. A grace period of 0 (tests that want each hook's effect before the next) keeps it here. */
static bool detach(const void *payload, int64_t grace_ms)
{
    cc_event event = ((const cc_payload *)payload)->head.event;
    return grace_ms > 0 && (event == CC_EVENT_STOP_FAILURE || event == CC_EVENT_SESSION_END);
}

static const kit_frame_adapter CC_ADAPTER = {
    .spec = &CC_HOOK_SPEC,
    .state_dir = "claude-code",
    .payload_size = sizeof(cc_payload),
    .session_size = sizeof(cc_session),
    .task_offset = offsetof(cc_session, task),
    .parse = parse,
    .state_parse = cc_state_parse,
    .state_format = cc_state_format,
    .apply = cc_apply_event,
    .finalize = cc_finalize_task,
    .end_unstopped = cc_end_unstopped,
    .detach = detach,
};

int cc_hook_run(const kit_host *host)
{
    return kit_frame_main(&CC_ADAPTER, host);
}
