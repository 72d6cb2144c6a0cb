/* Work done once the session's lock is released: the finisher of a task that ended (Codex may
 * still be writing its last rollout lines), and the sweep of sessions that will never run a hook
 * again. The kit runs both (finisher.h, sweep.h); what each session needs is decided here. */
#include <string.h>

#include "clock.h"
#include "emit.h"
#include "finisher.h"
#include "hook.h"
#include "sweep.h"

#define OPEN_TASK_MAX_MS (24LL * 3600 * 1000)     /* Codex killed mid-turn */
#define IDLE_SESSION_MS  (7LL * 24 * 3600 * 1000) /* a session gone quiet for good */

typedef struct finish_job {
    cx_hook *h;
    char name[sizeof((kit_store *)0)->name];
    char event_id[sizeof((kit_task *)0)->event_id];
} finish_job;

/* In the child: the task that ended, unless someone finished it (or began another). */
static void finish(void *user)
{
    finish_job *job = user;
    cx_hook *h = job->h;
    h->now_ms = kit_hook_now_ms(&CX_HOOK_SPEC);
    h->spool_dir[0] = '\0';
    h->payload = NULL;
    if (!cx_hook_open_session(h, job->name, KIT_OPEN_WAIT))
        return;
    const kit_task *t = &h->session->task;
    if (t->status == KIT_TASK_ENDED && strcmp(t->event_id, job->event_id) == 0)
        cx_finalize_task(h);
    else if (h->session->fresh && t->status == KIT_TASK_NONE)
        h->remove_session = true; /* the session was removed meanwhile: leave no file behind */
    cx_hook_close_session(h);
    if (h->spool_dir[0])
        kit_start_flush(CX_WHO, h->host, h->config, h->spool_dir);
}

void cx_spawn_finisher(cx_hook *h)
{
    finish_job job = {.h = h};
    memcpy(job.name, h->store.name, sizeof job.name);
    memcpy(job.event_id, h->session->task.event_id, sizeof job.event_id);
    if (!kit_finish_later(h->dir, h->grace_ms, finish, &job))
        cx_log("cannot start the finisher; the next hook of the session finishes the task");
}

/* An ended task whose finisher died is finished, a task open for a day ends without Stop, and
 * the files of a session idle for a week are deleted. */
static void settle(cx_hook *h, int64_t mtime_ms, int64_t files_now_ms)
{
    cx_session *s = h->session;
    if (s->task.status == KIT_TASK_ENDED)
        cx_settle_overdue(h);
    else if (s->task.status == KIT_TASK_OPEN && h->now_ms - s->task.last_ms >= OPEN_TASK_MAX_MS) {
        cx_end_unstopped(h);
        cx_finalize_task(h);
    } else if (s->task.status == KIT_TASK_NONE && files_now_ms - mtime_ms >= IDLE_SESSION_MS)
        h->remove_session = true;
}

typedef struct sweeping {
    cx_hook *h;
    int64_t files_now_ms;
} sweeping;

/* Sessions whose lock is held are busy, not forgotten, and are skipped. */
static void visit(const char *name, int64_t mtime_ms, void *user)
{
    sweeping *sw = user;
    if (!cx_hook_open_session(sw->h, name, 0))
        return;
    settle(sw->h, mtime_ms, sw->files_now_ms);
    cx_hook_close_session(sw->h);
}

/* File times are on the real clock, whatever clock the tasks are measured on. */
void cx_sweep(cx_hook *h)
{
    int64_t files_now_ms = mt_realtime_ms();
    if (!kit_sweep_due(h->dir, files_now_ms))
        return;
    char own[sizeof h->store.name];
    memcpy(own, h->store.name, sizeof own);
    const cx_payload *payload = h->payload;
    h->payload = NULL;
    sweeping sw = {h, files_now_ms};
    kit_sweep_sessions(&(kit_sweep){.dir = h->dir,
                                    .own = own,
                                    .now_ms = files_now_ms,
                                    .min_age_ms = h->grace_ms,
                                    .visit = visit,
                                    .user = &sw});
    h->payload = payload;
}
