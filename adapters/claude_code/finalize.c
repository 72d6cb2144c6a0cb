/* From an ended task to an event in the spool (the kit's task_replay.h), and the ways a task ends
 * without Claude Code saying so: interrupted (cancelled), failed (its StopFailure hook was killed
 * before it could say so), done but for background work that never reported back. */
#include <stdio.h>
#include <string.h>

#include "collect.h"
#include "hook.h"
#include "task_replay.h"

void cc_hook_collect(cc_hook *h)
{
    char err[KIT_PATH_MAX + 256];
    if (!cc_collect(h->session, &h->store, NULL, err, sizeof err) && !h->collect_logged) {
        cc_log("%s", err);
        h->collect_logged = true;
    }
}

/* Builds the task's event and appends it to the spool. */
static void emit(cc_hook *h)
{
    kit_emit e = {.who = CC_WHO, .host = h->host, .config = h->config};
    char dir[KIT_PATH_MAX];
    if (kit_task_emit(&cc_session_of(h)->task, MOSAIC_HARNESS_CLAUDE_CODE, &e, dir, sizeof dir))
        memcpy(h->spool_dir, dir, sizeof h->spool_dir);
}

void cc_finalize_task(cc_hook *h)
{
    cc_session *s = h->session;
    cc_hook_collect(h);
    /* No response at all (the first request failed): the model asked for, or the session's. */
    if (s->task.n_models == 0 && s->fallback_model[0]) {
        static const mt_usage none;
        kit_task_add_response(&s->task, s->fallback_model, &none, false, 0);
    }
    emit(h);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    kit_task_reset(&s->task);
    if (s->closed)
        h->remove_session = true;
}

/* The task's last sign of life: a hook or a response, within [start, now]. */
static int64_t last_activity(const cc_hook *h, const kit_task *t)
{
    int64_t end = t->last_ms > t->last_reply_ms ? t->last_ms : t->last_reply_ms;
    if (end < t->start_ms)
        end = t->start_ms;
    return end > h->now_ms ? h->now_ms : end;
}

void cc_end_unstopped(cc_hook *h)
{
    cc_session *s = h->session;
    kit_task *t = &s->task;
    cc_hook_collect(h);
    t->end_ms = last_activity(h, t);
    t->status = KIT_TASK_ENDED;
    if (s->awaiting_background) {
        /* Stop came; only background work was left: the task ended as it stood then. */
        kit_task_settle_pending(t, !s->saw_failure_hook);
        t->outcome = t->gates_failed ? MOSAIC_OUTCOME_PARTIAL : MOSAIC_OUTCOME_SUCCESS;
        s->awaiting_background = false;
        return;
    }
    t->n_pending = 0; /* the interrupt stopped them */
    /* The transcript ends in an API error: Claude Code gave up on the request (StopFailure's
     * hook did not get to say so). Otherwise the task was interrupted. */
    t->outcome = s->trailing_api_error ? MOSAIC_OUTCOME_FAILURE : MOSAIC_OUTCOME_CANCELLED;
    if (s->trailing_api_error && s->api_error_ms > t->end_ms && s->api_error_ms <= h->now_ms)
        t->end_ms = s->api_error_ms; /* when it failed */
}

void cc_cancel_task(cc_hook *h)
{
    cc_end_unstopped(h);
    cc_finalize_task(h);
}
