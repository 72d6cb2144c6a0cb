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

static bool parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    return gm_payload_parse(text, len, payload, err, errlen);
}

static bool payload_usable(const void *payload)
{
    const gm_payload *p = payload;
    return kit_frame_payload_usable(GM_WHO, p->event == GM_EVENT_IGNORED,
                                    p->event != GM_EVENT_UNKNOWN, p->event_name, p->session_id);
}

static const char *session_id(const void *payload)
{
    return ((const gm_payload *)payload)->session_id;
}

static bool state_parse(const char *text, size_t len, void *session)
{
    return gm_state_parse(text, len, session);
}

static char *state_format(const void *session)
{
    return gm_state_format(session);
}

static kit_task *task(void *session)
{
    return &((gm_session *)session)->task;
}

static const kit_frame_adapter GM_ADAPTER = {
    .spec = &GM_HOOK_SPEC,
    .state_dir = "gemini-cli",
    .payload_size = sizeof(gm_payload),
    .session_size = sizeof(gm_session),
    .parse = parse,
    .usable = payload_usable,
    .session_id = session_id,
    .state_parse = state_parse,
    .state_format = state_format,
    .task = task,
    .apply = gm_apply_event,
    .finalize = gm_finalize_task,
    .end_unstopped = gm_end_unstopped,
};

int gm_hook_run(const kit_host *host)
{
    return kit_frame_main(&GM_ADAPTER, host);
}
