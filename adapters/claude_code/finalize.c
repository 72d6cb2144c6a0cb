/* From an ended task to an event in the spool (the kit's task_replay.h), and the two ways a task
 * ends without Claude Code saying so: interrupted (cancelled) and overdue. */
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
    kit_frame_emit(h, MOSAIC_HARNESS_CLAUDE_CODE);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    kit_task_reset(&s->task);
    if (s->closed)
        h->remove_session = true;
}

void cc_end_unstopped(cc_hook *h)
{
    kit_task *t = &cc_session_of(h)->task;
    cc_hook_collect(h);
    /* Interrupted somewhere after its last sign of life. */
    kit_task_end_at_last_activity(t, h->now_ms);
    t->outcome = MOSAIC_OUTCOME_CANCELLED;
    t->n_pending = 0; /* the interrupt stopped them */
}

void cc_cancel_task(cc_hook *h)
{
    cc_end_unstopped(h);
    cc_finalize_task(h);
}
