/* The session state file's JSON, both ways: the session's own members here, the task's by the
 * kit (task_record.h). Anything missing or of the wrong type reads as its zero. */
#include "state.h"

#include <string.h>

#include "json_fields.h"
#include "state_json.h"

#define STATE_VERSION 1

static const char *const TOTAL_KEYS[] = {"total_input", "total_cached", "total_cache_write",
                                         "total_output", "total_reasoning"};

static uint64_t *total_member(cx_tokens *t, size_t i)
{
    uint64_t *members[] = {&t->input, &t->cached, &t->cache_write, &t->output, &t->reasoning};
    return members[i];
}

bool cx_state_parse(const char *text, size_t len, void *session)
{
    cx_session *s = session;
    memset(s, 0, sizeof *s);
    json_object *root = kit_state_json_read(text, len, STATE_VERSION, &s->task);
    if (!root)
        return false;
    kit_json_text(root, "rollout", s->rollout, sizeof s->rollout);
    s->pos.offset = kit_json_u64(root, "offset");
    s->pos.inode = kit_json_u64(root, "rollout_inode");
    s->seen_len = kit_json_u64(root, "seen_len");
    kit_json_text(root, "model", s->model, sizeof s->model);
    for (size_t i = 0; i < 5; i++)
        *total_member(&s->total, i) = kit_json_u64(root, TOTAL_KEYS[i]);
    s->has_records = kit_json_bool(root, "has_records");
    s->stopped = kit_json_bool(root, "stopped");
    s->turn_failed = kit_json_bool(root, "turn_failed");
    s->closed = kit_json_bool(root, "closed");
    json_object_put(root);
    return true;
}

char *cx_state_format(const void *session)
{
    const cx_session *s = session;
    cx_tokens total = s->total;
    json_object *root = kit_state_json_new(STATE_VERSION);
    if (!root)
        return NULL;
    kit_json_put_text(root, "rollout", s->rollout);
    kit_json_put_u64(root, "offset", s->pos.offset);
    kit_json_put_u64(root, "rollout_inode", s->pos.inode);
    kit_json_put_u64(root, "seen_len", s->seen_len);
    kit_json_put_text(root, "model", s->model);
    for (size_t i = 0; i < 5; i++)
        kit_json_put_u64(root, TOTAL_KEYS[i], *total_member(&total, i));
    kit_json_put_bool(root, "has_records", s->has_records);
    kit_json_put_bool(root, "stopped", s->stopped);
    kit_json_put_bool(root, "turn_failed", s->turn_failed);
    kit_json_put_bool(root, "closed", s->closed);
    return kit_state_json_text(root, &s->task);
}
