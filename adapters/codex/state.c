/* The session state file's JSON, both ways: the session's own members here, the task's by the
 * kit (task_record.h). Anything missing or of the wrong type reads as its zero. */
#include "state.h"

#include <string.h>

#include "json_fields.h"

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
    kit_task_reset(&s->task);
    json_object *root = kit_json_parse_object(text, len);
    bool ok = root && kit_json_u64(root, "version") == STATE_VERSION;
    if (ok) {
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
        json_object *v;
        if (json_object_object_get_ex(root, "task", &v) && json_object_is_type(v, json_type_object))
            kit_task_from_json(v, &s->task);
    }
    json_object_put(root);
    return ok;
}

char *cx_state_format(const void *session)
{
    const cx_session *s = session;
    json_object *root = json_object_new_object();
    if (!root)
        return NULL;
    cx_tokens total = s->total;
    kit_json_put_u64(root, "version", STATE_VERSION);
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
    json_object_object_add(root, "task", kit_task_to_json(&s->task));
    char *text = kit_json_pretty(root);
    json_object_put(root);
    return text;
}
