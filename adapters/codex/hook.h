/* One run of `mosaic-telemetry hook codex`: the payload, the session it belongs to (held under
 * its lock), and what is left to do once the lock is released. */
#ifndef CX_HOOK_H
#define CX_HOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "hook_process.h"
#include "host.h"
#include "payload.h"
#include "session_store.h"
#include "state.h"

#define CX_WHO "hook codex"

/* How long after Stop a task's event waits for the rollout's last lines (default). */
#define CX_GRACE_MS_DEFAULT 3000

#define cx_log(...)         kit_log(CX_WHO, __VA_ARGS__)

typedef struct cx_hook {
    const kit_host *host;
    mosaic_config *config;
    const cx_payload *payload; /* NULL in the finisher and the sweep */
    char dir[KIT_PATH_MAX];    /* the state directory */
    kit_store store;
    cx_session *session;
    int64_t now_ms; /* wall clock (MOSAIC_TELEMETRY_CODEX_NOW_MS in tests) */
    int64_t grace_ms;
    /* Work for after the lock is released. */
    char spool_dir[KIT_PATH_MAX]; /* an event went to this spool: start a background flush */
    bool finish_later;            /* the task ended: finish it after the grace period */
    bool remove_session;          /* SessionEnd and nothing pending: delete the session's files */
    bool sweep;                   /* SessionStart: look for other sessions' forgotten tasks */
    bool collect_logged;          /* a rollout problem is logged once per run */
} cx_hook;

extern const kit_hook_spec CX_HOOK_SPEC;

/* session.c: a session opened and loaded; written back (or removed) and closed. */
bool cx_hook_open_session(cx_hook *h, const char *name, int flags);
void cx_hook_close_session(cx_hook *h);

/* events.c, tools.c: what the payload's event does to the session. */
void cx_apply_event(cx_hook *h);
void cx_apply_tool_event(cx_hook *h);

/* collect.c: the rollouts read into the task (count false: only the session's running state,
 * before a task begins); a problem is logged once per run. */
void cx_hook_collect(cx_hook *h, bool count);
/* What pairs a gate's start (tool_use_id) with its exit code in the rollout (the call id). */
uint64_t cx_call_key(const char *call_id);

/* finalize.c: an ended task to the spool; an ended task past its grace period finalized. */
void cx_finalize_task(cx_hook *h);
void cx_settle_overdue(cx_hook *h);
/* Ends the open task without a Stop: at its last sign of activity; failure or cancelled by the
 * rollout, decided when it is finalized. */
void cx_end_unstopped(cx_hook *h);

/* later.c: after the lock is released, the finisher and the sweep. */
void cx_spawn_finisher(cx_hook *h);
void cx_sweep(cx_hook *h);

int cx_hook_run(const kit_host *host);

#endif
