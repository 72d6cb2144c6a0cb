/* One run of `mosaic-telemetry hook claude-code`: the payload, the session it belongs to (held
 * under its lock), and what is left to do once the lock is released. */
#ifndef CC_HOOK_H
#define CC_HOOK_H

#include <stdbool.h>
#include <stdint.h>

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

typedef struct cc_hook {
    const kit_host *host;
    mosaic_config *config;
    const cc_payload *payload; /* NULL in the sweep, which works on other sessions */
    char dir[KIT_PATH_MAX];    /* the state directory */
    kit_store store;
    cc_session *session;
    int64_t now_ms; /* wall clock (MOSAIC_TELEMETRY_CLAUDE_NOW_MS in tests) */
    int64_t grace_ms;
    /* Work for after the lock is released. */
    char spool_dir[KIT_PATH_MAX]; /* an event went to this spool: start a background flush */
    bool finish_later;            /* Stop: finish the task after the grace period */
    bool remove_session;          /* SessionEnd and nothing pending: delete the session's files */
    bool sweep;                   /* SessionStart: look for other sessions' forgotten tasks */
    bool collect_logged;          /* a transcript problem is logged once per run */
} cc_hook;

/* The hook's process contract (clock and grace period variables included). */
extern const kit_hook_spec CC_HOOK_SPEC;

/* Opens, loads, and (with save) writes back and closes a session: the frame of every piece of
 * work on one (session.c). */
bool cc_hook_open_session(cc_hook *h, const char *name, int flags);
void cc_hook_close_session(cc_hook *h);

/* Applies the payload's event to h->session (hook_events.c). */
void cc_apply_event(cc_hook *h);
/* The tool events (hook_tools.c): gates from Bash commands, files from edits. */
void cc_apply_tool_event(cc_hook *h);

/* Reads the transcripts into the task, logging a problem once (finalize.c). */
void cc_hook_collect(cc_hook *h);
/* Ends the open task now: cancelled, at its last sign of activity (a task Claude Code never
 * stopped was interrupted). Then finalizes it. */
void cc_cancel_task(cc_hook *h);
/* Finalizes an ended task: reads the transcripts once more, builds its event, appends it to
 * the spool, and clears the task (finalize.c). */
void cc_finalize_task(cc_hook *h);
/* Finalizes an ended task whose grace period has passed (its finisher did not). */
void cc_settle_overdue(cc_hook *h);

/* After the lock is released (later.c): the finisher, the sweep. */
void cc_spawn_finisher(cc_hook *h);
void cc_sweep(cc_hook *h);

/* `hook claude-code`, from stdin to exit (hook.c). Always returns 0. */
int cc_hook_run(const kit_host *host);

#endif
