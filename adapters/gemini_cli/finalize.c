/* From an ended task to an event in the spool (the kit's task_replay.h), and the outcome rules
 * (docs/harnesses/gemini-cli.md, "Tasks and outcomes"): after AfterAgent, success or partial (a
 * gate's last run failed); without it, failure when SessionEnd ended the task, else cancelled
 * (the next prompt came, or the sweep found it forgotten). */
#include <string.h>

#include "hook.h"
#include "task_replay.h"

static void emit(gm_hook *h)
{
    kit_emit e = {.who = GM_WHO, .host = h->host, .config = h->config};
    char dir[KIT_PATH_MAX];
    if (kit_task_emit(&gm_session_of(h)->task, MOSAIC_HARNESS_GEMINI_CLI, &e, dir, sizeof dir))
        memcpy(h->spool_dir, dir, sizeof h->spool_dir);
}

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
    emit(h);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    kit_task_reset(t);
    s->stopped = s->at_exit = false;
    if (s->closed)
        h->remove_session = true;
}

void gm_end_unstopped(gm_hook *h)
{
    kit_task *t = &gm_session_of(h)->task;
    gm_hook_collect(h, true);
    /* It ended somewhere after its last sign of life: a hook or a response. */
    int64_t end = t->last_ms > t->last_reply_ms ? t->last_ms : t->last_reply_ms;
    if (end < t->start_ms)
        end = t->start_ms;
    if (end > h->now_ms)
        end = h->now_ms;
    t->end_ms = end;
    t->status = KIT_TASK_ENDED;
    gm_session_of(h)->stopped = false;
}
