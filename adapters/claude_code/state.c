/* The session state file's JSON, both ways: the session's own members here, the task's by the
 * kit (task_record.h). Anything missing or of the wrong type reads as its zero. */
#include "state.h"

#include <stdio.h>
#include <string.h>

#include "json_fields.h"
#include "state_json.h"

#define STATE_VERSION 1

static void usage_from_json(json_object *o, mt_usage *u)
{
    u->input = kit_json_u64(o, "input");
    u->output = kit_json_u64(o, "output");
    u->cache_read = kit_json_u64(o, "cache_read");
    u->cache_write_5m = kit_json_u64(o, "cache_write_5m");
    u->cache_write_1h = kit_json_u64(o, "cache_write_1h");
}

static json_object *usage_to_json(const mt_usage *u)
{
    json_object *o = json_object_new_object();
    kit_json_put_u64(o, "input", u->input);
    kit_json_put_u64(o, "output", u->output);
    kit_json_put_u64(o, "cache_read", u->cache_read);
    kit_json_put_u64(o, "cache_write_5m", u->cache_write_5m);
    kit_json_put_u64(o, "cache_write_1h", u->cache_write_1h);
    return o;
}

/* {"<model>": {usage}, ...} */
static void cost_from_json(json_object *root, const char *key, cc_cost_state *c)
{
    json_object *o;
    c->n = 0;
    if (!json_object_object_get_ex(root, key, &o) || !json_object_is_type(o, json_type_object))
        return;
    json_object_object_foreach(o, model, usage)
    {
        if (c->n == CC_COST_MODELS || !json_object_is_type(usage, json_type_object))
            continue;
        cc_model_usage *m = &c->models[c->n++];
        snprintf(m->model, sizeof m->model, "%s", model);
        usage_from_json(usage, &m->usage);
    }
}

static json_object *cost_to_json(const cc_cost_state *c)
{
    json_object *o = json_object_new_object();
    for (size_t i = 0; i < c->n; i++)
        json_object_object_add(o, c->models[i].model, usage_to_json(&c->models[i].usage));
    return o;
}

/* ---- reading -------------------------------------------------------------------------------- */

bool cc_state_parse(const char *text, size_t len, void *session)
{
    cc_session *s = session;
    memset(s, 0, sizeof *s);
    json_object *root = kit_state_json_read(text, len, STATE_VERSION, &s->task);
    if (!root)
        return false;
    kit_json_text(root, "transcript", s->transcript, sizeof s->transcript);
    s->pos.offset = kit_json_u64(root, "offset");
    s->pos.inode = kit_json_u64(root, "transcript_inode");
    s->seen_len = kit_json_u64(root, "seen_len");
    s->saw_failure_hook = kit_json_bool(root, "saw_failure_hook");
    s->pending_rotations = (uint32_t)kit_json_u64(root, "pending_rotations");
    s->closed = kit_json_bool(root, "closed");
    kit_json_text(root, "fallback_model", s->fallback_model, sizeof s->fallback_model);
    s->last_pair = kit_json_u64(root, "last_pair");
    json_object *v;
    if (json_object_object_get_ex(root, "last_usage", &v))
        usage_from_json(v, &s->last_usage);
    s->trailing_api_error = kit_json_bool(root, "trailing_api_error");
    s->api_error_ms = kit_json_i64(root, "api_error_ms");
    s->awaiting_background = kit_json_bool(root, "awaiting_background");
    s->stop_ms = kit_json_i64(root, "stop_ms");
    s->post_compacts = (uint32_t)kit_json_u64(root, "post_compacts");
    s->boundaries = (uint32_t)kit_json_u64(root, "boundaries");
    s->cost_base_known = kit_json_bool(root, "cost_base_known");
    cost_from_json(root, "cost_base", &s->cost_base);
    cost_from_json(root, "counted", &s->counted);
    json_object_put(root);
    return true;
}

/* ---- writing -------------------------------------------------------------------------------- */

char *cc_state_format(const void *session)
{
    const cc_session *s = session;
    json_object *root = kit_state_json_new(STATE_VERSION);
    if (!root)
        return NULL;
    kit_json_put_text(root, "transcript", s->transcript);
    kit_json_put_u64(root, "offset", s->pos.offset);
    kit_json_put_u64(root, "transcript_inode", s->pos.inode);
    kit_json_put_u64(root, "seen_len", s->seen_len);
    json_object_object_add(root, "saw_failure_hook", json_object_new_boolean(s->saw_failure_hook));
    kit_json_put_u64(root, "pending_rotations", s->pending_rotations);
    json_object_object_add(root, "closed", json_object_new_boolean(s->closed));
    kit_json_put_text(root, "fallback_model", s->fallback_model);
    kit_json_put_u64(root, "last_pair", s->last_pair);
    json_object_object_add(root, "last_usage", usage_to_json(&s->last_usage));
    json_object_object_add(root, "trailing_api_error",
                           json_object_new_boolean(s->trailing_api_error));
    kit_json_put_i64(root, "api_error_ms", s->api_error_ms);
    json_object_object_add(root, "awaiting_background",
                           json_object_new_boolean(s->awaiting_background));
    kit_json_put_i64(root, "stop_ms", s->stop_ms);
    kit_json_put_u64(root, "post_compacts", s->post_compacts);
    kit_json_put_u64(root, "boundaries", s->boundaries);
    json_object_object_add(root, "cost_base_known", json_object_new_boolean(s->cost_base_known));
    json_object_object_add(root, "cost_base", cost_to_json(&s->cost_base));
    json_object_object_add(root, "counted", cost_to_json(&s->counted));
    return kit_state_json_text(root, &s->task);
}
