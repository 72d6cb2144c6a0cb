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

static bool parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    return cl_payload_parse(text, len, payload, err, errlen);
}

static bool payload_usable(const void *payload)
{
    const cl_payload *p = payload;
    if (p->event != CL_EVENT_UNKNOWN && p->event != CL_EVENT_IGNORED && !p->session_id[0]) {
        cl_log("%s: the payload has no sessionContext.rootSessionId; ignored", p->event_name);
        return false;
    }
    if (p->event == CL_EVENT_UNKNOWN && !p->event_name[0]) {
        cl_log("the payload has no hookName; ignored");
        return false;
    }
    return kit_frame_payload_usable(CL_WHO, p->event == CL_EVENT_IGNORED,
                                    p->event != CL_EVENT_UNKNOWN, p->event_name, p->session_id);
}

static const char *session_id(const void *payload)
{
    return ((const cl_payload *)payload)->session_id;
}

static bool state_parse(const char *text, size_t len, void *session)
{
    return cl_state_parse(text, len, session);
}

static char *state_format(const void *session)
{
    return cl_state_format(session);
}

static kit_task *task(void *session)
{
    return &((cl_session *)session)->task;
}

static const kit_frame_adapter CL_ADAPTER = {
    .spec = &CL_HOOK_SPEC,
    .state_dir = "cline",
    .payload_size = sizeof(cl_payload),
    .session_size = sizeof(cl_session),
    .parse = parse,
    .usable = payload_usable,
    .session_id = session_id,
    .state_parse = state_parse,
    .state_format = state_format,
    .task = task,
    .apply = cl_apply_event,
    .finalize = cl_finalize_task,
    .end_unstopped = cl_end_task,
};

int cl_hook_run(const kit_host *host)
{
    return kit_frame_main(&CL_ADAPTER, host);
}
