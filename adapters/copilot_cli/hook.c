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

static bool parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    return cp_payload_parse(text, len, payload, err, errlen);
}

static bool payload_usable(const void *payload)
{
    const cp_payload *p = payload;
    if (p->event == CP_EVENT_UNKNOWN && !p->event_name[0]) {
        cp_log("the payload has none of the members that tell its event (prompt, toolName, "
               "stopReason, errorContext, source, trigger, reason); ignored");
        return false;
    }
    if (p->event != CP_EVENT_UNKNOWN && p->event != CP_EVENT_IGNORED && !p->session_id[0]) {
        cp_log("%s: the payload has no sessionId; ignored", p->event_name);
        return false;
    }
    return kit_frame_payload_usable(CP_WHO, p->event == CP_EVENT_IGNORED,
                                    p->event != CP_EVENT_UNKNOWN, p->event_name, p->session_id);
}

static const char *session_id(const void *payload)
{
    return ((const cp_payload *)payload)->session_id;
}

static bool state_parse(const char *text, size_t len, void *session)
{
    return cp_state_parse(text, len, session);
}

static char *state_format(const void *session)
{
    return cp_state_format(session);
}

static kit_task *task(void *session)
{
    return &((cp_session *)session)->task;
}

static const kit_frame_adapter CP_ADAPTER = {
    .spec = &CP_HOOK_SPEC,
    .state_dir = "copilot-cli",
    .payload_size = sizeof(cp_payload),
    .session_size = sizeof(cp_session),
    .parse = parse,
    .usable = payload_usable,
    .session_id = session_id,
    .state_parse = state_parse,
    .state_format = state_format,
    .task = task,
    .apply = cp_apply_event,
    .finalize = cp_finalize_task,
    .end_unstopped = cp_end_unstopped,
};

int cp_hook_run(const kit_host *host)
{
    return kit_frame_main(&CP_ADAPTER, host);
}
