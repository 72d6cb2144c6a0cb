/* One run of `mosaic-telemetry hook gemini-cli`: the payload, the session it belongs to (held
 * under its lock), and what is left to do once the lock is released. */
#ifndef GM_HOOK_H
#define GM_HOOK_H

#include <stdbool.h>

#include "hook_frame.h"
#include "hook_process.h"
#include "host.h"
#include "payload.h"
#include "session_store.h"
#include "state.h"

#define GM_WHO "hook gemini-cli"

/* How long after AfterAgent a task's event waits (default): Gemini CLI writes each record of the
 * chat file before the next step of the turn, so the file is whole when AfterAgent fires. */
#define GM_GRACE_MS_DEFAULT 0

#define gm_log(...)         kit_log(GM_WHO, __VA_ARGS__)

/* One invocation: the kit's frame (hook_frame.h), whose payload is a gm_payload and whose
 * session a gm_session. */
typedef kit_frame gm_hook;

static inline const gm_payload *gm_payload_of(const gm_hook *h)
{
    return h->payload;
}
static inline gm_session *gm_session_of(const gm_hook *h)
{
    return h->session;
}

/* events.c, tools.c: what the payload's event does to the session. */
void gm_apply_event(gm_hook *h);
void gm_apply_tool_event(gm_hook *h);

/* collect.c: the chat file read into the task (count false: only what is already there is
 * marked as seen, before a task begins); a problem is logged once per run. */
void gm_hook_collect(gm_hook *h, bool count);

/* finalize.c: an ended task to the spool. */
void gm_finalize_task(gm_hook *h);
/* Ends the open task without an AfterAgent: at its last sign of activity; its outcome is
 * decided when it is finalized. */
void gm_end_unstopped(gm_hook *h);

int gm_hook_run(const kit_host *host);

#endif
