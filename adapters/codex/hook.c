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

static bool parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    return cx_payload_parse(text, len, payload, err, errlen);
}

static bool payload_usable(const void *payload)
{
    const cx_payload *p = payload;
    return kit_frame_payload_usable(CX_WHO, p->event == CX_EVENT_IGNORED,
                                    p->event != CX_EVENT_UNKNOWN, p->event_name, p->session_id);
}

static const char *session_id(const void *payload)
{
    return ((const cx_payload *)payload)->session_id;
}

static bool state_parse(const char *text, size_t len, void *session)
{
    return cx_state_parse(text, len, session);
}

static char *state_format(const void *session)
{
    return cx_state_format(session);
}

static kit_task *task(void *session)
{
    return &((cx_session *)session)->task;
}

static const kit_frame_adapter CX_ADAPTER = {
    .spec = &CX_HOOK_SPEC,
    .state_dir = "codex",
    .payload_size = sizeof(cx_payload),
    .session_size = sizeof(cx_session),
    .parse = parse,
    .usable = payload_usable,
    .session_id = session_id,
    .state_parse = state_parse,
    .state_format = state_format,
    .task = task,
    .apply = cx_apply_event,
    .finalize = cx_finalize_task,
    .end_unstopped = cx_end_unstopped,
};

int cx_hook_run(const kit_host *host)
{
    return kit_frame_main(&CX_ADAPTER, host);
}
