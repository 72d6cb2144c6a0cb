/* From an ended task to an event in the spool (the kit's task_replay.h), and the outcome rules
 * (docs/harnesses/codex.md, "Tasks and outcomes"): after Stop, success or partial (a gate's last
 * run failed); without Stop, failure when the rollout ended the turn with an error, else
 * cancelled (interrupted, killed, or aborted: turn_aborted). */

#include "hook.h"
#include "task_replay.h"

void cx_finalize_task(cx_hook *h)
{
    cx_session *s = h->session;
    kit_task *t = &s->task;
    cx_hook_collect(h, true);
    if (s->stopped) {
        /* Gates whose exit code never reached the rollout did not run to an end. */
        kit_task_settle_pending(t, false);
        t->outcome = t->gates_failed ? MOSAIC_OUTCOME_PARTIAL : MOSAIC_OUTCOME_SUCCESS;
    } else {
        t->n_pending = 0;
        t->outcome = s->turn_failed ? MOSAIC_OUTCOME_FAILURE : MOSAIC_OUTCOME_CANCELLED;
    }
    kit_frame_emit(h, MOSAIC_HARNESS_CODEX);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    kit_task_reset(t);
    s->stopped = s->turn_failed = false;
    if (s->closed)
        h->remove_session = true;
}

void cx_end_unstopped(cx_hook *h)
{
    cx_hook_collect(h, true);
    kit_task_end_at_last_activity(&cx_session_of(h)->task, h->now_ms);
    cx_session_of(h)->stopped = false;
}
