/* The frame every hook adapter runs in: one invocation parses its payload, holds its session
 * under the session's lock (state loaded, an overdue task settled, the event applied, the state
 * saved), and then, with the lock released, starts the deferred finisher, sweeps the other
 * sessions, and starts the background flush. The adapter describes its parts in a
 * kit_frame_adapter; what the frame does with them is the same for every harness. */
#ifndef KIT_HOOK_FRAME_H
#define KIT_HOOK_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hook_process.h"
#include "host.h"
#include "payload_head.h"
#include "session_store.h"
#include "task_record.h"

/* How long a task may stay open before the sweep ends it (its harness was killed mid-turn), and
 * how long a session with no task may stay quiet before the sweep deletes its files. */
#define KIT_OPEN_TASK_MAX_MS (24LL * 3600 * 1000)
#define KIT_IDLE_SESSION_MS  (7LL * 24 * 3600 * 1000)

typedef struct kit_frame kit_frame;

/* An adapter's parts. The payload and the session are the adapter's own structs, of the sizes
 * given; the frame allocates them and hands them back as void pointers. The payload begins with
 * its kit_payload_head, and the session holds its kit_task at task_offset: what the frame needs
 * of them it reads there, so that an adapter's parse and state functions, taking void pointers,
 * are its parts as they are, with no typed wrapper in between. */
typedef struct kit_frame_adapter {
    const kit_hook_spec *spec; /* its process contract; spec->who prefixes every log line */
    const char *state_dir;     /* its state directory's name ("claude-code") */
    size_t payload_size;
    size_t session_size;
    /* The payload parsed; false with the reason in err. */
    bool (*parse)(const char *text, size_t len, void *payload, char *err, size_t errlen);
    /* NULL, or what frees a parsed payload's own allocations (called after parse succeeded). */
    void (*release)(void *payload);
    /* Optional: whether the payload can be used (the adapter logs why not), for an adapter with
     * a check of its own; NULL: kit_frame_head_usable. */
    bool (*usable)(const void *payload);
    /* How the harness names the head's members, for the line that says one is missing; NULL:
     * "hook_event_name" and "session_id". */
    const char *event_member;
    const char *session_member;
    /* offsetof(<the adapter's session>, task): its task record. */
    size_t task_offset;
    /* The session's state from its file's text (false: not one), and as text (malloc'd). */
    bool (*state_parse)(const char *text, size_t len, void *session);
    char *(*state_format)(const void *session);
    /* The payload's event applied to f->session, under the lock. */
    void (*apply)(kit_frame *f);
    /* An ended task to the spool (f->spool_dir set when an event was made), then cleared. */
    void (*finalize)(kit_frame *f);
    /* Ends the open task that the harness never ended, at its last sign of activity (the frame
     * finalizes it next). */
    void (*end_unstopped)(kit_frame *f);
    /* Optional: true when this payload's work is to be done by a detached child while the hook
     * process exits at once, for events during which the harness may kill its hooks (Claude
     * Code's StopFailure and SessionEnd in -p mode). grace_ms: the run's grace period. */
    bool (*detach)(const void *payload, int64_t grace_ms);
} kit_frame_adapter;

/* One invocation, and what the adapter's parts work on. */
struct kit_frame {
    const kit_frame_adapter *adapter;
    const kit_host *host;
    mosaic_config *config;
    const void *payload;    /* NULL in the finisher and the sweep */
    char dir[KIT_PATH_MAX]; /* the state directory */
    kit_store store;
    void *session;
    bool fresh;     /* the session did not come from a file */
    int64_t now_ms; /* wall clock (spec->now_env in tests) */
    int64_t grace_ms;
    /* Work for after the lock is released. */
    char spool_dir[KIT_PATH_MAX]; /* an event went to this spool: start a background flush */
    bool finish_later;            /* the task ended: finish it after the grace period */
    bool remove_session;          /* nothing is left of the session: delete its files */
    bool sweep;                   /* look for other sessions' forgotten tasks */
    bool collect_logged;          /* a log problem is logged once per run */
};

/* The session's task record (at the adapter's task_offset). */
kit_task *kit_frame_task(kit_frame *f);

/* Writes the session's state now, under the lock still held (frame_close writes it again at the
 * end): for an adapter whose process may be killed in the middle of an event, so that what it
 * decided first is kept whatever happens next. False (logged) when it could not be written. */
bool kit_frame_save(kit_frame *f);

/* The checks every hook payload needs, made on its head and logged under the adapter's who: an
 * event the adapter ignores is skipped quietly; an unknown one, one the payload did not name,
 * and one without a session id are logged (with the adapter's names of those members). What the
 * frame does when the adapter has no usable of its own, and what one that has calls after it. */
bool kit_frame_head_usable(const kit_frame_adapter *adapter, const kit_payload_head *head);

/* Whether a task that just ended is finalized in this hook rather than by the finisher: only
 * without a grace period, and only when this hook read its logs to the end (a log that grew past
 * the foreground read budget, kit_read_budget_set, is left to the finisher). */
bool kit_finish_now(int64_t grace_ms);

/* A hook event's name and the adapter's own number for it (an enum of the adapter's). */
typedef struct kit_event_name {
    const char *name;
    int event;
} kit_event_name;

/* The number table gives name, or unknown when the table has no such name ("" included). */
int kit_frame_event_of(const kit_event_name *table, size_t n, const char *name, int unknown);

/* The whole process: kit_hook_main, then kit_frame_run. Returns 0, always. */
int kit_frame_main(const kit_frame_adapter *adapter, const kit_host *host);
/* One invocation from its payload: the session's part under its lock, then the finisher, the
 * sweep and the flush. */
void kit_frame_run(const kit_frame_adapter *adapter, const kit_hook_call *call);

#endif
