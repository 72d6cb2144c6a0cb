/* The session state file's JSON, both ways: the session's own members here, the task's by the
 * kit (task_record.h). Anything missing or of the wrong type reads as its zero. */
#include "state.h"

#include <string.h>

#include "json_fields.h"
#include "state_json.h"

#define STATE_VERSION 1

bool gm_state_parse(const char *text, size_t len, void *session)
{
    gm_session *s = session;
    memset(s, 0, sizeof *s);
    json_object *root = kit_state_json_read(text, len, STATE_VERSION, &s->task);
    if (!root)
        return false;
    kit_json_text(root, "chat", s->chat, sizeof s->chat);
    s->pos.offset = kit_json_u64(root, "offset");
    s->pos.inode = kit_json_u64(root, "chat_inode");
    s->seen_len = kit_json_u64(root, "seen_len");
    s->stopped = kit_json_bool(root, "stopped");
    s->at_exit = kit_json_bool(root, "at_exit");
    s->closed = kit_json_bool(root, "closed");
    json_object_put(root);
    return true;
}

char *gm_state_format(const void *session)
{
    const gm_session *s = session;
    json_object *root = kit_state_json_new(STATE_VERSION);
    if (!root)
        return NULL;
    kit_json_put_text(root, "chat", s->chat);
    kit_json_put_u64(root, "offset", s->pos.offset);
    kit_json_put_u64(root, "chat_inode", s->pos.inode);
    kit_json_put_u64(root, "seen_len", s->seen_len);
    kit_json_put_bool(root, "stopped", s->stopped);
    kit_json_put_bool(root, "at_exit", s->at_exit);
    kit_json_put_bool(root, "closed", s->closed);
    return kit_state_json_text(root, &s->task);
}
