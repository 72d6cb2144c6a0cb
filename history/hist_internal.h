/* What the history's files share: the handle, one-line errors, and the events table's columns
 * in wire order (docs/protocol.md, "The event"), which the writers and the export bind alike. */
#ifndef HIST_INTERNAL_H
#define HIST_INTERNAL_H

#include <sqlite3.h>

#include "event.h"
#include "hist_db.h"

struct hist_db {
    sqlite3 *sql;
    char *path;
};

/* The 26 wire fields, then time_ms: what hist_bind_event binds from ?1 and hist_read_event
 * reads from column 0. */
#define HIST_EVENT_COLUMNS                                                                         \
    "event_id, instance_id, schema_version, \"timestamp\", task_duration_ms, task_type, "          \
    "complexity, harness, model, provider, estimated_input_tokens, estimated_output_tokens, "      \
    "actual_input_tokens, actual_output_tokens, estimated_cost_usd_micros, "                       \
    "actual_cost_usd_micros, quality_gate_passed, quality_gates_run, quality_gates_failed, "       \
    "context_compactions, context_rotations, context_utilization_final, outcome, retry_count, "    \
    "language, repo_size_category, time_ms"
#define HIST_EVENT_COLUMN_COUNT 27

/* "history <path>: <what>: <sqlite's message>" into err; returns false. */
bool hist_fail(const hist_db *db, const char *what, char *err, size_t errlen);
/* Runs sql (no rows); false with hist_fail's line. */
bool hist_exec(hist_db *db, const char *sql, char *err, size_t errlen);
/* A prepared statement, or NULL with hist_fail's line. */
sqlite3_stmt *hist_prepare(hist_db *db, const char *sql, char *err, size_t errlen);

/* BEGIN IMMEDIATE (the write lock at once, waiting up to HIST_BUSY_WAIT_MS), and its end:
 * COMMIT when ok, else ROLLBACK; returns whether it committed. */
bool hist_begin(hist_db *db, char *err, size_t errlen);
bool hist_end(hist_db *db, bool ok, char *err, size_t errlen);

/* Binds the event's columns (HIST_EVENT_COLUMNS) from parameter ?1. */
bool hist_bind_event(sqlite3_stmt *stmt, const mosaic_event *event);
/* Reads them back from column 0; false (err names the column) when a value is not one the
 * schema allows, as after a hand edit. */
bool hist_read_event(sqlite3_stmt *stmt, mosaic_event *event, char *err, size_t errlen);

/* Steps stmt, a SELECT of HIST_EVENT_COLUMNS, to its next row and reads it into *event: 1 a
 * row, 0 no more rows, -1 an error (err: SQLite's, or the column a hand edit broke). */
int hist_next_event(hist_db *db, sqlite3_stmt *stmt, mosaic_event *event, char *err, size_t errlen);

/* Migrations (schema.c): from the file's user_version up to HIST_SCHEMA. */
bool hist_migrate(hist_db *db, char *err, size_t errlen);

/* The insert of one event (record.c), for the flush's record and the import alike: INSERT OR
 * IGNORE, so an event_id there already is left as it is. */
sqlite3_stmt *hist_insert_stmt(hist_db *db, char *err, size_t errlen);
/* Inserts event, recorded at recorded_at with delivery (NULL: not known, as for an import);
 * *added (may be NULL) says whether it was new. False with hist_fail's line. */
bool hist_insert(hist_db *db, sqlite3_stmt *insert, const mosaic_event *event,
                 const char *recorded_at, const char *delivery, bool *added, char *err,
                 size_t errlen);
#endif
