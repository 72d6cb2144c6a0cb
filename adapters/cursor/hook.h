/* One run of `mosaic-telemetry hook cursor`: the payload, the conversation it belongs to (held
 * under its lock by the kit's hook frame), and what its event does. */
#ifndef CU_HOOK_H
#define CU_HOOK_H

#include "hook_frame.h"
#include "host.h"
#include "payload.h"
#include "state.h"

#define CU_WHO "hook cursor"

/* One invocation: the kit's frame (hook_frame.h), whose payload is a cu_payload and whose
 * session a cu_session. */
typedef kit_frame cu_hook;

/* events.c: what the payload's event does; an ended task to the spool; a task Cursor never
 * stopped, ended at its last hook as cancelled. */
void cu_apply_event(cu_hook *h);
void cu_finalize_task(cu_hook *h);
void cu_end_unstopped(cu_hook *h);

int cu_hook_run(const kit_host *host);

#endif
