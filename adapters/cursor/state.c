/* The session state file's JSON, both ways: the session's own members here, the task's by the
 * kit (task_record.h). Anything missing or of the wrong type reads as its zero. */
#include "state.h"

#include <string.h>

#include "json_fields.h"
#include "state_json.h"

#define STATE_VERSION 1

bool cu_state_parse(const char *text, size_t len, void *session)
{
    cu_session *s = session;
    memset(s, 0, sizeof *s);
    json_object *root = kit_state_json_read(text, len, STATE_VERSION, &s->task);
    if (!root)
        return false;
    kit_json_text(root, "model", s->model, sizeof s->model);
    json_object_put(root);
    return true;
}

char *cu_state_format(const void *session)
{
    const cu_session *s = session;
    json_object *root = kit_state_json_new(STATE_VERSION);
    if (!root)
        return NULL;
    kit_json_put_text(root, "model", s->model);
    return kit_state_json_text(root, &s->task);
}
