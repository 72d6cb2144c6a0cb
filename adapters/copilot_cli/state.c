/* The session state file's JSON, both ways: the session's own members here, the task's by the
 * kit (task_record.h). Anything missing or of the wrong type reads as its zero. */
#include "state.h"

#include <string.h>

#include "json_fields.h"

#define STATE_VERSION 1

bool cp_state_parse(const char *text, size_t len, void *session)
{
    cp_session *s = session;
    memset(s, 0, sizeof *s);
    kit_task_reset(&s->task);
    json_object *root = kit_json_parse_object(text, len);
    bool ok = root && kit_json_u64(root, "version") == STATE_VERSION;
    if (ok) {
        kit_json_text(root, "log", s->log, sizeof s->log);
        s->pos.offset = kit_json_u64(root, "offset");
        s->pos.inode = kit_json_u64(root, "log_inode");
        s->seen_len = kit_json_u64(root, "seen_len");
        kit_json_text(root, "model", s->model, sizeof s->model);
        s->stopped = kit_json_bool(root, "stopped");
        s->failed = kit_json_bool(root, "failed");
        s->closed = kit_json_bool(root, "closed");
        json_object *v;
        if (json_object_object_get_ex(root, "task", &v) && json_object_is_type(v, json_type_object))
            kit_task_from_json(v, &s->task);
    }
    json_object_put(root);
    return ok;
}

static void put_bool(json_object *o, const char *key, bool value)
{
    json_object_object_add(o, key, json_object_new_boolean(value));
}

char *cp_state_format(const void *session)
{
    const cp_session *s = session;
    json_object *root = json_object_new_object();
    if (!root)
        return NULL;
    kit_json_put_u64(root, "version", STATE_VERSION);
    kit_json_put_text(root, "log", s->log);
    kit_json_put_u64(root, "offset", s->pos.offset);
    kit_json_put_u64(root, "log_inode", s->pos.inode);
    kit_json_put_u64(root, "seen_len", s->seen_len);
    kit_json_put_text(root, "model", s->model);
    put_bool(root, "stopped", s->stopped);
    put_bool(root, "failed", s->failed);
    put_bool(root, "closed", s->closed);
    json_object_object_add(root, "task", kit_task_to_json(&s->task));
    char *text = kit_json_pretty(root);
    json_object_put(root);
    return text;
}
