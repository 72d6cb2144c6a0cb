/* From an ended task to an event in the spool (the kit's task_replay.h), and the outcome rules
 * (docs/harnesses/codex.md, "Tasks and outcomes"): after Stop, success or partial (a gate's last
 * run failed); without Stop, failure when the rollout ended the turn with an error, else
 * cancelled (interrupted, killed, or aborted: turn_aborted). */
#include <string.h>

#include "hook.h"
#include "task_replay.h"

static void emit(cx_hook *h)
{
    kit_emit e = {.who = CX_WHO, .host = h->host, .config = h->config};
    char dir[KIT_PATH_MAX];
    if (kit_task_emit(&cx_session_of(h)->task, MOSAIC_HARNESS_CODEX, &e, dir, sizeof dir))
        memcpy(h->spool_dir, dir, sizeof h->spool_dir);
}

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
    emit(h);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    kit_task_reset(t);
    s->stopped = s->turn_failed = false;
    if (s->closed)
        h->remove_session = true;
}

void cx_end_unstopped(cx_hook *h)
{
    kit_task *t = &cx_session_of(h)->task;
    cx_hook_collect(h, true);
    /* It ended somewhere after its last sign of life: a hook or a response. */
    int64_t end = t->last_ms > t->last_reply_ms ? t->last_ms : t->last_reply_ms;
    if (end < t->start_ms)
        end = t->start_ms;
    if (end > h->now_ms)
        end = h->now_ms;
    t->end_ms = end;
    t->status = KIT_TASK_ENDED;
    cx_session_of(h)->stopped = false;
}
