/* A session's state file as every adapter writes it: {"version": N, <the adapter's members>,
 * "task": {...}}. The frame around the members is the same for every adapter, and so is what a
 * file of another version means (a fresh session): it is the kit's; the members are the
 * adapter's (read and written with json_fields.h). */
#ifndef KIT_STATE_JSON_H
#define KIT_STATE_JSON_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

#include "task_record.h"

/* The state file's root object when text[0..len) is one of this version, its task read into
 * task; NULL otherwise. task is reset first either way. The caller reads its own members from
 * the root, then releases it (json_object_put). */
json_object *kit_state_json_read(const char *text, size_t len, uint64_t version, kit_task *task);

/* A root object holding the version, for the adapter's members; NULL when memory runs out. */
json_object *kit_state_json_new(uint64_t version);
/* The root with the task added last, as the file's text (malloc'd; NULL when memory runs out).
 * The root is released. */
char *kit_state_json_text(json_object *root, const kit_task *task);

#endif
