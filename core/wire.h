/* The protocol's enum wire strings, in one table per enum (docs/protocol.md, "Enums"). */
#ifndef MT_WIRE_H
#define MT_WIRE_H

#include <stddef.h>

typedef struct mt_enum_table {
    const char *name;           /* the field or enum name, for error lines */
    const char *const *strings; /* indexed by the C enum value */
    size_t count;
    const int *fallback; /* by value: what to send instead when a server refuses it; NULL: none */
} mt_enum_table;

#define MT_NO_FALLBACK (-1)

extern const mt_enum_table mt_task_type_table;
extern const mt_enum_table mt_complexity_table;
extern const mt_enum_table mt_harness_table;
extern const mt_enum_table mt_provider_table;
extern const mt_enum_table mt_outcome_table;
extern const mt_enum_table mt_quality_gate_table;
extern const mt_enum_table mt_repo_size_table;
extern const mt_enum_table mt_confidence_table;
extern const mt_enum_table mt_log_level_table;

/* The wire string of value, or NULL when value is outside the table. */
const char *mt_enum_str(const mt_enum_table *table, int value);
/* The value of text, or -1 when text is not one of the table's strings. */
int mt_enum_parse(const mt_enum_table *table, const char *text);
/* The member to send instead of value when a server refuses value (docs/protocol.md, "Enums":
 * the members the Mosaic documentation does not show are ours), or MT_NO_FALLBACK. */
int mt_enum_fallback(const mt_enum_table *table, int value);
/* Writes "a, b, c" (every string of the table) into buf, for error lines. */
void mt_enum_list(const mt_enum_table *table, char *buf, size_t len);

#endif
