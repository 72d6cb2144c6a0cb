/* The state file's frame (state_json.h). */
#include "state_json.h"

#include "json_fields.h"

json_object *kit_state_json_read(const char *text, size_t len, uint64_t version, kit_task *task)
{
    kit_task_reset(task);
    json_object *root = kit_json_parse_object(text, len);
    if (!root || kit_json_u64(root, "version") != version) {
        json_object_put(root);
        return NULL;
    }
    json_object *v;
    if (json_object_object_get_ex(root, "task", &v) && json_object_is_type(v, json_type_object))
        kit_task_from_json(v, task);
    return root;
}

json_object *kit_state_json_new(uint64_t version)
{
    json_object *root = json_object_new_object();
    if (root)
        kit_json_put_u64(root, "version", version);
    return root;
}

char *kit_state_json_text(json_object *root, const kit_task *task)
{
    json_object_object_add(root, "task", kit_task_to_json(task));
    char *text = kit_json_pretty(root);
    json_object_put(root);
    return text;
}
