/* One run of `mosaic-telemetry hook codex`: the payload, the session it belongs to (held under
 * its lock), and what is left to do once the lock is released. */
#ifndef CX_HOOK_H
#define CX_HOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "hook_frame.h"
#include "hook_process.h"
#include "host.h"
#include "payload.h"
#include "session_store.h"
#include "state.h"

#define CX_WHO "hook codex"

/* How long after Stop a task's event waits for the rollout's last lines (default). */
#define CX_GRACE_MS_DEFAULT 3000

#define cx_log(...)         kit_log(CX_WHO, __VA_ARGS__)

/* One invocation: the kit's frame (hook_frame.h), whose payload is a cx_payload and whose
 * session a cx_session. */
typedef kit_frame cx_hook;

static inline const cx_payload *cx_payload_of(const cx_hook *h)
{
    return h->payload;
}
static inline cx_session *cx_session_of(const cx_hook *h)
{
    return h->session;
}

/* events.c, tools.c: what the payload's event does to the session. */
void cx_apply_event(cx_hook *h);
void cx_apply_tool_event(cx_hook *h);

/* collect.c: the rollouts read into the task (count false: only the session's running state,
 * before a task begins); a problem is logged once per run. */
void cx_hook_collect(cx_hook *h, bool count);
/* What pairs a gate's start (tool_use_id) with its exit code in the rollout (the call id). */
uint64_t cx_call_key(const char *call_id);

/* finalize.c: an ended task to the spool. */
void cx_finalize_task(cx_hook *h);
/* Ends the open task without a Stop: at its last sign of activity; failure or cancelled by the
 * rollout, decided when it is finalized. */
void cx_end_unstopped(cx_hook *h);

int cx_hook_run(const kit_host *host);

#endif
