/* Work done once the session's lock is released: the finisher of a task that Stop ended (the
 * transcript may not hold the turn's last response yet, docs/harnesses/claude-code.md), and the
 * sweep of sessions that will never run a hook again. The kit runs both (finisher.h, sweep.h);
 * what each session needs is decided here. */
#include <string.h>

#include "clock.h"
#include "emit.h"
#include "finisher.h"
#include "hook.h"
#include "sweep.h"

#define OPEN_TASK_MAX_MS (24LL * 3600 * 1000)     /* Claude Code killed mid-turn */
#define IDLE_SESSION_MS  (7LL * 24 * 3600 * 1000) /* a session gone quiet for good */

typedef struct finish_job {
    cc_hook *h;
    char name[sizeof((kit_store *)0)->name];
    char event_id[sizeof((kit_task *)0)->event_id];
} finish_job;

/* In the child: the task this Stop ended, unless someone finished it (or began another). */
static void finish(void *user)
{
    finish_job *job = user;
    cc_hook *h = job->h;
    h->now_ms = kit_hook_now_ms(&CC_HOOK_SPEC);
    h->spool_dir[0] = '\0';
    if (!cc_hook_open_session(h, job->name, KIT_OPEN_WAIT)) /* a state dir deleted meanwhile */
        return;
    const kit_task *t = &h->session->task;
    if (t->status == KIT_TASK_ENDED && strcmp(t->event_id, job->event_id) == 0)
        cc_finalize_task(h);
    else if (h->session->fresh && t->status == KIT_TASK_NONE)
        h->remove_session = true; /* the session was removed meanwhile: leave no file behind */
    cc_hook_close_session(h);
    if (h->spool_dir[0])
        kit_start_flush(CC_WHO, h->host, h->config, h->spool_dir);
}

void cc_spawn_finisher(cc_hook *h)
{
    finish_job job = {.h = h};
    memcpy(job.name, h->store.name, sizeof job.name);
    memcpy(job.event_id, h->session->task.event_id, sizeof job.event_id);
    if (!kit_finish_later(h->dir, h->grace_ms, finish, &job))
        cc_log("cannot start the finisher; the next hook of the session finishes the task");
}

/* What one forgotten session needs: an ended task whose finisher died is finished, a task open
 * for a day is ended as cancelled, and the files of a session idle for a week are deleted. */
static void settle(cc_hook *h, int64_t mtime_ms, int64_t files_now_ms)
{
    cc_session *s = h->session;
    if (s->task.status == KIT_TASK_ENDED)
        cc_settle_overdue(h);
    else if (s->task.status == KIT_TASK_OPEN && h->now_ms - s->task.last_ms >= OPEN_TASK_MAX_MS)
        cc_cancel_task(h);
    else if (s->task.status == KIT_TASK_NONE && files_now_ms - mtime_ms >= IDLE_SESSION_MS)
        h->remove_session = true;
}

typedef struct sweeping {
    cc_hook *h;
    int64_t files_now_ms;
} sweeping;

/* Sessions whose lock is held are busy, not forgotten, and are skipped. */
static void visit(const char *name, int64_t mtime_ms, void *user)
{
    sweeping *sw = user;
    if (!cc_hook_open_session(sw->h, name, 0))
        return;
    settle(sw->h, mtime_ms, sw->files_now_ms);
    cc_hook_close_session(sw->h);
}

/* File times are on the real clock, whatever clock the tasks are measured on. */
void cc_sweep(cc_hook *h)
{
    int64_t files_now_ms = mt_realtime_ms();
    if (!kit_sweep_due(h->dir, files_now_ms))
        return;
    char own[sizeof h->store.name];
    memcpy(own, h->store.name, sizeof own);
    const cc_payload *payload = h->payload;
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
