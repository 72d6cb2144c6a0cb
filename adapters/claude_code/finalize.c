/* From an ended task to an event in the spool. The task's record is replayed into the plugin
 * layer's task lifecycle (plugin/task.h), which fills every field by the rules of docs/abi.md;
 * only the event id (chosen when the task began, so that an emit repeated after a crash is a
 * duplicate at the server) and the timestamp (when the task ended) are set here. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "collect.h"
#include "emit.h"
#include "hook.h"
#include "task.h"

void cc_hook_collect(cc_hook *h)
{
    char err[KIT_PATH_MAX + 256];
    if (!cc_collect(h->session, &h->store, NULL, err, sizeof err) && !h->collect_logged) {
        cc_log("%s", err);
        h->collect_logged = true;
    }
}

/* Usage reported without a model is replayed first, so that the lifecycle prices it at the
 * task's model (the per-response cost below replaces that price anyway). */
static void replay_models(mosaic_task *task, const cc_task *t)
{
    for (int named = 0; named < 2; named++) {
        for (size_t i = 0; i < t->n_models; i++) {
            const cc_model_tally *m = &t->models[i];
            if ((m->name[0] != '\0') != named)
                continue;
            if (named && !mt_task_model(task, m->name))
                cc_log("model '%.60s' is not a valid model name; its usage is kept", m->name);
            mt_task_tokens(task, m->input, m->output, m->cache_write, m->cache_read);
        }
    }
    mt_task_cost(task, t->cost_micros);
}

static void replay_counts(mosaic_task *task, const cc_task *t)
{
    for (uint32_t i = 0; i < t->compactions && i < MT_CONTEXT_COUNT_MAX; i++)
        mt_task_compaction(task);
    for (uint32_t i = 0; i < t->rotations && i < MT_CONTEXT_COUNT_MAX; i++)
        mt_task_rotation(task);
    mt_task_context(task, t->context_used);
    for (unsigned gate = 0; gate < 8; gate++)
        if (t->gates_run & (1u << gate))
            mt_task_gate(task, (mosaic_quality_gate)gate, !(t->gates_failed & (1u << gate)));
    for (size_t i = 0; i < t->n_files; i++)
        mt_task_file(task, t->files[i]);
}

static mosaic_task *replay(const cc_task *t, char *err, size_t errlen)
{
    mosaic_task_info info = {.struct_size = sizeof info,
                             .given = MOSAIC_TASK_INFO_HARNESS,
                             .harness = MOSAIC_HARNESS_CLAUDE_CODE};
    if (t->task_type >= 0) {
        info.given |= MOSAIC_TASK_INFO_TASK_TYPE;
        info.task_type = (mosaic_task_type)t->task_type;
    }
    mosaic_task *task = mt_task_begin(&info, err, errlen);
    if (!task)
        return NULL;
    replay_models(task, t);
    replay_counts(task, t);
    return task;
}

/* Builds the task's event and appends it to the spool (whose directory also holds the stored
 * predictions the estimates come from). */
static void emit(cc_hook *h)
{
    const cc_task *t = &h->session->task;
    char err[256] = "";
    mosaic_task *task = replay(t, err, sizeof err);
    if (!task) {
        cc_log("the task's event was not made: %s", err[0] ? err : "out of memory");
        return;
    }
    /* The task lifecycle measures on the monotonic clock from task_begin; this task began in
     * another process, so its start is placed where its recorded duration says. */
    int64_t now = mt_monotonic_ms();
    task->started_ms = now - (t->end_ms > t->start_ms ? t->end_ms - t->start_ms : 0);
    kit_emit e = {.who = CC_WHO,
                  .host = h->host,
                  .config = h->config,
                  .event_id = t->event_id,
                  .end_wall_ms = t->end_ms};
    char dir[KIT_PATH_MAX];
    if (kit_emit_task(&e, task, (mosaic_outcome)t->outcome, now, dir, sizeof dir))
        memcpy(h->spool_dir, dir, sizeof h->spool_dir);
    mt_task_free(task);
}

void cc_finalize_task(cc_hook *h)
{
    cc_session *s = h->session;
    cc_hook_collect(h);
    emit(h);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    cc_task_reset(&s->task);
    if (s->closed)
        h->remove_session = true;
}

void cc_cancel_task(cc_hook *h)
{
    cc_task *t = &h->session->task;
    cc_hook_collect(h);
    /* Interrupted somewhere after its last sign of life: a hook or a response. */
    int64_t end = t->last_ms > t->last_reply_ms ? t->last_ms : t->last_reply_ms;
    if (end < t->start_ms)
        end = t->start_ms;
    if (end > h->now_ms)
        end = h->now_ms;
    t->end_ms = end;
    t->outcome = MOSAIC_OUTCOME_CANCELLED;
    t->status = CC_TASK_ENDED;
    t->n_pending = 0; /* the interrupt stopped them */
    cc_finalize_task(h);
}

void cc_settle_overdue(cc_hook *h)
{
    const cc_task *t = &h->session->task;
    if (t->status == CC_TASK_ENDED && h->now_ms - t->end_ms >= h->grace_ms)
        cc_finalize_task(h);
}
