/* The session state file's JSON, both ways (json-c: the file is small, and readable when a user
 * wonders what the hook keeps). Anything missing or of the wrong type reads as its zero. */
#include "state.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "wire.h"

#define STATE_VERSION 1

void cc_task_reset(cc_task *task)
{
    memset(task, 0, sizeof *task);
    task->task_type = -1;
}

/* ---- reading -------------------------------------------------------------------------------- */

static uint64_t get_u64(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_int)
               ? json_object_get_uint64(v)
               : 0;
}

static int64_t get_i64(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_int)
               ? json_object_get_int64(v)
               : 0;
}

static void get_text(json_object *o, const char *key, char *out, size_t cap)
{
    json_object *v;
    out[0] = '\0';
    if (json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string))
        snprintf(out, cap, "%s", json_object_get_string(v));
}

static json_object *get_array(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_array) ? v
                                                                                            : NULL;
}

static int get_enum(json_object *o, const char *key, const mt_enum_table *table, int missing)
{
    char text[64];
    get_text(o, key, text, sizeof text);
    int value = text[0] ? mt_enum_parse(table, text) : -1;
    return value >= 0 ? value : missing;
}

static void read_models(json_object *list, cc_task *t)
{
    size_t n = list ? json_object_array_length(list) : 0;
    for (size_t i = 0; i < n && t->n_models < CC_MODELS; i++) {
        json_object *m = json_object_array_get_idx(list, i);
        cc_model_tally *out = &t->models[t->n_models];
        get_text(m, "name", out->name, sizeof out->name);
        if (!out->name[0])
            continue;
        out->input = get_u64(m, "input");
        out->output = get_u64(m, "output");
        out->cache_write = get_u64(m, "cache_write");
        out->cache_read = get_u64(m, "cache_read");
        t->n_models++;
    }
}

static void read_pending(json_object *list, cc_task *t)
{
    size_t n = list ? json_object_array_length(list) : 0;
    for (size_t i = 0; i < n && t->n_pending < CC_PENDING_GATES; i++) {
        json_object *g = json_object_array_get_idx(list, i);
        cc_pending_gate *out = &t->pending[t->n_pending];
        out->key = get_u64(g, "key");
        out->gate = (int)get_i64(g, "gate");
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

static void read_times(json_object *o, cc_task *t)
{
    t->start_ms = get_i64(o, "start_ms");
    t->end_ms = get_i64(o, "end_ms");
    t->last_ms = get_i64(o, "last_ms");
    t->last_reply_ms = get_i64(o, "last_reply_ms");
}

static void read_task(json_object *o, cc_task *t)
{
    char status[16];
    get_text(o, "status", status, sizeof status);
    t->status = strcmp(status, "open") == 0    ? CC_TASK_OPEN
                : strcmp(status, "ended") == 0 ? CC_TASK_ENDED
                                               : CC_TASK_NONE;
    if (t->status == CC_TASK_NONE)
        return;
    get_text(o, "event_id", t->event_id, sizeof t->event_id);
    read_times(o, t);
    t->outcome = get_enum(o, "outcome", &mt_outcome_table, MOSAIC_OUTCOME_SUCCESS);
    t->task_type = get_enum(o, "task_type", &mt_task_type_table, -1);
    t->gates_run = (uint8_t)get_u64(o, "gates_run");
    t->gates_failed = (uint8_t)get_u64(o, "gates_failed") & t->gates_run;
    read_pending(get_array(o, "pending_gates"), t);
    t->n_files = read_strings(get_array(o, "files"), &t->files[0][0], CC_FILE_NAME_MAX, CC_FILES);
    t->compactions = (uint32_t)get_u64(o, "compactions");
    t->precompacts_unmatched = (uint32_t)get_u64(o, "precompacts_unmatched");
    t->rotations = (uint32_t)get_u64(o, "rotations");
    read_models(get_array(o, "models"), t);
    t->cost_micros = get_u64(o, "cost_micros");
    t->context_used = get_u64(o, "context_used");
    t->n_extra_paths = read_strings(get_array(o, "extra_paths"), &t->extra_paths[0][0], CC_PATH_MAX,
                                    CC_EXTRA_PATHS);
}

bool cc_state_parse(const char *text, size_t len, cc_session *s)
{
    memset(s, 0, sizeof *s);
    cc_task_reset(&s->task);
    json_tokener *tok = json_tokener_new();
    json_object *root = tok ? json_tokener_parse_ex(tok, text, (int)len) : NULL;
    bool ok = root && json_object_is_type(root, json_type_object) &&
              get_u64(root, "version") == STATE_VERSION;
    if (ok) {
        get_text(root, "transcript", s->transcript, sizeof s->transcript);
        s->offset = get_u64(root, "offset");
        s->transcript_inode = get_u64(root, "transcript_inode");
        s->seen_len = get_u64(root, "seen_len");
        json_object *v;
        s->saw_failure_hook =
            json_object_object_get_ex(root, "saw_failure_hook", &v) && json_object_get_boolean(v);
        s->pending_rotations = (uint32_t)get_u64(root, "pending_rotations");
        s->closed = json_object_object_get_ex(root, "closed", &v) && json_object_get_boolean(v);
        if (json_object_object_get_ex(root, "task", &v) && json_object_is_type(v, json_type_object))
            read_task(v, &s->task);
    }
    json_object_put(root);
    if (tok)
        json_tokener_free(tok);
    return ok;
}

/* ---- writing -------------------------------------------------------------------------------- */

static void put_u64(json_object *o, const char *key, uint64_t value)
{
    json_object_object_add(o, key, json_object_new_uint64(value));
}

static void put_i64(json_object *o, const char *key, int64_t value)
{
    json_object_object_add(o, key, json_object_new_int64(value));
}

static void put_text(json_object *o, const char *key, const char *value)
{
    json_object_object_add(o, key, value ? json_object_new_string(value) : NULL);
}

static json_object *strings_array(const char *slots, size_t slot_size, size_t n)
{
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < n; i++)
        json_object_array_add(list, json_object_new_string(slots + i * slot_size));
    return list;
}

static json_object *models_array(const cc_task *t)
{
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < t->n_models; i++) {
        json_object *m = json_object_new_object();
        put_text(m, "name", t->models[i].name);
        put_u64(m, "input", t->models[i].input);
        put_u64(m, "output", t->models[i].output);
        put_u64(m, "cache_write", t->models[i].cache_write);
        put_u64(m, "cache_read", t->models[i].cache_read);
        json_object_array_add(list, m);
    }
    return list;
}

static json_object *pending_array(const cc_task *t)
{
    json_object *list = json_object_new_array();
    for (size_t i = 0; i < t->n_pending; i++) {
        json_object *g = json_object_new_object();
        put_u64(g, "key", t->pending[i].key);
        put_i64(g, "gate", t->pending[i].gate);
        json_object_array_add(list, g);
    }
    return list;
}

static void write_counts(json_object *o, const cc_task *t)
{
    put_u64(o, "gates_run", t->gates_run);
    put_u64(o, "gates_failed", t->gates_failed);
    json_object_object_add(o, "pending_gates", pending_array(t));
    json_object_object_add(o, "files",
                           strings_array(&t->files[0][0], CC_FILE_NAME_MAX, t->n_files));
    put_u64(o, "compactions", t->compactions);
    put_u64(o, "precompacts_unmatched", t->precompacts_unmatched);
    put_u64(o, "rotations", t->rotations);
    json_object_object_add(o, "models", models_array(t));
    put_u64(o, "cost_micros", t->cost_micros);
    put_u64(o, "context_used", t->context_used);
    json_object_object_add(o, "extra_paths",
                           strings_array(&t->extra_paths[0][0], CC_PATH_MAX, t->n_extra_paths));
}

static json_object *task_object(const cc_task *t)
{
    if (t->status == CC_TASK_NONE)
        return NULL;
    json_object *o = json_object_new_object();
    put_text(o, "status", t->status == CC_TASK_OPEN ? "open" : "ended");
    put_text(o, "event_id", t->event_id);
    put_i64(o, "start_ms", t->start_ms);
    put_i64(o, "end_ms", t->end_ms);
    put_i64(o, "last_ms", t->last_ms);
    put_i64(o, "last_reply_ms", t->last_reply_ms);
    put_text(o, "outcome", mt_enum_str(&mt_outcome_table, t->outcome));
    put_text(o, "task_type",
             t->task_type >= 0 ? mt_enum_str(&mt_task_type_table, t->task_type) : NULL);
    write_counts(o, t);
    return o;
}

char *cc_state_format(const cc_session *s)
{
    json_object *root = json_object_new_object();
    if (!root)
        return NULL;
    put_u64(root, "version", STATE_VERSION);
    put_text(root, "transcript", s->transcript);
    put_u64(root, "offset", s->offset);
    put_u64(root, "transcript_inode", s->transcript_inode);
    put_u64(root, "seen_len", s->seen_len);
    json_object_object_add(root, "saw_failure_hook", json_object_new_boolean(s->saw_failure_hook));
    put_u64(root, "pending_rotations", s->pending_rotations);
    json_object_object_add(root, "closed", json_object_new_boolean(s->closed));
    json_object_object_add(root, "task", task_object(&s->task));
    const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE);
    char *copy = text ? strdup(text) : NULL;
    json_object_put(root);
    return copy;
}
