/* One run of `mosaic-telemetry hook cline`: the payload, the session it belongs to (held under
 * its lock), and what is left to do once the lock is released. */
#ifndef CL_HOOK_H
#define CL_HOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "hook_frame.h"
#include "hook_process.h"
#include "host.h"
#include "payload.h"
#include "session_store.h"
#include "state.h"

#define CL_WHO "hook cline"

/* How long after TaskComplete a task's event waits for the messages file's last rewrite. */
#define CL_GRACE_MS_DEFAULT 3000

#define cl_log(...)         kit_log(CL_WHO, __VA_ARGS__)

/* One invocation: the kit's frame (hook_frame.h), whose payload is a cl_payload and whose
 * session a cl_session. */
typedef kit_frame cl_hook;

static inline const cl_payload *cl_payload_of(const cl_hook *h)
{
    return h->payload;
}
static inline cl_session *cl_session_of(const cl_hook *h)
{
    return h->session;
}

/* events.c: what the payload's event does to the session. */
void cl_apply_event(cl_hook *h);

/* messages.c: the session's messages file read into the task (count false: every response in it
 * is marked as seen and not counted, before a task begins); the manifest's model and, when
 * prompt is not NULL, its prompt (64 KiB). A problem is logged once per run. */
void cl_hook_collect(cl_hook *h, bool count);
bool cl_manifest_prompt(cl_hook *h, char *prompt, size_t len);

/* finalize.c: an ended task to the spool. */
void cl_finalize_task(cl_hook *h);
/* Ends the open task, at its last sign of activity (the outcome is decided when it is
 * finalized). */
void cl_end_task(cl_hook *h);

int cl_hook_run(const kit_host *host);

#endif
