/* One run of `mosaic-telemetry hook copilot-cli`: the payload, the session it belongs to (held
 * under its lock), and what is left to do once the lock is released. */
#ifndef CP_HOOK_H
#define CP_HOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "hook_frame.h"
#include "hook_process.h"
#include "host.h"
#include "payload.h"
#include "session_store.h"
#include "state.h"

#define CP_WHO "hook copilot-cli"

/* How long after agentStop a task's event waits for the log's last lines (default). */
#define CP_GRACE_MS_DEFAULT 3000

#define cp_log(...)         kit_log(CP_WHO, __VA_ARGS__)

/* One invocation: the kit's frame (hook_frame.h), whose payload is a cp_payload and whose
 * session a cp_session. */
typedef kit_frame cp_hook;

static inline const cp_payload *cp_payload_of(const cp_hook *h)
{
    return h->payload;
}
static inline cp_session *cp_session_of(const cp_hook *h)
{
    return h->session;
}

/* events.c: what the payload's event does to the session. */
void cp_apply_event(cp_hook *h);

/* collect.c: the session's log read into the task (count false: only the position and the
 * model move, before a task begins); a problem is logged once per run. */
void cp_hook_collect(cp_hook *h, bool count);

/* finalize.c: an ended task to the spool. */
void cp_finalize_task(cp_hook *h);
/* Ends the open task without an agentStop, at its last sign of activity: failure when an error
 * was reported, else cancelled, decided when it is finalized. */
void cp_end_unstopped(cp_hook *h);

int cp_hook_run(const kit_host *host);

#endif
