/* The session state file's JSON, both ways: the session's own members here, the task's by the
 * kit (task_record.h). Anything missing or of the wrong type reads as its zero. */
#include "state.h"

#include <string.h>

#include "json_fields.h"
#include "state_json.h"

#define STATE_VERSION 1

bool oc_state_parse(const char *text, size_t len, void *session)
{
    oc_session *s = session;
    memset(s, 0, sizeof *s);
    json_object *root = kit_state_json_read(text, len, STATE_VERSION, &s->task);
    if (!root)
        return false;
    kit_json_text(root, "message_id", s->message_id, sizeof s->message_id);
    kit_json_text(root, "last_message_id", s->last_message_id, sizeof s->last_message_id);
    json_object_put(root);
    return true;
}

char *oc_state_format(const void *session)
{
    const oc_session *s = session;
    json_object *root = kit_state_json_new(STATE_VERSION);
    if (!root)
        return NULL;
    kit_json_put_text(root, "message_id", s->message_id);
    kit_json_put_text(root, "last_message_id", s->last_message_id);
    return kit_state_json_text(root, &s->task);
}
