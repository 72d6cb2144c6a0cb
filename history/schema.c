/* The schema and its migrations: PRAGMA user_version is the version a file is at; each step
 * brings it one version up in a transaction of its own, so a file is never rebuilt silently and
 * never left between two versions. docs/history.md documents every version. */
#include <stdio.h>

#include "hist_internal.h"

/* The wire columns and the history's own, as version 1 made them. A version's text is never
 * edited once released (a file made by it must migrate as it is): a change is a new step. */
#define V1_COLUMNS                                                                                 \
    " event_id TEXT PRIMARY KEY NOT NULL,"                                                         \
    " instance_id TEXT NOT NULL,"                                                                  \
    " schema_version TEXT NOT NULL,"                                                               \
    " \"timestamp\" TEXT NOT NULL,"                                                                \
    " task_duration_ms INTEGER NOT NULL,"                                                          \
    " task_type TEXT NOT NULL,"                                                                    \
    " complexity TEXT NOT NULL,"                                                                   \
    " harness TEXT NOT NULL,"                                                                      \
    " model TEXT NOT NULL,"                                                                        \
    " provider TEXT NOT NULL,"                                                                     \
    " estimated_input_tokens INTEGER NOT NULL,"                                                    \
    " estimated_output_tokens INTEGER NOT NULL,"                                                   \
    " actual_input_tokens INTEGER NOT NULL,"                                                       \
    " actual_output_tokens INTEGER NOT NULL,"                                                      \
    " estimated_cost_usd_micros INTEGER NOT NULL,"                                                 \
    " actual_cost_usd_micros INTEGER NOT NULL,"                                                    \
    " quality_gate_passed INTEGER NOT NULL CHECK (quality_gate_passed IN (0, 1)),"                 \
    " quality_gates_run TEXT NOT NULL,"                                                            \
    " quality_gates_failed TEXT NOT NULL,"                                                         \
    " context_compactions INTEGER NOT NULL,"                                                       \
    " context_rotations INTEGER NOT NULL,"                                                         \
    " context_utilization_final REAL NOT NULL,"                                                    \
    " outcome TEXT NOT NULL,"                                                                      \
    " retry_count INTEGER NOT NULL,"                                                               \
    " language TEXT,"                                                                              \
    " repo_size_category TEXT,"                                                                    \
    " time_ms INTEGER NOT NULL,"                                                                   \
    " recorded_at TEXT NOT NULL,"

/* Version 1: the events table (a column per wire field, under its wire name; gate lists as JSON
 * text), when the history got each event, and what became of its delivery. */
static const char V1[] = "CREATE TABLE events (" V1_COLUMNS " delivery TEXT CHECK (delivery IN"
                         "  ('pending', 'sent', 'duplicate', 'rejected', 'dropped', 'dry run')),"
                         " delivered_at TEXT);"
                         "CREATE INDEX events_by_time ON events (time_ms);";

/* Version 2: the delivery 'unsent' (recorded while no server was configured: a flush with a
 * server spools it again while the spool would still have kept it), which version 1 wrote as
 * 'pending'. The check is a chain of equalities: SQLite built a temporary table for the IN list
 * of version 1 at every insert, a third of an import's time. SQLite cannot change a check in
 * place, so the table is copied (docs/history.md, "Version 2"). */
static const char V2[] =
    "CREATE TABLE events_v2 (" V1_COLUMNS
    " delivery TEXT CHECK (delivery = 'unsent' OR delivery = 'pending' OR delivery = 'sent' OR"
    "  delivery = 'duplicate' OR delivery = 'rejected' OR delivery = 'dropped' OR"
    "  delivery = 'dry run'),"
    " delivered_at TEXT);"
    "INSERT INTO events_v2 SELECT * FROM events;"
    "UPDATE events_v2 SET delivery = 'unsent' WHERE delivery = 'pending';"
    "DROP TABLE events;"
    "ALTER TABLE events_v2 RENAME TO events;"
    "CREATE INDEX events_by_time ON events (time_ms);"
    "CREATE INDEX events_unsent ON events (time_ms) WHERE delivery = 'unsent';";

static const char *const STEPS[HIST_SCHEMA] = {V1, V2};

static bool read_version(hist_db *db, int *version, char *err, size_t errlen)
{
    sqlite3_stmt *stmt = hist_prepare(db, "PRAGMA user_version", err, errlen);
    bool ok = stmt && sqlite3_step(stmt) == SQLITE_ROW;
    if (ok)
        *version = sqlite3_column_int(stmt, 0);
    else if (stmt)
        hist_fail(db, "cannot read its schema version", err, errlen);
    sqlite3_finalize(stmt);
    return ok;
}

/* One step up, re-reading the version under the write lock: two processes opening a new file at
 * once must not both create the table. */
static bool step_up(hist_db *db, int from, char *err, size_t errlen)
{
    if (!hist_begin(db, err, errlen))
        return false;
    int version = 0;
    bool ok = read_version(db, &version, err, errlen);
    if (ok && version == from) {
        char set[64];
        snprintf(set, sizeof set, "PRAGMA user_version=%d", from + 1);
        ok = hist_exec(db, STEPS[from], err, errlen) && hist_exec(db, set, err, errlen);
    }
    return hist_end(db, ok, err, errlen);
}

bool hist_migrate(hist_db *db, char *err, size_t errlen)
{
    int version = 0;
    if (!read_version(db, &version, err, errlen))
        return false;
    if (version > HIST_SCHEMA) {
        snprintf(err, errlen,
                 "history %s: schema version %d is newer than this program's (%d); "
                 "use a newer mosaic-telemetry",
                 db->path, version, HIST_SCHEMA);
        return false;
    }
    for (; version < HIST_SCHEMA; version++)
        if (!step_up(db, version, err, errlen))
            return false;
    return true;
}
