/* One run of `mosaic-telemetry hook claude-code`: the payload, the session it belongs to (held
 * under its lock), and what is left to do once the lock is released. */
#ifndef CC_HOOK_H
#define CC_HOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "payload.h"
#include "state.h"
#include "store.h"

#define CC_LOG_PREFIX "hook claude-code"

/* How long after Stop a task's event waits for the transcript's last lines (default). */
#define CC_GRACE_MS_DEFAULT 3000

typedef struct cc_hook {
    const cli_globals *globals;
    mosaic_config *config;
    const cc_payload *payload; /* NULL in the sweep, which works on other sessions */
    char dir[CC_PATH_MAX];     /* the state directory */
    cc_store store;
    cc_session *session;
    int64_t now_ms; /* wall clock (MOSAIC_TELEMETRY_CLAUDE_NOW_MS in tests) */
    int64_t grace_ms;
    /* Work for after the lock is released. */
    bool spooled;        /* an event went to the spool: start a background flush */
    bool finish_later;   /* Stop: finish the task after the grace period */
    bool remove_session; /* SessionEnd and nothing pending: delete the session's files */
    bool sweep;          /* SessionStart: look for other sessions' forgotten tasks */
    bool collect_logged; /* a transcript problem is logged once per run */
} cc_hook;

/* One diagnostic line on stderr, "mosaic-telemetry hook claude-code: ..." (never stdout). */
void cc_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The wall clock in ms; MOSAIC_TELEMETRY_CLAUDE_NOW_MS replaces it (tests). */
int64_t cc_now_ms(void);
/* MOSAIC_TELEMETRY_CLAUDE_GRACE_MS (0 to 600000), else CC_GRACE_MS_DEFAULT. */
int64_t cc_grace_ms(void);

/* Applies the payload's event to h->session (hook_events.c). */
void cc_apply_event(cc_hook *h);
/* The tool events (hook_tools.c): gates from Bash commands, files from edits. */
void cc_apply_tool_event(cc_hook *h);

/* Reads the transcripts into the task, logging a problem once (collect.h). */
void cc_hook_collect(cc_hook *h);

/* Ends the open task now: cancelled, at its last sign of activity (a task Claude Code never
 * stopped was interrupted). Then finalizes it. */
void cc_cancel_task(cc_hook *h);
/* Finalizes an ended task: reads the transcripts once more, builds its event, appends it to
 * the spool, and clears the task (finalize.c). */
void cc_finalize_task(cc_hook *h);
/* Finalizes an ended task whose grace period has passed (its finisher did not). */
void cc_settle_overdue(cc_hook *h);

/* After the lock is released: the background flush, the finisher, the sweep. */
void cc_start_flush(cc_hook *h);
void cc_spawn_finisher(cc_hook *h);
void cc_sweep(cc_hook *h);

/* Opens, loads, and (with save) writes back and closes a session: the frame of every piece of
 * work on one. */
bool cc_hook_open_session(cc_hook *h, const char *name, int flags);
void cc_hook_close_session(cc_hook *h);

/* The whole run, from stdin to exit (hook.c). Always returns 0. */
int cc_hook_run(const cli_globals *globals);

#endif
