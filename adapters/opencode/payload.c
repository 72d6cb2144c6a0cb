/* Reading the plugin's payload. It is the plugin's own compact JSON (no tool output, no file
 * contents), so a json-c tree is cheap here, and its arrays are walked as they are. */
#include "payload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hook_frame.h"
#include "json_fields.h"

static const kit_event_name EVENTS[] = {
    {"begin", OC_EVENT_BEGIN},
    {"end", OC_EVENT_END},
};

static void read_response(json_object *o, oc_response *r)
{
    kit_json_text(o, "model", r->model, sizeof r->model);
    kit_json_text(o, "provider", r->provider, sizeof r->provider);
    r->subagent = kit_json_bool(o, "subagent");
    r->input = kit_json_u64(o, "input");
    r->output = kit_json_u64(o, "output");
    r->reasoning = kit_json_u64(o, "reasoning");
    r->cache_read = kit_json_u64(o, "cache_read");
    r->cache_write = kit_json_u64(o, "cache_write");
    r->cost_micros = kit_json_u64(o, "cost_micros");
    r->completed_ms = kit_json_i64(o, "completed_ms");
    kit_json_text(o, "error", r->error, sizeof r->error);
}

/* A string member of o, NULL when absent or of another type. */
static const char *string_member(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

static void read_tool(json_object *o, oc_tool *t)
{
    const char *tool = string_member(o, "tool");
    t->is_bash = tool && strcmp(tool, "bash") == 0;
    t->command = t->is_bash ? string_member(o, "command") : NULL;
    t->file = t->is_bash ? NULL : string_member(o, "file");
    json_object *exit;
    t->has_exit =
        json_object_object_get_ex(o, "exit", &exit) && json_object_is_type(exit, json_type_int);
    t->exit = t->has_exit ? json_object_get_int(exit) : 0;
}

/* The objects of the array member key, each read by fn into an element of size bytes. */
static void *read_list(json_object *root, const char *key, size_t size, size_t *n,
                       void (*fn)(json_object *, void *))
{
    json_object *list = kit_json_array(root, key);
    size_t len = list ? json_object_array_length(list) : 0;
    *n = 0;
    char *items = len ? calloc(len, size) : NULL;
    for (size_t i = 0; items && i < len; i++) {
        json_object *o = json_object_array_get_idx(list, i);
        if (json_object_is_type(o, json_type_object))
            fn(o, items + (*n)++ * size);
    }
    return items;
}

static void response_fn(json_object *o, void *out)
{
    read_response(o, out);
}

static void tool_fn(json_object *o, void *out)
{
    read_tool(o, out);
}

bool oc_payload_parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    oc_payload *p = payload;
    memset(p, 0, offsetof(oc_payload, prompt)); /* the prompt is set when read */
    json_object *root = kit_json_parse_object(text, len);
    if (!root) {
        snprintf(err, errlen, "the payload is not a JSON object");
        return false;
    }
    p->tree = root;
    kit_json_text(root, "hook_event_name", p->head.event_name, sizeof p->head.event_name);
    p->head.event = kit_frame_event_of(EVENTS, sizeof EVENTS / sizeof *EVENTS, p->head.event_name,
                                       OC_EVENT_UNKNOWN);
    kit_json_text(root, "session_id", p->head.session_id, sizeof p->head.session_id);
    kit_json_text(root, "message_id", p->message_id, sizeof p->message_id);
    p->start_ms = kit_json_i64(root, p->head.event == OC_EVENT_BEGIN ? "time_ms" : "start_ms");
    p->end_ms = kit_json_i64(root, "end_ms");
    kit_json_text(root, "model", p->model, sizeof p->model);
    kit_json_text(root, "provider", p->provider, sizeof p->provider);
    kit_json_text(root, "prompt", p->prompt, sizeof p->prompt);
    kit_json_text(root, "error", p->error, sizeof p->error);
    p->compactions = (uint32_t)kit_json_u64(root, "compactions");
    p->responses = read_list(root, "responses", sizeof *p->responses, &p->n_responses, response_fn);
    p->tools = read_list(root, "tools", sizeof *p->tools, &p->n_tools, tool_fn);
    return true;
}

void oc_payload_release(void *payload)
{
    oc_payload *p = payload;
    free(p->responses);
    free(p->tools);
    json_object_put(p->tree);
    p->responses = NULL, p->tools = NULL, p->tree = NULL;
}
