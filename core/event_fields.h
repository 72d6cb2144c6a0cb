/* The event's fields as the wire names them (docs/protocol.md, "The event"), in wire order: one
 * table that the JSON writer, the json-c reader and the fast scanner all walk, so that they
 * cannot disagree on a name, a type or a bound. */
#ifndef MT_EVENT_FIELDS_H
#define MT_EVENT_FIELDS_H

#include <stddef.h>

#include "event.h"
#include "wire.h"

typedef enum mt_field_kind {
    MT_FIELD_TEXT,          /* char[] */
    MT_FIELD_NULLABLE_TEXT, /* char[], "" is null */
    MT_FIELD_SCHEMA,        /* the constant schema version */
    MT_FIELD_U64,
    MT_FIELD_U32,
    MT_FIELD_ENUM,          /* int, through a wire table */
    MT_FIELD_NULLABLE_ENUM, /* int, MT_REPO_SIZE_NULL is null */
    MT_FIELD_BOOL,
    MT_FIELD_GATES, /* uint8_t bit mask */
    MT_FIELD_DOUBLE,
} mt_field_kind;

typedef struct mt_event_field {
    const char *name;
    mt_field_kind kind;
    size_t offset;
    size_t size; /* MT_FIELD_TEXT: capacity */
    const mt_enum_table *table;
} mt_event_field;

#define MT_EVENT_FIELD_COUNT 26
extern const mt_event_field mt_event_fields[MT_EVENT_FIELD_COUNT];

/* The field's place in an event. */
#define MT_FIELD_SLOT(event, f, type) ((type *)((char *)(event) + (f)->offset))

/* A u32 field's value from the u64 the wire carries: larger values are clamped, not wrapped. */
static inline uint32_t mt_field_u32(uint64_t value)
{
    return value > UINT32_MAX ? UINT32_MAX : (uint32_t)value;
}

/* The text path of mosaic_event_from_json that needs no tree (event_scan.c): true when text is
 * an event object in the plain form writers use (ASCII strings without escapes, whole numbers
 * without sign or exponent, every field once), read into *event, which the caller then checks
 * with mt_event_check. False means "not sure", never "invalid": the caller then reads the text
 * through json-c, which gives every error its message. */
bool mt_event_scan(const char *text, size_t len, mosaic_event *event);

/* The json-c path alone, for the scanner's differential fuzz target (fuzz/fuzz_event_json.c). */
mosaic_status mt_event_from_json_tree(const char *json, mosaic_event **out, char *err,
                                      size_t errlen);

#endif
