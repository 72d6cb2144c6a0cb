/* `mosaic-telemetry hook codex`: read one payload, update the session under its lock, and leave.
 * The process contract (exit 0, stdout empty) is the kit's (hook_process.h). */
#include "hook.h"

#include <stdlib.h>

#include "emit.h"

static bool payload_usable(const cx_payload *p)
{
    if (p->event == CX_EVENT_IGNORED)
        return false;
    if (p->event == CX_EVENT_UNKNOWN) {
        if (p->event_name[0])
            cx_log("unknown event '%s'; ignored", p->event_name);
        else
            cx_log("the payload has no hook_event_name; ignored");
        return false;
    }
    if (!p->session_id[0]) {
        cx_log("%s: the payload has no session_id; ignored", p->event_name);
        return false;
    }
    return true;
}

static void handle(cx_hook *h)
{
    char name[KIT_ID_MAX + 24];
    if (!kit_session_file_name(h->payload->session_id, name, sizeof name)) {
        cx_log("session_id '%.40s' is not usable as a name; ignored", h->payload->session_id);
        return;
    }
    if (!kit_state_dir("MOSAIC_TELEMETRY_STATE_DIR", "codex", h->dir, sizeof h->dir)) {
        cx_log("no state directory: set MOSAIC_TELEMETRY_STATE_DIR, XDG_STATE_HOME or HOME");
        return;
    }
    if (!cx_hook_open_session(h, name, KIT_OPEN_WAIT | KIT_OPEN_CREATE))
        return;
    cx_settle_overdue(h);
    cx_apply_event(h);
    cx_hook_close_session(h);
}

static void run(const kit_hook_call *call, void *user)
{
    (void)user;
    cx_payload *p = malloc(sizeof *p);
    cx_session *s = malloc(sizeof *s);
    char err[256];
    if (!p || !s)
        cx_log("out of memory");
    else if (!cx_payload_parse(call->payload, call->payload_len, p, err, sizeof err))
        cx_log("%s; ignored", err);
    else if (payload_usable(p)) {
        cx_hook h = {.host = call->host,
                     .config = call->config,
                     .payload = p,
                     .session = s,
                     .now_ms = call->now_ms,
                     .grace_ms = call->grace_ms};
        handle(&h);
        /* The lock is released: a child started now cannot hold it. */
        if (h.finish_later)
            cx_spawn_finisher(&h);
        if (h.sweep)
            cx_sweep(&h);
        if (h.spool_dir[0])
            kit_start_flush(CX_WHO, h.host, h.config, h.spool_dir);
    }
    free(p);
    free(s);
}

int cx_hook_run(const kit_host *host)
{
    return kit_hook_main(&CX_HOOK_SPEC, host, run, NULL);
}
