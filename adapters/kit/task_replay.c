/* A task record replayed into the plugin layer's task lifecycle (plugin/task.h), which fills
 * every field of the event by the rules of docs/abi.md; only the event id (chosen when the task
 * began) and the timestamp (when it ended) come from the record as they are. */
#include "task_replay.h"

#include <string.h>

#include "clock.h"

/* Usage reported without a model is replayed first, so that the lifecycle prices it at the
 * task's model (the per-response cost below replaces that price anyway). */
static void replay_models(mosaic_task *task, const kit_task *t, const char *who)
{
    for (int named = 0; named < 2; named++) {
        for (size_t i = 0; i < t->n_models; i++) {
            const kit_model_tally *m = &t->models[i];
            if ((m->name[0] != '\0') != named)
                continue;
            if (named && !mt_task_model(task, m->name))
                kit_log(who, "model '%.60s' is not a valid model name; its usage is kept", m->name);
            mt_task_tokens(task, m->input, m->output, m->cache_write, m->cache_read);
        }
    }
    mt_task_cost(task, t->cost_micros);
}

static void replay_counts(mosaic_task *task, const kit_task *t)
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

static mosaic_task *replay(const kit_task *t, mosaic_harness harness, const char *who, char *err,
                           size_t errlen)
{
    mosaic_task_info info = {
        .struct_size = sizeof info, .given = MOSAIC_TASK_INFO_HARNESS, .harness = harness};
    info.context_window = t->context_window; /* 0: the price table's */
    if (t->task_type >= 0) {
        info.given |= MOSAIC_TASK_INFO_TASK_TYPE;
        info.task_type = (mosaic_task_type)t->task_type;
    }
    if (t->provider >= 0) {
        info.given |= MOSAIC_TASK_INFO_PROVIDER;
        info.provider = (mosaic_provider)t->provider;
    }
    mosaic_task *task = mt_task_begin(&info, err, errlen);
    if (!task)
        return NULL;
    replay_models(task, t, who);
    replay_counts(task, t);
    return task;
}

bool kit_task_emit(const kit_task *t, mosaic_harness harness, const kit_emit *e, char *dir,
                   size_t dir_len)
{
    char err[256] = "";
    mosaic_task *task = replay(t, harness, e->who, err, sizeof err);
    if (!task) {
        kit_log(e->who, "the task's event was not made: %s", err[0] ? err : "out of memory");
        return false;
    }
    /* The lifecycle measures on the monotonic clock from task_begin; this task began in another
     * process, so its start is placed where its recorded duration says. */
    int64_t now = mt_monotonic_ms();
    task->started_ms = now - (t->end_ms > t->start_ms ? t->end_ms - t->start_ms : 0);
    kit_emit stamped = *e;
    stamped.event_id = t->event_id;
    stamped.end_wall_ms = t->end_ms;
    bool spooled = kit_emit_task(&stamped, task, (mosaic_outcome)t->outcome, now, dir, dir_len);
    mt_task_free(task);
    return spooled;
}

bool kit_frame_emit(kit_frame *f, mosaic_harness harness)
{
    kit_emit e = {.who = f->adapter->spec->who, .host = f->host, .config = f->config};
    char dir[KIT_PATH_MAX];
    if (!kit_task_emit(kit_frame_task(f), harness, &e, dir, sizeof dir))
        return false;
    memcpy(f->spool_dir, dir, sizeof f->spool_dir);
    return true;
}
