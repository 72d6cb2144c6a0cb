/* An event <-> its row's columns (HIST_EVENT_COLUMNS, in wire order): enums under their wire
 * strings, the gate lists as JSON arrays of gate names, null language and repo size as NULL. */
#include <stdio.h>
#include <string.h>

#include "hist_internal.h"
#include "wire.h"

/* ["tests","lint"]: at most 8 gates of short names. */
static void gates_json(uint8_t mask, char *out, size_t len)
{
    size_t used = (size_t)snprintf(out, len, "[");
    for (size_t gate = 0; gate < mt_quality_gate_table.count && used < len; gate++)
        if (mask & (1u << gate))
            used += (size_t)snprintf(out + used, len - used, "%s\"%s\"", used > 1 ? "," : "",
                                     mt_quality_gate_table.strings[gate]);
    if (used < len)
        snprintf(out + used, len - used, "]");
}

/* SQLITE_STATIC: the caller's event and the enum tables outlive the statement's step. */
static int bind_text(sqlite3_stmt *stmt, int at, const char *text)
{
    return text ? sqlite3_bind_text(stmt, at, text, -1, SQLITE_STATIC)
                : sqlite3_bind_null(stmt, at);
}

/* A text of this call's own (the gate lists): SQLite keeps a copy. */
static int bind_copy(sqlite3_stmt *stmt, int at, const char *text)
{
    return sqlite3_bind_text(stmt, at, text, -1, SQLITE_TRANSIENT);
}

static int bind_enum(sqlite3_stmt *stmt, int at, const mt_enum_table *table, int value)
{
    return bind_text(stmt, at, mt_enum_str(table, value));
}

static int bind_u64(sqlite3_stmt *stmt, int at, uint64_t value)
{
    return sqlite3_bind_int64(stmt, at, (sqlite3_int64)value);
}

bool hist_bind_event(sqlite3_stmt *stmt, const mosaic_event *e)
{
    char run[128], failed[128];
    gates_json(e->gates_run, run, sizeof run);
    gates_json(e->gates_failed, failed, sizeof failed);
    int64_t time_ms = 0;
    mt_parse_timestamp(e->timestamp, &time_ms);
    int rc =
        bind_text(stmt, 1, e->event_id) | bind_text(stmt, 2, e->instance_id) |
        bind_text(stmt, 3, MOSAIC_SCHEMA_VERSION) | bind_text(stmt, 4, e->timestamp) |
        bind_u64(stmt, 5, e->duration_ms) | bind_enum(stmt, 6, &mt_task_type_table, e->task_type) |
        bind_enum(stmt, 7, &mt_complexity_table, e->complexity) |
        bind_enum(stmt, 8, &mt_harness_table, e->harness) | bind_text(stmt, 9, e->model) |
        bind_enum(stmt, 10, &mt_provider_table, e->provider) |
        bind_u64(stmt, 11, e->estimated_input_tokens) |
        bind_u64(stmt, 12, e->estimated_output_tokens) |
        bind_u64(stmt, 13, e->actual_input_tokens) | bind_u64(stmt, 14, e->actual_output_tokens) |
        bind_u64(stmt, 15, e->estimated_cost_usd_micros) |
        bind_u64(stmt, 16, e->actual_cost_usd_micros) |
        sqlite3_bind_int(stmt, 17, e->quality_gate_passed) | bind_copy(stmt, 18, run) |
        bind_copy(stmt, 19, failed) | bind_u64(stmt, 20, e->context_compactions) |
        bind_u64(stmt, 21, e->context_rotations) |
        sqlite3_bind_double(stmt, 22, e->context_utilization_final) |
        bind_enum(stmt, 23, &mt_outcome_table, e->outcome) | bind_u64(stmt, 24, e->retry_count) |
        bind_text(stmt, 25, e->language[0] ? e->language : NULL) |
        bind_enum(stmt, 26, &mt_repo_size_table, e->repo_size) |
        sqlite3_bind_int64(stmt, 27, time_ms);
    return rc == SQLITE_OK;
}

/* ---- reading back --------------------------------------------------------------------------- */

static const char *column_text(sqlite3_stmt *stmt, int col)
{
    const unsigned char *text = sqlite3_column_text(stmt, col);
    return text ? (const char *)text : "";
}

static bool read_string(sqlite3_stmt *stmt, int col, char *out, size_t size)
{
    const char *text = column_text(stmt, col);
    size_t len = strlen(text);
    if (len >= size)
        return false;
    memcpy(out, text, len + 1);
    return true;
}

static bool read_enum(sqlite3_stmt *stmt, int col, const mt_enum_table *table, int *out)
{
    if (table == &mt_repo_size_table && sqlite3_column_type(stmt, col) == SQLITE_NULL) {
        *out = MT_REPO_SIZE_NULL;
        return true;
    }
    *out = mt_enum_parse(table, column_text(stmt, col));
    return *out >= 0;
}

/* A JSON array of gate names as written by gates_json (no spaces needed, but allowed). */
static bool read_gates(sqlite3_stmt *stmt, int col, uint8_t *mask)
{
    const char *p = column_text(stmt, col);
    *mask = 0;
    while (*p) {
        const char *open = strchr(p, '"');
        if (!open)
            break;
        const char *close = strchr(open + 1, '"');
        char name[32];
        size_t len = close ? (size_t)(close - open - 1) : sizeof name;
        if (len >= sizeof name)
            return false;
        memcpy(name, open + 1, len);
        name[len] = '\0';
        int gate = mt_enum_parse(&mt_quality_gate_table, name);
        if (gate < 0)
            return false;
        *mask |= (uint8_t)(1u << gate);
        p = close + 1;
    }
    return true;
}

static uint64_t read_u64(sqlite3_stmt *stmt, int col)
{
    sqlite3_int64 value = sqlite3_column_int64(stmt, col);
    return value < 0 ? 0 : (uint64_t)value;
}

static uint32_t read_u32(sqlite3_stmt *stmt, int col)
{
    uint64_t value = read_u64(stmt, col);
    return value > UINT32_MAX ? UINT32_MAX : (uint32_t)value;
}

bool hist_read_event(sqlite3_stmt *stmt, mosaic_event *e, char *err, size_t errlen)
{
    memset(e, 0, sizeof *e);
    const char *bad = !read_string(stmt, 0, e->event_id, sizeof e->event_id)         ? "event_id"
                      : !read_string(stmt, 1, e->instance_id, sizeof e->instance_id) ? "instance_id"
                      : !read_string(stmt, 3, e->timestamp, sizeof e->timestamp)     ? "timestamp"
                      : !read_enum(stmt, 5, &mt_task_type_table, &e->task_type)      ? "task_type"
                      : !read_enum(stmt, 6, &mt_complexity_table, &e->complexity)    ? "complexity"
                      : !read_enum(stmt, 7, &mt_harness_table, &e->harness)          ? "harness"
                      : !read_string(stmt, 8, e->model, sizeof e->model)             ? "model"
                      : !read_enum(stmt, 9, &mt_provider_table, &e->provider)        ? "provider"
                      : !read_gates(stmt, 17, &e->gates_run)    ? "quality_gates_run"
                      : !read_gates(stmt, 18, &e->gates_failed) ? "quality_gates_failed"
                      : !read_enum(stmt, 22, &mt_outcome_table, &e->outcome)    ? "outcome"
                      : !read_string(stmt, 24, e->language, sizeof e->language) ? "language"
                      : !read_enum(stmt, 25, &mt_repo_size_table, &e->repo_size)
                          ? "repo_size_category"
                          : NULL;
    if (bad) {
        snprintf(err, errlen, "%s: not a value the schema allows (edited by hand?)", bad);
        return false;
    }
    e->duration_ms = read_u64(stmt, 4);
    e->estimated_input_tokens = read_u64(stmt, 10);
    e->estimated_output_tokens = read_u64(stmt, 11);
    e->actual_input_tokens = read_u64(stmt, 12);
    e->actual_output_tokens = read_u64(stmt, 13);
    e->estimated_cost_usd_micros = read_u64(stmt, 14);
    e->actual_cost_usd_micros = read_u64(stmt, 15);
    e->quality_gate_passed = sqlite3_column_int(stmt, 16) != 0;
    e->context_compactions = read_u32(stmt, 19);
    e->context_rotations = read_u32(stmt, 20);
    e->context_utilization_final = sqlite3_column_double(stmt, 21);
    e->retry_count = read_u32(stmt, 23);
    return true;
}

int hist_next_event(hist_db *db, sqlite3_stmt *stmt, mosaic_event *event, char *err, size_t errlen)
{
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW) {
        hist_fail(db, "cannot read", err, errlen);
        return -1;
    }
    char why[200];
    if (hist_read_event(stmt, event, why, sizeof why))
        return 1;
    snprintf(err, errlen, "history %s: event %s: %s", hist_db_path(db),
             (const char *)sqlite3_column_text(stmt, 0), why);
    return -1;
}
