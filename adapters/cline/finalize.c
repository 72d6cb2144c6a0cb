/* From an ended task to an event in the spool (the kit's task_replay.h), and the outcome rules
 * (docs/harnesses/cline.md, "Tasks and outcomes"): TaskComplete, success or partial (a gate's
 * last run failed); TaskError, failure; anything else, cancelled. */
#include <string.h>

#include "hook.h"
#include "task_replay.h"

static void emit(cl_hook *h)
{
    kit_emit e = {.who = CL_WHO, .host = h->host, .config = h->config};
    char dir[KIT_PATH_MAX];
    if (kit_task_emit(&cl_session_of(h)->task, MOSAIC_HARNESS_CLINE, &e, dir, sizeof dir))
        memcpy(h->spool_dir, dir, sizeof h->spool_dir);
}

void cl_finalize_task(cl_hook *h)
{
    cl_session *s = h->session;
    kit_task *t = &s->task;
    cl_hook_collect(h, true);
    t->n_pending = 0; /* gates finish at their PostToolUse: none is left pending */
    if (s->completed)
        t->outcome = t->gates_failed ? MOSAIC_OUTCOME_PARTIAL : MOSAIC_OUTCOME_SUCCESS;
    else
        t->outcome = s->failed ? MOSAIC_OUTCOME_FAILURE : MOSAIC_OUTCOME_CANCELLED;
    kit_task_default_model(t, s->model); /* the first request failed: no response */
    emit(h);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    kit_task_reset(t);
    s->completed = s->failed = false;
    if (s->closed)
        h->remove_session = true;
}

void cl_end_task(cl_hook *h)
{
    kit_task *t = &cl_session_of(h)->task;
    /* It ended somewhere after its last sign of life: a hook or a response. */
    int64_t end = t->last_ms > t->last_reply_ms ? t->last_ms : t->last_reply_ms;
    if (end < t->start_ms)
        end = t->start_ms;
    if (end > h->now_ms)
        end = h->now_ms;
    t->end_ms = end;
    t->status = KIT_TASK_ENDED;
}
