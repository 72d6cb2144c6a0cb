/* From an ended task to an event in the spool (the kit's task_replay.h), and the ways a task ends
 * without Claude Code saying so: interrupted (cancelled), failed (its StopFailure hook was killed
 * before it could say so), done but for background work that never reported back. */
#include <stdio.h>

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

void cc_finalize_task(cc_hook *h)
{
    cc_session *s = h->session;
    cc_hook_collect(h);
    /* No response at all (the first request failed): the model asked for, or the session's. */
    kit_task_default_model(&s->task, s->fallback_model);
    kit_frame_emit(h, MOSAIC_HARNESS_CLAUDE_CODE);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    kit_task_reset(&s->task);
    if (s->closed)
        h->remove_session = true;
}

void cc_end_unstopped(cc_hook *h)
{
    cc_session *s = h->session;
    kit_task *t = &s->task;
    cc_hook_collect(h);
    kit_task_end_at_last_activity(t, h->now_ms);
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
