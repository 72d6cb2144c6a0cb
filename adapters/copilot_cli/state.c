/* The session state file's JSON, both ways: the session's own members here, the task's by the
 * kit (task_record.h). Anything missing or of the wrong type reads as its zero. */
#include "state.h"

#include <string.h>

#include "json_fields.h"
#include "state_json.h"

#define STATE_VERSION 1

bool cp_state_parse(const char *text, size_t len, void *session)
{
    cp_session *s = session;
    memset(s, 0, sizeof *s);
    json_object *root = kit_state_json_read(text, len, STATE_VERSION, &s->task);
    if (!root)
        return false;
    kit_json_text(root, "log", s->log, sizeof s->log);
    s->pos.offset = kit_json_u64(root, "offset");
    s->pos.inode = kit_json_u64(root, "log_inode");
    s->seen_len = kit_json_u64(root, "seen_len");
    kit_json_text(root, "model", s->model, sizeof s->model);
    s->stopped = kit_json_bool(root, "stopped");
    s->failed = kit_json_bool(root, "failed");
    s->closed = kit_json_bool(root, "closed");
    json_object_put(root);
    return true;
}

static void put_bool(json_object *o, const char *key, bool value)
{
    json_object_object_add(o, key, json_object_new_boolean(value));
}

char *cp_state_format(const void *session)
{
    const cp_session *s = session;
    json_object *root = kit_state_json_new(STATE_VERSION);
    if (!root)
        return NULL;
    kit_json_put_text(root, "log", s->log);
    kit_json_put_u64(root, "offset", s->pos.offset);
    kit_json_put_u64(root, "log_inode", s->pos.inode);
    kit_json_put_u64(root, "seen_len", s->seen_len);
    kit_json_put_text(root, "model", s->model);
    put_bool(root, "stopped", s->stopped);
    put_bool(root, "failed", s->failed);
    put_bool(root, "closed", s->closed);
    return kit_state_json_text(root, &s->task);
}
