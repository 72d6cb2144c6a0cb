/* Events into the history, and what became of their delivery (hist_record.h). */
#include <stdio.h>
#include <string.h>

#include "hist_internal.h"
#include "hist_record.h"
#include "spool.h"

sqlite3_stmt *hist_insert_stmt(hist_db *db, char *err, size_t errlen)
{
    return hist_prepare(db,
                        "INSERT OR IGNORE INTO events (" HIST_EVENT_COLUMNS
                        ", recorded_at, delivery) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                        "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, "
                        "?24, ?25, ?26, ?27, ?28, ?29)",
                        err, errlen);
}

bool hist_insert(hist_db *db, sqlite3_stmt *insert, const mosaic_event *event,
                 const char *recorded_at, const char *delivery, bool *added, char *err,
                 size_t errlen)
{
    sqlite3_reset(insert);
    bool bound = hist_bind_event(insert, event) &&
                 sqlite3_bind_text(insert, 28, recorded_at, -1, SQLITE_STATIC) == SQLITE_OK &&
                 (delivery ? sqlite3_bind_text(insert, 29, delivery, -1, SQLITE_STATIC)
                           : sqlite3_bind_null(insert, 29)) == SQLITE_OK;
    if (!bound || sqlite3_step(insert) != SQLITE_DONE)
        return hist_fail(db, "cannot write", err, errlen);
    if (added)
        *added = sqlite3_changes(db->sql) > 0;
    return true;
}

bool hist_record(hist_db *db, const mosaic_event *events, size_t n, const char *delivery,
                 int64_t now_ms, char *err, size_t errlen)
{
    char now[MT_TIMESTAMP_LEN + 1];
    mt_format_timestamp(now_ms, now);
    if (!hist_begin(db, err, errlen))
        return false;
    sqlite3_stmt *insert = hist_insert_stmt(db, err, errlen);
    bool ok = insert != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = hist_insert(db, insert, &events[i], now, delivery, NULL, err, errlen);
    sqlite3_finalize(insert);
    return hist_end(db, ok, err, errlen);
}

/* The delivery a fate means, as the spool's delivered record names it but for the dry run's
 * space; NULL for kept (still pending). */
static const char *delivery_of(mt_fate fate)
{
    const char *name = mt_spool_fate_name(fate);
    return name && strcmp(name, "dry-run") == 0 ? "dry run" : name;
}

bool hist_settle(hist_db *db, const mosaic_event *events, const mt_fate *fates, size_t n,
                 int64_t now_ms, char *err, size_t errlen)
{
    char now[MT_TIMESTAMP_LEN + 1];
    mt_format_timestamp(now_ms, now);
    if (!hist_begin(db, err, errlen))
        return false;
    sqlite3_stmt *update = hist_prepare(db,
                                        "UPDATE events SET delivery = ?1, delivered_at = ?2 "
                                        "WHERE event_id = ?3 AND delivery IN ('pending', 'unsent')",
                                        err, errlen);
    bool ok = update != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        const char *delivery = delivery_of(fates[i]);
        if (!delivery)
            continue;
        sqlite3_reset(update);
        ok = sqlite3_bind_text(update, 1, delivery, -1, SQLITE_STATIC) == SQLITE_OK &&
             sqlite3_bind_text(update, 2, now, -1, SQLITE_STATIC) == SQLITE_OK &&
             sqlite3_bind_text(update, 3, events[i].event_id, -1, SQLITE_STATIC) == SQLITE_OK &&
             sqlite3_step(update) == SQLITE_DONE;
        if (!ok)
            hist_fail(db, "cannot write", err, errlen);
    }
    sqlite3_finalize(update);
    return hist_end(db, ok, err, errlen);
}
