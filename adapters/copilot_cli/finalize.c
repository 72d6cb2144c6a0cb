/* From an ended task to an event in the spool (the kit's task_replay.h), and the outcome rules
 * (docs/harnesses/copilot-cli.md, "Tasks and outcomes"): after agentStop, success or partial (a
 * gate's last run failed); without it, failure when an error was reported, else cancelled. */
#include <string.h>

#include "hook.h"
#include "task_replay.h"

static void emit(cp_hook *h)
{
    kit_emit e = {.who = CP_WHO, .host = h->host, .config = h->config};
    char dir[KIT_PATH_MAX];
    if (kit_task_emit(&cp_session_of(h)->task, MOSAIC_HARNESS_COPILOT_CLI, &e, dir, sizeof dir))
        memcpy(h->spool_dir, dir, sizeof h->spool_dir);
}

void cp_finalize_task(cp_hook *h)
{
    cp_session *s = h->session;
    kit_task *t = &s->task;
    cp_hook_collect(h, true);
    if (s->stopped) {
        /* Gates whose exit code never reached the log did not run to an end. */
        kit_task_settle_pending(t, false);
        t->outcome = t->gates_failed ? MOSAIC_OUTCOME_PARTIAL : MOSAIC_OUTCOME_SUCCESS;
    } else {
        t->n_pending = 0;
        t->outcome = s->failed ? MOSAIC_OUTCOME_FAILURE : MOSAIC_OUTCOME_CANCELLED;
    }
    kit_task_default_model(t, s->model); /* the first request failed: no response */
    emit(h);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    kit_task_reset(t);
    s->stopped = s->failed = false;
    if (s->closed)
        h->remove_session = true;
}

void cp_end_unstopped(cp_hook *h)
{
    kit_task *t = &cp_session_of(h)->task;
    cp_hook_collect(h, true);
    /* It ended somewhere after its last sign of life: a hook or a model request. */
    int64_t end = t->last_ms > t->last_reply_ms ? t->last_ms : t->last_reply_ms;
    if (end < t->start_ms)
        end = t->start_ms;
    if (end > h->now_ms)
        end = h->now_ms;
    t->end_ms = end;
    t->status = KIT_TASK_ENDED;
    cp_session_of(h)->stopped = false;
}
