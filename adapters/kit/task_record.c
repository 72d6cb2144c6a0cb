/* The task record's changes (task_record.h). */
#include "task_record.h"

#include <stdio.h>
#include <string.h>

#include "hash.h"
#include "random.h"

void kit_task_reset(kit_task *task)
{
    memset(task, 0, sizeof *task);
    task->task_type = -1;
    task->provider = -1;
}

void kit_task_begin(kit_task *task, int64_t now_ms, int task_type)
{
    kit_task_reset(task);
    task->status = KIT_TASK_OPEN;
    if (!mt_uuid_v4(task->event_id))
        task->event_id[0] = '\0'; /* the builder's own id is used */
    task->start_ms = task->last_ms = now_ms;
    task->task_type = task_type;
}

static uint64_t add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* The price of the previous response's model, kept: a task's responses nearly all share one. */
static const mt_price *price_of(const char *model)
{
    static char last[KIT_MODEL_MAX];
    static const mt_price *price;
    static bool valid;
    if (!valid || strcmp(last, model) != 0) {
        snprintf(last, sizeof last, "%s", model);
        price = mt_price_lookup(mt_prices(), model);
        valid = true;
    }
    return price;
}

/* The tally of a model, added when new; the last slot takes the rest when all are used. */
static kit_model_tally *tally_of(kit_task *t, const char *model)
{
    for (size_t i = 0; i < t->n_models; i++)
        if (strcmp(t->models[i].name, model) == 0)
            return &t->models[i];
    if (t->n_models == KIT_MODELS)
        return &t->models[KIT_MODELS - 1];
    kit_model_tally *m = &t->models[t->n_models++];
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", model);
    return m;
}

static void add_usage(kit_task *t, const char *model, uint64_t input, uint64_t output,
                      uint64_t cache_write, uint64_t cache_read)
{
    kit_model_tally *m = tally_of(t, model);
    m->input = add(m->input, input);
    m->output = add(m->output, output);
    m->cache_write = add(m->cache_write, cache_write);
    m->cache_read = add(m->cache_read, cache_read);
}

void kit_task_add_response(kit_task *t, const char *model, const mt_usage *u, bool main_thread,
                           int64_t at_ms)
{
    uint64_t cache_write = add(u->cache_write_5m, u->cache_write_1h);
    add_usage(t, model, u->input, u->output, cache_write, u->cache_read);
    const mt_price *price = model[0] ? price_of(model) : NULL;
    if (price)
        t->cost_micros = add(t->cost_micros, mt_cost_micros(price, u));
    if (main_thread)
        t->context_used = add(u->input, add(cache_write, u->cache_read));
    if (at_ms > t->last_reply_ms)
        t->last_reply_ms = at_ms;
}

void kit_task_gate_started(kit_task *t, uint64_t key, mosaic_quality_gate gate)
{
    for (size_t i = 0; i < t->n_pending; i++)
        if (t->pending[i].key == key)
            return;
    if (t->n_pending < KIT_PENDING_GATES)
        t->pending[t->n_pending++] = (kit_pending_gate){key, (int)gate};
}

void kit_task_gate_forgotten(kit_task *t, uint64_t key)
{
    for (size_t i = 0; i < t->n_pending; i++) {
        if (t->pending[i].key == key) {
            t->pending[i] = t->pending[--t->n_pending];
            return;
        }
    }
}

static void record_gate(kit_task *t, int gate, bool passed)
{
    uint8_t bit = (uint8_t)(1u << gate);
    t->gates_run |= bit;
    if (passed)
        t->gates_failed &= (uint8_t)~bit;
    else
        t->gates_failed |= bit;
}

void kit_task_gate_finished(kit_task *t, uint64_t key, mosaic_quality_gate gate, bool passed)
{
    kit_task_gate_forgotten(t, key);
    record_gate(t, (int)gate, passed);
}

void kit_task_settle_pending(kit_task *t, bool failure_is_silent)
{
    for (size_t i = 0; i < t->n_pending && failure_is_silent; i++)
        record_gate(t, t->pending[i].gate, false);
    t->n_pending = 0;
}

void kit_task_touch_file(kit_task *t, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char entry[KIT_FILE_NAME_MAX];
    snprintf(entry, sizeof entry, "%016llx/%s",
             (unsigned long long)kit_hash(path, strlen(path), KIT_HASH_SEED), base);
    for (size_t i = 0; i < t->n_files; i++)
        if (strncmp(t->files[i], entry, 17) == 0)
            return;
    if (t->n_files < KIT_FILES)
        memcpy(t->files[t->n_files++], entry, sizeof entry);
}

void kit_task_end_at_last_activity(kit_task *t, int64_t now_ms)
{
    int64_t end = t->last_ms > t->last_reply_ms ? t->last_ms : t->last_reply_ms;
    if (end < t->start_ms)
        end = t->start_ms;
    if (end > now_ms)
        end = now_ms;
    t->end_ms = end;
    t->status = KIT_TASK_ENDED;
}

void kit_task_default_model(kit_task *t, const char *model)
{
    if (t->n_models == 0 && model[0]) {
        mt_usage none = {0};
        kit_task_add_response(t, model, &none, true, 0);
    }
}

bool kit_task_add_extra_path(kit_task *t, const char *path)
{
    for (size_t i = 0; i < t->n_extra_paths; i++)
        if (strcmp(t->extra_paths[i], path) == 0)
            return false;
    if (t->n_extra_paths == KIT_EXTRA_PATHS)
        return false;
    snprintf(t->extra_paths[t->n_extra_paths++], KIT_PATH_MAX, "%s", path);
    return true;
}
