/* The task record in a state file, both ways (json-c: the file is small, and readable when a
 * user wonders what the hook keeps). Anything missing or of the wrong type reads as its zero. */
#include <stdio.h>
#include <string.h>

#include "json_fields.h"
#include "task_record.h"
#include "wire.h"

/* ---- reading -------------------------------------------------------------------------------- */

static int get_enum(json_object *o, const char *key, const mt_enum_table *table, int missing)
{
    char text[64];
    kit_json_text(o, key, text, sizeof text);
    int value = text[0] ? mt_enum_parse(table, text) : -1;
    return value >= 0 ? value : missing;
}

static void read_models(json_object *list, kit_task *t)
{
    size_t n = list ? json_object_array_length(list) : 0;
    for (size_t i = 0; i < n && t->n_models < KIT_MODELS; i++) {
        json_object *m = json_object_array_get_idx(list, i);
        kit_model_tally *out = &t->models[t->n_models];
        kit_json_text(m, "name", out->name, sizeof out->name);
        if (!out->name[0])
            continue;
        out->input = kit_json_u64(m, "input");
        out->output = kit_json_u64(m, "output");
        out->cache_write = kit_json_u64(m, "cache_write");
        out->cache_read = kit_json_u64(m, "cache_read");
        t->n_models++;
    }
}

static void read_pending(json_object *list, kit_task *t)
{
    size_t n = list ? json_object_array_length(list) : 0;
    for (size_t i = 0; i < n && t->n_pending < KIT_PENDING_GATES; i++) {
        json_object *g = json_object_array_get_idx(list, i);
        kit_pending_gate *out = &t->pending[t->n_pending];
        out->key = kit_json_u64(g, "key");
        out->gate = (int)kit_json_i64(g, "gate");
        if (out->key && mosaic_quality_gate_str((mosaic_quality_gate)out->gate))
            t->n_pending++;
    }
}

/* An array of strings into fixed slots. */
static size_t read_strings(json_object *list, char *slots, size_t slot_size, size_t max)
{
    size_t n = list ? json_object_array_length(list) : 0, k = 0;
    for (size_t i = 0; i < n && k < max; i++) {
        json_object *v = json_object_array_get_idx(list, i);
        if (json_object_is_type(v, json_type_string))
            snprintf(slots + k++ * slot_size, slot_size, "%s", json_object_get_string(v));
    }
    return k;
}

static void read_times(json_object *o, kit_task *t)
{
    t->start_ms = kit_json_i64(o, "start_ms");
    t->end_ms = kit_json_i64(o, "end_ms");
    t->last_ms = kit_json_i64(o, "last_ms");
    t->last_reply_ms = kit_json_i64(o, "last_reply_ms");
}

void kit_task_from_json(json_object *o, kit_task *t)
{
    char status[16];
    kit_json_text(o, "status", status, sizeof status);
    t->status = strcmp(status, "open") == 0    ? KIT_TASK_OPEN
                : strcmp(status, "ended") == 0 ? KIT_TASK_ENDED
                                               : KIT_TASK_NONE;
    if (t->status == KIT_TASK_NONE)
        return;
    kit_json_text(o, "event_id", t->event_id, sizeof t->event_id);
    read_times(o, t);
    t->outcome = get_enum(o, "outcome", &mt_outcome_table, MOSAIC_OUTCOME_SUCCESS);
    t->task_type = get_enum(o, "task_type", &mt_task_type_table, -1);
    t->provider = get_enum(o, "provider", &mt_provider_table, -1);
    t->gates_run = (uint8_t)kit_json_u64(o, "gates_run");
    t->gates_failed = (uint8_t)kit_json_u64(o, "gates_failed") & t->gates_run;
    read_pending(kit_json_array(o, "pending_gates"), t);
    t->n_files =
        read_strings(kit_json_array(o, "files"), &t->files[0][0], KIT_FILE_NAME_MAX, KIT_FILES);
    t->compactions = (uint32_t)kit_json_u64(o, "compactions");
    t->precompacts_unmatched = (uint32_t)kit_json_u64(o, "precompacts_unmatched");
    t->rotations = (uint32_t)kit_json_u64(o, "rotations");
    read_models(kit_json_array(o, "models"), t);
    t->cost_micros = kit_json_u64(o, "cost_micros");
    t->context_used = kit_json_u64(o, "context_used");
    t->context_window = kit_json_u64(o, "context_window");
    t->n_extra_paths = read_strings(kit_json_array(o, "extra_paths"), &t->extra_paths[0][0],
                                    KIT_PATH_MAX, KIT_EXTRA_PATHS);
}

/* ---- writing -------------------------------------------------------------------------------- */

static json_object *strings_array(const char *slots, size_t slot_size, size_t n)
{
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < n; i++)
        json_object_array_add(list, json_object_new_string(slots + i * slot_size));
    return list;
}

static json_object *models_array(const kit_task *t)
{
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < t->n_models; i++) {
        json_object *m = json_object_new_object();
        kit_json_put_text(m, "name", t->models[i].name);
        kit_json_put_u64(m, "input", t->models[i].input);
        kit_json_put_u64(m, "output", t->models[i].output);
        kit_json_put_u64(m, "cache_write", t->models[i].cache_write);
        kit_json_put_u64(m, "cache_read", t->models[i].cache_read);
        json_object_array_add(list, m);
    }
    return list;
}

static json_object *pending_array(const kit_task *t)
{
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < t->n_pending; i++) {
        json_object *g = json_object_new_object();
        kit_json_put_u64(g, "key", t->pending[i].key);
        kit_json_put_i64(g, "gate", t->pending[i].gate);
        json_object_array_add(list, g);
    }
    return list;
}

static void write_counts(json_object *o, const kit_task *t)
{
    kit_json_put_u64(o, "gates_run", t->gates_run);
    kit_json_put_u64(o, "gates_failed", t->gates_failed);
    json_object_object_add(o, "pending_gates", pending_array(t));
    json_object_object_add(o, "files",
                           strings_array(&t->files[0][0], KIT_FILE_NAME_MAX, t->n_files));
    kit_json_put_u64(o, "compactions", t->compactions);
    kit_json_put_u64(o, "precompacts_unmatched", t->precompacts_unmatched);
    kit_json_put_u64(o, "rotations", t->rotations);
    json_object_object_add(o, "models", models_array(t));
    kit_json_put_u64(o, "cost_micros", t->cost_micros);
    kit_json_put_u64(o, "context_used", t->context_used);
    kit_json_put_u64(o, "context_window", t->context_window);
    json_object_object_add(o, "extra_paths",
                           strings_array(&t->extra_paths[0][0], KIT_PATH_MAX, t->n_extra_paths));
}

json_object *kit_task_to_json(const kit_task *t)
{
    if (t->status == KIT_TASK_NONE)
        return NULL;
    json_object *o = json_object_new_object();
    kit_json_put_text(o, "status", t->status == KIT_TASK_OPEN ? "open" : "ended");
    kit_json_put_text(o, "event_id", t->event_id);
    kit_json_put_i64(o, "start_ms", t->start_ms);
    kit_json_put_i64(o, "end_ms", t->end_ms);
    kit_json_put_i64(o, "last_ms", t->last_ms);
    kit_json_put_i64(o, "last_reply_ms", t->last_reply_ms);
    kit_json_put_text(o, "outcome", mt_enum_str(&mt_outcome_table, t->outcome));
    kit_json_put_text(o, "task_type",
                      t->task_type >= 0 ? mt_enum_str(&mt_task_type_table, t->task_type) : NULL);
    if (t->provider >= 0)
        kit_json_put_text(o, "provider", mt_enum_str(&mt_provider_table, t->provider));
    write_counts(o, t);
    return o;
}
