/* Members of the small json-c objects adapters keep their state in: a member that is missing or
 * of the wrong type reads as its zero, so that a state file of an older version (or edited by
 * hand) still reads. */
#ifndef KIT_JSON_FIELDS_H
#define KIT_JSON_FIELDS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

uint64_t kit_json_u64(json_object *o, const char *key);
int64_t kit_json_i64(json_object *o, const char *key);
bool kit_json_bool(json_object *o, const char *key);
/* The string, cut to cap - 1 bytes; "" when absent. */
void kit_json_text(json_object *o, const char *key, char *out, size_t cap);
/* The array, or NULL. */
json_object *kit_json_array(json_object *o, const char *key);

void kit_json_put_u64(json_object *o, const char *key, uint64_t value);
void kit_json_put_i64(json_object *o, const char *key, int64_t value);
void kit_json_put_bool(json_object *o, const char *key, bool value);
/* A NULL value is written as null. */
void kit_json_put_text(json_object *o, const char *key, const char *value);

/* The object that text[0..len) holds; NULL when it is not one. Release with json_object_put. */
json_object *kit_json_parse_object(const char *text, size_t len);
/* The object as indented text (malloc'd); NULL when memory runs out. */
char *kit_json_pretty(json_object *o);

#endif
