/* `mosaic-telemetry hook claude-code`: read one payload, update the session under its lock, and
 * leave. The process contract (exit 0, stdout empty: exit 2 would block Claude Code and stdout
 * text would reach the model's context) is the kit's (hook_process.h), and so is the frame of the
 * run (hook_frame.h): this file hands it Claude Code's parts. */
#include "hook.h"

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
    return cc_payload_parse(text, len, payload, err, errlen);
}

/* Checks what the payload must have; logs and returns false otherwise. */
static bool payload_usable(const void *payload)
{
    const cc_payload *p = payload;
    return kit_frame_payload_usable(CC_WHO, p->event == CC_EVENT_IGNORED,
                                    p->event != CC_EVENT_UNKNOWN, p->event_name, p->session_id);
}

static const char *session_id(const void *payload)
{
    return ((const cc_payload *)payload)->session_id;
}

static bool state_parse(const char *text, size_t len, void *session)
{
    return cc_state_parse(text, len, session);
}

static char *state_format(const void *session)
{
    return cc_state_format(session);
}

static kit_task *task(void *session)
{
    return &((cc_session *)session)->task;
}

/* StopFailure and SessionEnd fire while Claude Code exits, and in -p mode it kills hooks still
 * running some 30-100 ms later: their work goes to a detached child and the hook exits at
 * once. A grace period of 0 (tests that want each hook's effect before the next) keeps it here. */
static bool detach(const void *payload, int64_t grace_ms)
{
    cc_event event = ((const cc_payload *)payload)->event;
    return grace_ms > 0 && (event == CC_EVENT_STOP_FAILURE || event == CC_EVENT_SESSION_END);
}

static const kit_frame_adapter CC_ADAPTER = {
    .spec = &CC_HOOK_SPEC,
    .state_dir = "claude-code",
    .payload_size = sizeof(cc_payload),
    .session_size = sizeof(cc_session),
    .parse = parse,
    .usable = payload_usable,
    .session_id = session_id,
    .state_parse = state_parse,
    .state_format = state_format,
    .task = task,
    .apply = cc_apply_event,
    .finalize = cc_finalize_task,
    .end_unstopped = cc_end_unstopped,
    .detach = detach,
};

int cc_hook_run(const kit_host *host)
{
    return kit_frame_main(&CC_ADAPTER, host);
}
