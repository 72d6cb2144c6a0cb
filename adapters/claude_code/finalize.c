/* From an ended task to an event in the spool (the kit's task_replay.h), and the two ways a task
 * ends without Claude Code saying so: interrupted (cancelled) and overdue. */
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
    emit(h);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    kit_task_reset(&s->task);
    if (s->closed)
        h->remove_session = true;
}

void cc_end_unstopped(cc_hook *h)
{
    kit_task *t = &cc_session_of(h)->task;
    cc_hook_collect(h);
    /* Interrupted somewhere after its last sign of life: a hook or a response. */
    int64_t end = t->last_ms > t->last_reply_ms ? t->last_ms : t->last_reply_ms;
    if (end < t->start_ms)
        end = t->start_ms;
    if (end > h->now_ms)
        end = h->now_ms;
    t->end_ms = end;
    t->outcome = MOSAIC_OUTCOME_CANCELLED;
    t->status = KIT_TASK_ENDED;
    t->n_pending = 0; /* the interrupt stopped them */
}

void cc_cancel_task(cc_hook *h)
{
    cc_end_unstopped(h);
    cc_finalize_task(h);
}
