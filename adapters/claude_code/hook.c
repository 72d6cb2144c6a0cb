/* `mosaic-telemetry hook claude-code`: read one payload, update the session under its lock, and
 * leave. The process contract (exit 0, stdout empty: exit 2 would block Claude Code and stdout
 * text would reach the model's context) is the kit's (hook_process.h). */
#include "hook.h"

#include <stdlib.h>

#include "emit.h"

/* Checks what the payload must have; logs and returns false otherwise. */
static bool payload_usable(const cc_payload *p)
{
    if (p->event == CC_EVENT_IGNORED)
        return false;
    if (p->event == CC_EVENT_UNKNOWN) {
        if (p->event_name[0])
            cc_log("unknown event '%s'; ignored", p->event_name);
        else
            cc_log("the payload has no hook_event_name; ignored");
        return false;
    }
    if (!p->session_id[0]) {
        cc_log("%s: the payload has no session_id; ignored", p->event_name);
        return false;
    }
    return true;
}

/* The session's part of the run, under its lock. */
static void handle(cc_hook *h)
{
    char name[KIT_ID_MAX + 24];
    if (!kit_session_file_name(h->payload->session_id, name, sizeof name)) {
        cc_log("session_id '%.40s' is not usable as a name; ignored", h->payload->session_id);
        return;
    }
    if (!kit_state_dir("MOSAIC_TELEMETRY_STATE_DIR", "claude-code", h->dir, sizeof h->dir)) {
        cc_log("no state directory: set MOSAIC_TELEMETRY_STATE_DIR, XDG_STATE_HOME or HOME");
        return;
    }
    if (!cc_hook_open_session(h, name, KIT_OPEN_WAIT | KIT_OPEN_CREATE))
        return;
    cc_settle_overdue(h);
    cc_apply_event(h);
    cc_hook_close_session(h);
}

static void run(const kit_hook_call *call, void *user)
{
    (void)user;
    cc_payload *p = malloc(sizeof *p);
    cc_session *s = malloc(sizeof *s);
    char err[256];
    if (!p || !s)
        cc_log("out of memory");
    else if (!cc_payload_parse(call->payload, call->payload_len, p, err, sizeof err))
        cc_log("%s; ignored", err);
    else if (payload_usable(p)) {
        cc_hook h = {.host = call->host,
                     .config = call->config,
                     .payload = p,
                     .session = s,
                     .now_ms = call->now_ms,
                     .grace_ms = call->grace_ms};
        handle(&h);
        /* The lock is released: a child started now cannot hold it. */
        if (h.finish_later)
            cc_spawn_finisher(&h);
        if (h.sweep)
            cc_sweep(&h);
        if (h.spool_dir[0])
            kit_start_flush(CC_WHO, h.host, h.config, h.spool_dir);
    }
    free(p);
    free(s);
}

int cc_hook_run(const kit_host *host)
{
    return kit_hook_main(&CC_HOOK_SPEC, host, run, NULL);
}
