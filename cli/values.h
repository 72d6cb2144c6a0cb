/* Strict parsing of flag and environment values: whole numbers without signs or trailing junk,
 * decimals, dollars, enum wire strings and gate lists. On failure each prints one line naming
 * the flag or variable ("--duration-ms: expected a whole number, got '12x'") and returns false. */
#ifndef MT_CLI_VALUES_H
#define MT_CLI_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mosaic/telemetry.h"
#include "wire.h"

/* A whole number 0..max. `what` is "--flag" or a variable name. */
bool cli_parse_u64(const char *cmd, const char *what, const char *text, uint64_t max,
                   uint64_t *out);
/* A non-negative decimal ("0.72", "30", "1.5"), finite. */
bool cli_parse_decimal(const char *cmd, const char *what, const char *text, double *out);
/* Dollars with at most 6 decimals ("0.42") as micro-USD, computed exactly (no binary rounding). */
bool cli_parse_dollars(const char *cmd, const char *what, const char *text, uint64_t *micros);
/* One of the table's wire strings; the error lists them all. */
bool cli_parse_enum(const char *cmd, const char *what, const mt_enum_table *table, const char *text,
                    int *out);
/* "build,lint" into gates (at most `cap`); "" is no gates. */
bool cli_parse_gates(const char *cmd, const char *what, const char *text,
                     mosaic_quality_gate *gates, size_t cap, size_t *n);
/* true/1/yes/on or false/0/no/off, any case. */
bool cli_parse_bool(const char *cmd, const char *what, const char *text, bool *out);

#endif
