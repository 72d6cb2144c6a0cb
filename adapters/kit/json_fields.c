/* Reading and writing state members (json_fields.h). */
#include "json_fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t kit_json_u64(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_int)
               ? json_object_get_uint64(v)
               : 0;
}

int64_t kit_json_i64(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_int)
               ? json_object_get_int64(v)
               : 0;
}

bool kit_json_bool(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_get_boolean(v);
}

void kit_json_text(json_object *o, const char *key, char *out, size_t cap)
{
    json_object *v;
    out[0] = '\0';
    if (json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string))
        snprintf(out, cap, "%s", json_object_get_string(v));
}

json_object *kit_json_array(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_array) ? v
                                                                                            : NULL;
}

void kit_json_put_u64(json_object *o, const char *key, uint64_t value)
{
    json_object_object_add(o, key, json_object_new_uint64(value));
}

void kit_json_put_i64(json_object *o, const char *key, int64_t value)
{
    json_object_object_add(o, key, json_object_new_int64(value));
}

void kit_json_put_bool(json_object *o, const char *key, bool value)
{
    json_object_object_add(o, key, json_object_new_boolean(value));
}

void kit_json_put_text(json_object *o, const char *key, const char *value)
{
    json_object_object_add(o, key, value ? json_object_new_string(value) : NULL);
}

json_object *kit_json_parse_object(const char *text, size_t len)
{
    json_tokener *tok = json_tokener_new();
    json_object *root = tok ? json_tokener_parse_ex(tok, text, (int)len) : NULL;
    if (tok)
        json_tokener_free(tok);
    if (root && !json_object_is_type(root, json_type_object)) {
        json_object_put(root);
        root = NULL;
    }
    return root;
}

char *kit_json_pretty(json_object *o)
{
    const char *text =
        json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
    return text ? strdup(text) : NULL;
}
