/* The event <-> JSON, both ways through json-c, driven by the table of the schema's fields
 * (event_fields.h) so that the writer and the reader cannot disagree on a name or a type. A text
 * in the writers' plain form is read by the scanner (event_scan.c) without a tree. */
#include <json-c/json.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "event.h"
#include "event_fields.h"
#include "json.h"
#include "wire.h"

static json_object *new_gates(uint8_t mask)
{
    json_object *array = json_object_new_array();
    for (size_t gate = 0; array && gate < mt_quality_gate_table.count; gate++)
        if (mask & (1u << gate))
            json_object_array_add(array,
                                  json_object_new_string(mt_quality_gate_table.strings[gate]));
    return array;
}

static json_object *field_to_json(const mosaic_event *e, const mt_event_field *f)
{
    switch (f->kind) {
    case MT_FIELD_TEXT: return json_object_new_string(MT_FIELD_SLOT(e, f, const char));
    case MT_FIELD_NULLABLE_TEXT:
        return *MT_FIELD_SLOT(e, f, const char)
                   ? json_object_new_string(MT_FIELD_SLOT(e, f, const char))
                   : NULL;
    case MT_FIELD_SCHEMA: return json_object_new_string(MOSAIC_SCHEMA_VERSION);
    case MT_FIELD_U64: return json_object_new_int64((int64_t)*MT_FIELD_SLOT(e, f, const uint64_t));
    case MT_FIELD_U32: return json_object_new_int64(*MT_FIELD_SLOT(e, f, const uint32_t));
    case MT_FIELD_ENUM:
        return json_object_new_string(mt_enum_str(f->table, *MT_FIELD_SLOT(e, f, const int)));
    case MT_FIELD_NULLABLE_ENUM: {
        const char *text = mt_enum_str(f->table, *MT_FIELD_SLOT(e, f, const int));
        return text ? json_object_new_string(text) : NULL;
    }
    case MT_FIELD_BOOL: return json_object_new_boolean(*MT_FIELD_SLOT(e, f, const bool));
    case MT_FIELD_GATES: return new_gates(*MT_FIELD_SLOT(e, f, const uint8_t));
    case MT_FIELD_DOUBLE: return mt_json_new_double(*MT_FIELD_SLOT(e, f, const double));
    }
    return NULL;
}

/* Each thread keeps one event tree and updates its values in place: building 26 json-c objects,
 * hashing 26 keys and growing a fresh print buffer for every event cost more than everything
 * else about an event put together. values[i] is borrowed from the tree, for mt_event_fields[i]. */
typedef struct reusable_tree {
    json_object *object;
    json_object *values[MT_EVENT_FIELD_COUNT];
} reusable_tree;

static pthread_key_t tree_key;
static pthread_once_t tree_key_once = PTHREAD_ONCE_INIT;
static bool tree_key_ok;

static void free_tree(void *ptr)
{
    reusable_tree *tree = ptr;
    json_object_put(tree->object);
    free(tree);
}

static void create_tree_key(void)
{
    tree_key_ok = pthread_key_create(&tree_key, free_tree) == 0;
}

static reusable_tree *thread_tree(void)
{
    pthread_once(&tree_key_once, create_tree_key);
    reusable_tree *tree = tree_key_ok ? pthread_getspecific(tree_key) : NULL;
    if (tree || !tree_key_ok)
        return tree;
    tree = calloc(1, sizeof *tree);
    if (tree && (tree->object = json_object_new_object()) &&
        pthread_setspecific(tree_key, tree) == 0)
        return tree;
    if (tree)
        json_object_put(tree->object);
    free(tree);
    return NULL;
}

/* Sets mt_event_fields[i] in the tree: in place when the JSON type stays the same, else a new
 * value. False when memory ran out (the tree may then hold the previous event's value). */
static bool update_field(reusable_tree *tree, const mosaic_event *e, size_t i)
{
    const mt_event_field *f = &mt_event_fields[i];
    json_object *current = tree->values[i];
    const char *text = NULL;
    switch (f->kind) {
    case MT_FIELD_TEXT: text = MT_FIELD_SLOT(e, f, const char); break;
    case MT_FIELD_NULLABLE_TEXT:
        text = *MT_FIELD_SLOT(e, f, const char) ? MT_FIELD_SLOT(e, f, const char) : NULL;
        break;
    case MT_FIELD_ENUM: text = mt_enum_str(f->table, *MT_FIELD_SLOT(e, f, const int)); break;
    case MT_FIELD_NULLABLE_ENUM:
        text = mt_enum_str(f->table, *MT_FIELD_SLOT(e, f, const int));
        break;
    case MT_FIELD_U64:
        if (json_object_is_type(current, json_type_int))
            return json_object_set_int64(current, (int64_t)*MT_FIELD_SLOT(e, f, const uint64_t));
        break;
    case MT_FIELD_U32:
        if (json_object_is_type(current, json_type_int))
            return json_object_set_int64(current, *MT_FIELD_SLOT(e, f, const uint32_t));
        break;
    case MT_FIELD_BOOL:
        if (json_object_is_type(current, json_type_boolean))
            return json_object_set_boolean(current, *MT_FIELD_SLOT(e, f, const bool));
        break;
    case MT_FIELD_SCHEMA:
        if (current)
            return true;
        break;
    case MT_FIELD_GATES:
    case MT_FIELD_DOUBLE: break; /* rebuilt: a gate list or a double with its exact text */
    }
    if (text && json_object_is_type(current, json_type_string))
        return json_object_set_string(current, text);
    json_object *value = field_to_json(e, f);
    bool may_be_null = f->kind == MT_FIELD_NULLABLE_TEXT || f->kind == MT_FIELD_NULLABLE_ENUM;
    if (!value && !(may_be_null && !text))
        return false;
    /* The names are static: json-c need not copy them. */
    if (json_object_object_add_ex(tree->object, f->name, value, JSON_C_OBJECT_ADD_CONSTANT_KEY)) {
        json_object_put(value);
        return false;
    }
    tree->values[i] = value;
    return true;
}

/* The event's JSON text, owned by the thread's tree until its next use; NULL when memory ran
 * out, and the tree is then dropped so that no half-updated event can ever be written. */
static const char *event_text(const mosaic_event *e, size_t *len)
{
    reusable_tree *tree = thread_tree();
    if (!tree)
        return NULL;
    bool complete = true;
    for (size_t i = 0; complete && i < MT_EVENT_FIELD_COUNT; i++)
        complete = update_field(tree, e, i);
    const char *text =
        complete ? json_object_to_json_string_length(
                       tree->object, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, len)
                 : NULL;
    if (!text) {
        pthread_setspecific(tree_key, NULL);
        free_tree(tree);
    }
    return text;
}

char *mt_event_json(const mosaic_event *e, size_t *len)
{
    size_t text_len = 0;
    const char *text = event_text(e, &text_len);
    char *copy = text ? malloc(text_len + 1) : NULL;
    if (copy) {
        memcpy(copy, text, text_len + 1);
        if (len)
            *len = text_len;
    }
    return copy;
}

MOSAIC_API char *mosaic_event_to_json(const mosaic_event *event)
{
    return event ? mt_event_json(event, NULL) : NULL;
}

/* ---- reading ---------------------------------------------------------------------------- */

static bool read_unsigned(json_object *value, const mt_event_field *f, uint64_t *out, char *err,
                          size_t errlen)
{
    if (!json_object_is_type(value, json_type_int)) {
        mt_set_error(err, errlen, "%s: expected an integer", f->name);
        return false;
    }
    /* json-c keeps integers above INT64_MAX as uint64; get_int64 would clamp them. */
    int64_t as_signed = json_object_get_int64(value);
    if (as_signed < 0) {
        mt_set_error(err, errlen, "%s: must not be negative, got %lld", f->name,
                     (long long)as_signed);
        return false;
    }
    *out = json_object_get_uint64(value);
    return true;
}

static bool read_text(json_object *value, const mt_event_field *f, mosaic_event *e, char *err,
                      size_t errlen)
{
    if (!json_object_is_type(value, json_type_string)) {
        mt_set_error(err, errlen, "%s: expected a string", f->name);
        return false;
    }
    const char *text = json_object_get_string(value);
    size_t len = (size_t)json_object_get_string_len(value);
    if (len >= f->size || strlen(text) != len) {
        mt_set_error(err, errlen, "%s: too long or contains NUL (%zu bytes)", f->name, len);
        return false;
    }
    if (f->kind == MT_FIELD_NULLABLE_TEXT && len == 0) {
        mt_set_error(err, errlen, "%s: must be null or 1 to 32 characters", f->name);
        return false;
    }
    memcpy(MT_FIELD_SLOT(e, f, char), text, len + 1);
    return true;
}

static bool read_enum(json_object *value, const mt_event_field *f, mosaic_event *e, char *err,
                      size_t errlen)
{
    int parsed = json_object_is_type(value, json_type_string)
                     ? mt_enum_parse(f->table, json_object_get_string(value))
                     : -1;
    if (parsed < 0) {
        char allowed[256];
        mt_enum_list(f->table, allowed, sizeof allowed);
        mt_set_error(err, errlen, "%s: expected one of %s", f->name, allowed);
        return false;
    }
    *MT_FIELD_SLOT(e, f, int) = parsed;
    return true;
}

static bool read_gates(json_object *value, const mt_event_field *f, mosaic_event *e, char *err,
                       size_t errlen)
{
    if (!json_object_is_type(value, json_type_array)) {
        mt_set_error(err, errlen, "%s: expected an array of gate names", f->name);
        return false;
    }
    size_t n = json_object_array_length(value);
    mosaic_quality_gate gates[16];
    if (n > sizeof gates / sizeof *gates) {
        mt_set_error(err, errlen, "%s: at most %zu gates", f->name, mt_quality_gate_table.count);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        json_object *item = json_object_array_get_idx(value, i);
        int gate = json_object_is_type(item, json_type_string)
                       ? mt_enum_parse(&mt_quality_gate_table, json_object_get_string(item))
                       : -1;
        if (gate < 0) {
            char allowed[128];
            mt_enum_list(&mt_quality_gate_table, allowed, sizeof allowed);
            mt_set_error(err, errlen, "%s: expected gates among %s", f->name, allowed);
            return false;
        }
        gates[i] = (mosaic_quality_gate)gate;
    }
    return mt_gates_to_mask(f->name, gates, n, MT_FIELD_SLOT(e, f, uint8_t), err, errlen);
}

static bool read_number(json_object *value, const mt_event_field *f, mosaic_event *e, char *err,
                        size_t errlen)
{
    if (!json_object_is_type(value, json_type_double) &&
        !json_object_is_type(value, json_type_int)) {
        mt_set_error(err, errlen, "%s: expected a number", f->name);
        return false;
    }
    *MT_FIELD_SLOT(e, f, double) = json_object_get_double(value);
    return true;
}

static bool read_field(json_object *value, const mt_event_field *f, mosaic_event *e, char *err,
                       size_t errlen)
{
    bool is_null = value == NULL;
    if (is_null && f->kind == MT_FIELD_NULLABLE_TEXT)
        return *MT_FIELD_SLOT(e, f, char) = '\0', true;
    if (is_null && f->kind == MT_FIELD_NULLABLE_ENUM)
        return *MT_FIELD_SLOT(e, f, int) = MT_REPO_SIZE_NULL, true;
    if (is_null) {
        mt_set_error(err, errlen, "%s: must not be null", f->name);
        return false;
    }
    uint64_t number;
    switch (f->kind) {
    case MT_FIELD_TEXT:
    case MT_FIELD_NULLABLE_TEXT: return read_text(value, f, e, err, errlen);
    case MT_FIELD_SCHEMA:
        if (json_object_is_type(value, json_type_string) &&
            strcmp(json_object_get_string(value), MOSAIC_SCHEMA_VERSION) == 0)
            return true;
        mt_set_error(err, errlen, "%s: expected \"%s\"", f->name, MOSAIC_SCHEMA_VERSION);
        return false;
    case MT_FIELD_U64:
        if (!read_unsigned(value, f, &number, err, errlen))
            return false;
        *MT_FIELD_SLOT(e, f, uint64_t) = number;
        return true;
    case MT_FIELD_U32:
        if (!read_unsigned(value, f, &number, err, errlen))
            return false;
        *MT_FIELD_SLOT(e, f, uint32_t) = mt_field_u32(number);
        return true;
    case MT_FIELD_ENUM:
    case MT_FIELD_NULLABLE_ENUM: return read_enum(value, f, e, err, errlen);
    case MT_FIELD_BOOL:
        if (!json_object_is_type(value, json_type_boolean)) {
            mt_set_error(err, errlen, "%s: expected true or false", f->name);
            return false;
        }
        *MT_FIELD_SLOT(e, f, bool) = json_object_get_boolean(value);
        return true;
    case MT_FIELD_GATES: return read_gates(value, f, e, err, errlen);
    case MT_FIELD_DOUBLE: return read_number(value, f, e, err, errlen);
    }
    return false;
}

static const mt_event_field *find_field(const char *name)
{
    for (size_t i = 0; i < MT_EVENT_FIELD_COUNT; i++)
        if (strcmp(mt_event_fields[i].name, name) == 0)
            return &mt_event_fields[i];
    return NULL;
}

static bool object_to_event(json_object *object, mosaic_event *e, char *err, size_t errlen)
{
    json_object_object_foreach(object, key, unused)
    {
        (void)unused;
        if (!find_field(key)) {
            mt_set_error(err, errlen, "%.60s: unknown field", key);
            return false;
        }
    }
    for (size_t i = 0; i < MT_EVENT_FIELD_COUNT; i++) {
        json_object *value;
        if (!json_object_object_get_ex(object, mt_event_fields[i].name, &value)) {
            mt_set_error(err, errlen, "%s: required, missing", mt_event_fields[i].name);
            return false;
        }
        if (!read_field(value, &mt_event_fields[i], e, err, errlen))
            return false;
    }
    return true;
}

/* The event read, checked, into a new allocation: MOSAIC_OK, or the error of the field or rule
 * that failed. */
static mosaic_status read_event(const char *json, mosaic_event **out, bool fast, char *err,
                                size_t errlen)
{
    size_t len = strlen(json);
    mosaic_event *event = calloc(1, sizeof *event);
    if (!event) {
        mt_set_error(err, errlen, "event: out of memory");
        return MOSAIC_ERR_NO_MEMORY;
    }
    mosaic_status status = MOSAIC_OK;
    if (!fast || !mt_event_scan(json, len, event)) {
        memset(event, 0, sizeof *event);
        json_object *root = mt_json_parse(json, len, err, errlen);
        if (!root)
            status = MOSAIC_ERR_PARSE;
        else if (!json_object_is_type(root, json_type_object)) {
            mt_set_error(err, errlen, "event: expected a JSON object");
            status = MOSAIC_ERR_PARSE;
        } else if (!object_to_event(root, event, err, errlen))
            status = MOSAIC_ERR_INVALID_EVENT;
        json_object_put(root);
    }
    if (status == MOSAIC_OK && !mt_event_check(event, mt_realtime_ms(), err, errlen))
        status = MOSAIC_ERR_INVALID_EVENT;
    if (status != MOSAIC_OK) {
        free(event);
        return status;
    }
    *out = event;
    return MOSAIC_OK;
}

mosaic_status mt_event_from_json_tree(const char *json, mosaic_event **out, char *err,
                                      size_t errlen)
{
    *out = NULL;
    return read_event(json, out, false, err, errlen);
}

MOSAIC_API mosaic_status mosaic_event_from_json(const char *json, mosaic_event **out, char *err,
                                                size_t errlen)
{
    if (!json || !out) {
        mt_set_error(err, errlen, "json: must not be NULL");
        return MOSAIC_ERR_INVALID_ARGUMENT;
    }
    *out = NULL;
    return read_event(json, out, true, err, errlen);
}
