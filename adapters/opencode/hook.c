/* `mosaic-telemetry hook opencode`: read one payload from the plugin, update the session under
 * its lock, and leave. The process contract (exit 0, stdout empty) and the frame of the run are
 * the kit's (hook_process.h, hook_frame.h); this file hands it OpenCode's parts. The plugin sends
 * a task's end whole, so there is no grace period to wait for a log. */
#include "hook.h"

static const kit_hook_spec OC_HOOK_SPEC = {
    .who = OC_WHO,
    .stdin_hint = "reads a payload of the OpenCode plugin on stdin; see `mosaic-telemetry install "
                  "opencode`",
    .now_env = "MOSAIC_TELEMETRY_OPENCODE_NOW_MS",
    .grace_env = NULL,
    .grace_default_ms = 0,
};

static bool parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    return oc_payload_parse(text, len, payload, err, errlen);
}

static void release(void *payload)
{
    oc_payload_release(payload);
}

static bool payload_usable(const void *payload)
{
    const oc_payload *p = payload;
    return kit_frame_payload_usable(OC_WHO, false, p->event != OC_EVENT_UNKNOWN, p->event_name,
                                    p->session_id);
}

static const char *session_id(const void *payload)
{
    return ((const oc_payload *)payload)->session_id;
}

static bool state_parse(const char *text, size_t len, void *session)
{
    return oc_state_parse(text, len, session);
}

static char *state_format(const void *session)
{
    return oc_state_format(session);
}

static kit_task *task(void *session)
{
    return &((oc_session *)session)->task;
}

static const kit_frame_adapter OC_ADAPTER = {
    .spec = &OC_HOOK_SPEC,
    .state_dir = "opencode",
    .payload_size = sizeof(oc_payload),
    .session_size = sizeof(oc_session),
    .parse = parse,
    .release = release,
    .usable = payload_usable,
    .session_id = session_id,
    .state_parse = state_parse,
    .state_format = state_format,
    .task = task,
    .apply = oc_apply_event,
    .finalize = oc_finalize_task,
    .end_unstopped = oc_end_unstopped,
};

int oc_hook_run(const kit_host *host)
{
    return kit_frame_main(&OC_ADAPTER, host);
}
