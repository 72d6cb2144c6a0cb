/* The session state file's JSON, both ways: the session's own members here, the task's by the
 * kit (task_record.h). Anything missing or of the wrong type reads as its zero. */
#include "state.h"

#include <string.h>

#include "json_fields.h"
#include "state_json.h"

#define STATE_VERSION 1

bool cl_state_parse(const char *text, size_t len, void *session)
{
    cl_session *s = session;
    memset(s, 0, sizeof *s);
    json_object *root = kit_state_json_read(text, len, STATE_VERSION, &s->task);
    if (!root)
        return false;
    kit_json_text(root, "id", s->id, sizeof s->id);
    s->seen_len = kit_json_u64(root, "seen_len");
    kit_json_text(root, "model", s->model, sizeof s->model);
    s->completed = kit_json_bool(root, "completed");
    s->failed = kit_json_bool(root, "failed");
    s->closed = kit_json_bool(root, "closed");
    json_object_put(root);
    return true;
}

char *cl_state_format(const void *session)
{
    const cl_session *s = session;
    json_object *root = kit_state_json_new(STATE_VERSION);
    if (!root)
        return NULL;
    kit_json_put_text(root, "id", s->id);
    kit_json_put_u64(root, "seen_len", s->seen_len);
    kit_json_put_text(root, "model", s->model);
    json_object_object_add(root, "completed", json_object_new_boolean(s->completed));
    json_object_object_add(root, "failed", json_object_new_boolean(s->failed));
    json_object_object_add(root, "closed", json_object_new_boolean(s->closed));
    return kit_state_json_text(root, &s->task);
}
