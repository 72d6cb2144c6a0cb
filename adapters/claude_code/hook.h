/* One run of `mosaic-telemetry hook claude-code`: the payload, the session it belongs to (held
 * under its lock), and what is left to do once the lock is released. */
#ifndef CC_HOOK_H
#define CC_HOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "hook_frame.h"
#include "hook_process.h"
#include "host.h"
#include "payload.h"
#include "session_store.h"
#include "state.h"

#define CC_WHO "hook claude-code"

/* How long after Stop a task's event waits for the transcript's last lines (default). */
#define CC_GRACE_MS_DEFAULT 3000

/* One diagnostic line on stderr, "mosaic-telemetry hook claude-code: ..." (never stdout). */
#define cc_log(...) kit_log(CC_WHO, __VA_ARGS__)

/* One invocation: the kit's frame (hook_frame.h), whose payload is a cc_payload and whose
 * session a cc_session. */
typedef kit_frame cc_hook;

static inline const cc_payload *cc_payload_of(const cc_hook *h)
{
    return h->payload;
}
static inline cc_session *cc_session_of(const cc_hook *h)
{
    return h->session;
}

/* Applies the payload's event to h->session (hook_events.c). */
void cc_apply_event(cc_hook *h);
/* The tool events (hook_tools.c): gates from Bash commands, files from edits. */
void cc_apply_tool_event(cc_hook *h);

/* Reads the transcripts into the task, logging a problem once (finalize.c). */
void cc_hook_collect(cc_hook *h);
/* Ends the open task now: cancelled, at its last sign of activity (a task Claude Code never
 * stopped was interrupted). cc_cancel_task then finalizes it. */
void cc_end_unstopped(cc_hook *h);
void cc_cancel_task(cc_hook *h);
/* Finalizes an ended task: reads the transcripts once more, builds its event, appends it to
 * the spool, and clears the task (finalize.c). */
void cc_finalize_task(cc_hook *h);

/* `hook claude-code`, from stdin to exit (hook.c). Always returns 0. */
int cc_hook_run(const kit_host *host);

#endif
