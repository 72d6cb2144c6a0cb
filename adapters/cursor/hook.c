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

static bool parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    return cu_payload_parse(text, len, payload, err, errlen);
}

static bool payload_usable(const void *payload)
{
    const cu_payload *p = payload;
    if (p->event > CU_EVENT_IGNORED && !p->conversation_id[0]) {
        kit_log(CU_WHO, "%s: the payload has no conversation_id; ignored", p->event_name);
        return false;
    }
    return kit_frame_payload_usable(CU_WHO, p->event == CU_EVENT_IGNORED,
                                    p->event != CU_EVENT_UNKNOWN, p->event_name,
                                    p->conversation_id);
}

static const char *session_id(const void *payload)
{
    return ((const cu_payload *)payload)->conversation_id;
}

static bool state_parse(const char *text, size_t len, void *session)
{
    return cu_state_parse(text, len, session);
}

static char *state_format(const void *session)
{
    return cu_state_format(session);
}

static kit_task *task(void *session)
{
    return &((cu_session *)session)->task;
}

static const kit_frame_adapter CU_ADAPTER = {
    .spec = &CU_HOOK_SPEC,
    .state_dir = "cursor",
    .payload_size = sizeof(cu_payload),
    .session_size = sizeof(cu_session),
    .parse = parse,
    .usable = payload_usable,
    .session_id = session_id,
    .state_parse = state_parse,
    .state_format = state_format,
    .task = task,
    .apply = cu_apply_event,
    .finalize = cu_finalize_task,
    .end_unstopped = cu_end_unstopped,
};

int cu_hook_run(const kit_host *host)
{
    return kit_frame_main(&CU_ADAPTER, host);
}
