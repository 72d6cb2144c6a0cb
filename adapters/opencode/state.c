/* The session state file's JSON, both ways: the session's own members here, the task's by the
 * kit (task_record.h). Anything missing or of the wrong type reads as its zero. */
#include "state.h"

#include <string.h>

#include "json_fields.h"

#define STATE_VERSION 1

bool oc_state_parse(const char *text, size_t len, void *session)
{
    oc_session *s = session;
    memset(s, 0, sizeof *s);
    kit_task_reset(&s->task);
    json_object *root = kit_json_parse_object(text, len);
    bool ok = root && kit_json_u64(root, "version") == STATE_VERSION;
    if (ok) {
        kit_json_text(root, "message_id", s->message_id, sizeof s->message_id);
        kit_json_text(root, "last_message_id", s->last_message_id, sizeof s->last_message_id);
        json_object *v;
        if (json_object_object_get_ex(root, "task", &v) && json_object_is_type(v, json_type_object))
            kit_task_from_json(v, &s->task);
    }
    json_object_put(root);
    return ok;
}

char *oc_state_format(const void *session)
{
    const oc_session *s = session;
    json_object *root = json_object_new_object();
    if (!root)
        return NULL;
    kit_json_put_u64(root, "version", STATE_VERSION);
    kit_json_put_text(root, "message_id", s->message_id);
    kit_json_put_text(root, "last_message_id", s->last_message_id);
    json_object_object_add(root, "task", kit_task_to_json(&s->task));
    char *text = kit_json_pretty(root);
    json_object_put(root);
    return text;
}
