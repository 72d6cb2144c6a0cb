/* The hook frame (hook_frame.h). */
#include "hook_frame.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "emit.h"
#include "finisher.h"
#include "line_reader.h"
#include "sweep.h"

#define WHO(f) ((f)->adapter->spec->who)

/* The session's task record: where the adapter said it is. */
static kit_task *task_of(const kit_frame_adapter *ad, void *session)
{
    return (kit_task *)((char *)session + ad->task_offset);
}

kit_task *kit_frame_task(kit_frame *f)
{
    return task_of(f->adapter, f->session);
}

/* The session's state; a missing file is a fresh session, and so is an unreadable or corrupt one
 * (logged). */
static void load(kit_frame *f)
{
    const kit_frame_adapter *ad = f->adapter;
    size_t len = 0;
    bool missing;
    char *text = kit_store_read(&f->store, &len, &missing);
    int why = errno;
    bool ok = text && ad->state_parse(text, len, f->session);
    free(text);
    f->fresh = !ok;
    if (ok)
        return;
    memset(f->session, 0, ad->session_size);
    kit_task_reset(task_of(ad, f->session));
    if (!missing)
        kit_log(WHO(f), "%s/%s.json: %s; starting afresh", f->store.dir, f->store.name,
                text ? "not a state file of this version" : strerror(why));
}

/* Opens a session by file name: its lock taken, its state loaded (a fresh one when there is
 * none or it is corrupt). */
static bool frame_open(kit_frame *f, const char *name, int flags)
{
    char err[KIT_PATH_MAX + 256];
    if (!kit_store_open(&f->store, f->dir, name, flags, err, sizeof err)) {
        if (err[0])
            kit_log(WHO(f), "%s", err);
        return false;
    }
    load(f);
    f->remove_session = false;
    return true;
}

bool kit_frame_save(kit_frame *f)
{
    char err[KIT_PATH_MAX + 256];
    char *text = f->adapter->state_format(f->session);
    bool ok = text && kit_store_write(&f->store, text, err, sizeof err);
    if (!text)
        kit_log(WHO(f), "cannot write the session's state: out of memory");
    else if (!ok)
        kit_log(WHO(f), "%s", err);
    free(text);
    return ok;
}

/* Writes the session back (or removes its files) and lets go of its lock. */
static void frame_close(kit_frame *f)
{
    if (f->remove_session)
        kit_store_remove(&f->store);
    else
        kit_frame_save(f);
    kit_store_close(&f->store);
}

/* Finalizes an ended task whose grace period has passed (its finisher did not). */
static void frame_settle_overdue(kit_frame *f)
{
    const kit_task *t = task_of(f->adapter, f->session);
    if (t->status == KIT_TASK_ENDED && kit_overdue(t->end_ms, f->now_ms, f->grace_ms))
        f->adapter->finalize(f);
}

/* ---- the finisher ---------------------------------------------------------------------------- */

typedef struct finish_job {
    kit_frame *f;
    char name[sizeof((kit_store *)0)->name];
    char event_id[sizeof((kit_task *)0)->event_id];
} finish_job;

bool kit_finish_now(int64_t grace_ms)
{
    return grace_ms == 0 && !kit_read_was_cut();
}

/* In the child: the task that ended, unless someone finished it (or began another). */
static void finish(void *user)
{
    finish_job *job = user;
    kit_frame *f = job->f;
    kit_read_budget_set(UINT64_MAX); /* in the background: the logs are read to their end */
    f->now_ms = kit_hook_now_ms(f->adapter->spec);
    f->spool_dir[0] = '\0';
    f->payload = NULL;
    if (!frame_open(f, job->name, KIT_OPEN_WAIT)) /* a state dir deleted meanwhile */
        return;
    const kit_task *t = task_of(f->adapter, f->session);
    if (t->status == KIT_TASK_ENDED && strcmp(t->event_id, job->event_id) == 0)
        f->adapter->finalize(f);
    else if (f->fresh && t->status == KIT_TASK_NONE)
        f->remove_session = true; /* the session was removed meanwhile: leave no file behind */
    frame_close(f);
    if (f->spool_dir[0])
        kit_start_flush(WHO(f), f->host, f->config, f->spool_dir);
}

/* After the lock is released: the deferred finisher of the task that ended. */
static void frame_spawn_finisher(kit_frame *f)
{
    finish_job job = {.f = f};
    memcpy(job.name, f->store.name, sizeof job.name);
    memcpy(job.event_id, task_of(f->adapter, f->session)->event_id, sizeof job.event_id);
    if (!kit_finish_later(f->dir, f->grace_ms, finish, &job))
        kit_log(WHO(f),
                "cannot start the finisher; the next hook of the session finishes the task");
}

/* ---- the sweep ------------------------------------------------------------------------------- */

/* What one forgotten session needs: an ended task whose finisher died is finished, a task open
 * for a day is ended and finished, and the files of a session idle for a week are deleted. */
static void settle(kit_frame *f, int64_t mtime_ms, int64_t files_now_ms)
{
    const kit_task *t = task_of(f->adapter, f->session);
    if (t->status == KIT_TASK_ENDED)
        frame_settle_overdue(f);
    else if (t->status == KIT_TASK_OPEN && f->now_ms - t->last_ms >= KIT_OPEN_TASK_MAX_MS) {
        f->adapter->end_unstopped(f);
        f->adapter->finalize(f);
    } else if (t->status == KIT_TASK_NONE && files_now_ms - mtime_ms >= KIT_IDLE_SESSION_MS)
        f->remove_session = true;
}

typedef struct sweeping {
    kit_frame *f;
    int64_t files_now_ms;
} sweeping;

/* Sessions whose lock is held are busy, not forgotten, and are skipped. */
static void visit(const char *name, int64_t mtime_ms, void *user)
{
    sweeping *sw = user;
    if (!frame_open(sw->f, name, 0))
        return;
    settle(sw->f, mtime_ms, sw->files_now_ms);
    frame_close(sw->f);
}

/* The other sessions of the state directory, visited. File times are on the real clock,
 * whatever clock the tasks are measured on. */
static void sweep_sessions(kit_frame *f, int64_t files_now_ms)
{
    char own[sizeof f->store.name];
    memcpy(own, f->store.name, sizeof own);
    const void *payload = f->payload;
    f->payload = NULL;
    sweeping sw = {f, files_now_ms};
    kit_sweep_sessions(&(kit_sweep){.dir = f->dir,
                                    .own = own,
                                    .now_ms = files_now_ms,
                                    .min_age_ms = f->grace_ms,
                                    .visit = visit,
                                    .user = &sw});
    f->payload = payload;
}

/* In a detached child: a task the sweep finalizes is read from logs to their end, not within
 * the foreground's budget (line_reader.h), and the hook that found the sweep due does not wait
 * for up to KIT_SWEEP_MAX sessions. */
static void sweep_detached(void *user)
{
    kit_frame *f = user;
    kit_read_budget_set(UINT64_MAX);
    f->spool_dir[0] = '\0';
    sweep_sessions(f, mt_realtime_ms());
    if (f->spool_dir[0])
        kit_start_flush(WHO(f), f->host, f->config, f->spool_dir);
}

/* After the lock is released, at most once an hour (the stamp is renewed before the child
 * starts, so that hooks running meanwhile do not sweep too); here when no child can start. */
static void frame_sweep(kit_frame *f)
{
    if (!kit_sweep_due(f->dir, mt_realtime_ms()))
        return;
    if (!kit_finish_later(f->dir, 0, sweep_detached, f))
        sweep_sessions(f, mt_realtime_ms());
}

int kit_frame_event_of(const kit_event_name *table, size_t n, const char *name, int unknown)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, table[i].name) == 0)
            return table[i].event;
    return unknown;
}

bool kit_frame_head_usable(const kit_frame_adapter *ad, const kit_payload_head *h)
{
    const char *who = ad->spec->who;
    if (h->event == KIT_EVENT_IGNORED)
        return false;
    if (h->event == KIT_EVENT_UNKNOWN) {
        if (h->event_name[0])
            kit_log(who, "unknown event '%s'; ignored", h->event_name);
        else
            kit_log(who, "the payload has no %s; ignored",
                    ad->event_member ? ad->event_member : "hook_event_name");
        return false;
    }
    if (!h->session_id[0]) {
        kit_log(who, "%s: the payload has no %s; ignored", h->event_name,
                ad->session_member ? ad->session_member : "session_id");
        return false;
    }
    return true;
}

/* ---- the run --------------------------------------------------------------------------------- */

/* The session's part of the run, under its lock. */
static void handle(kit_frame *f)
{
    const kit_frame_adapter *ad = f->adapter;
    const char *id = ((const kit_payload_head *)f->payload)->session_id;
    char name[KIT_ID_MAX + 24];
    if (!kit_session_file_name(id, name, sizeof name)) {
        kit_log(WHO(f), "session_id '%.40s' is not usable as a name; ignored", id);
        return;
    }
    if (!kit_state_dir("MOSAIC_TELEMETRY_STATE_DIR", ad->state_dir, f->dir, sizeof f->dir)) {
        kit_log(WHO(f),
                "no state directory: set MOSAIC_TELEMETRY_STATE_DIR, XDG_STATE_HOME or HOME");
        return;
    }
    if (!frame_open(f, name, KIT_OPEN_WAIT | KIT_OPEN_CREATE))
        return;
    frame_settle_overdue(f);
    f->adapter->apply(f);
    frame_close(f);
}

/* Everything one invocation does once its payload is parsed. */
static void frame_work(kit_frame *f)
{
    handle(f);
    /* The lock is released: a child started now cannot hold it. */
    if (f->finish_later)
        frame_spawn_finisher(f);
    if (f->sweep)
        frame_sweep(f);
    if (f->spool_dir[0])
        kit_start_flush(WHO(f), f->host, f->config, f->spool_dir);
}

static void work_detached(void *user)
{
    kit_read_budget_set(UINT64_MAX); /* in the background: the logs are read to their end */
    frame_work(user);
}

/* Hands the work to a detached child when the adapter asks; false when it stays here (not
 * asked, or no child could be started). */
static bool frame_detach(kit_frame *f)
{
    const kit_frame_adapter *ad = f->adapter;
    return ad->detach && ad->detach(f->payload, f->grace_ms) &&
           kit_state_dir("MOSAIC_TELEMETRY_STATE_DIR", ad->state_dir, f->dir, sizeof f->dir) &&
           kit_finish_later(f->dir, 0, work_detached, f);
}

void kit_frame_run(const kit_frame_adapter *ad, const kit_hook_call *call)
{
    void *p = malloc(ad->payload_size);
    void *s = malloc(ad->session_size);
    char err[256];
    bool parsed = p && s && ad->parse(call->payload, call->payload_len, p, err, sizeof err);
    if (!p || !s)
        kit_log(ad->spec->who, "out of memory");
    else if (!parsed)
        kit_log(ad->spec->who, "%s; ignored", err);
    else if (ad->usable ? ad->usable(p) : kit_frame_head_usable(ad, p)) {
        kit_frame f = {.adapter = ad,
                       .host = call->host,
                       .config = call->config,
                       .payload = p,
                       .session = s,
                       .now_ms = call->now_ms,
                       .grace_ms = call->grace_ms};
        if (!frame_detach(&f))
            frame_work(&f);
    }
    if (parsed && ad->release)
        ad->release(p);
    free(p);
    free(s);
}

static void run(const kit_hook_call *call, void *user)
{
    kit_frame_run(user, call);
}

int kit_frame_main(const kit_frame_adapter *adapter, const kit_host *host)
{
    return kit_hook_main(adapter->spec, host, run, (void *)adapter);
}
