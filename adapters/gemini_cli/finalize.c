/* From an ended task to an event in the spool (the kit's task_replay.h), and the outcome rules
 * (docs/harnesses/gemini-cli.md, "Tasks and outcomes"): after AfterAgent, success or partial (a
 * gate's last run failed); without it, failure when SessionEnd ended the task, else cancelled
 * (the next prompt came, or the sweep found it forgotten). */
#include "hook.h"
#include "task_replay.h"

void gm_finalize_task(gm_hook *h)
{
    gm_session *s = h->session;
    kit_task *t = &s->task;
    gm_hook_collect(h, true);
    t->n_pending = 0;
    if (s->stopped)
        t->outcome = t->gates_failed ? MOSAIC_OUTCOME_PARTIAL : MOSAIC_OUTCOME_SUCCESS;
    else
        t->outcome = s->at_exit ? MOSAIC_OUTCOME_FAILURE : MOSAIC_OUTCOME_CANCELLED;
    kit_frame_emit(h, MOSAIC_HARNESS_GEMINI_CLI);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    kit_task_reset(t);
    s->stopped = s->at_exit = false;
    if (s->closed)
        h->remove_session = true;
}

void gm_end_unstopped(gm_hook *h)
{
    gm_hook_collect(h, true);
    kit_task_end_at_last_activity(&gm_session_of(h)->task, h->now_ms);
    gm_session_of(h)->stopped = false;
}
