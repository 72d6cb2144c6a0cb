/* The events recorded while no server was configured, spooled again once one is (hist_record.h,
 * docs/history.md "Delivery"). */
#include <stdio.h>

#include "hist_internal.h"
#include "hist_record.h"

bool hist_unsent(hist_db *db, int64_t since_ms, mosaic_event *events, size_t max, size_t *n,
                 char *err, size_t errlen)
{
    *n = 0;
    /* events_unsent: only the unsent rows are indexed, so a history without any costs nothing. */
    sqlite3_stmt *select = hist_prepare(db,
                                        "SELECT " HIST_EVENT_COLUMNS " FROM events"
                                        " WHERE delivery = 'unsent' AND time_ms >= ?1"
                                        " ORDER BY time_ms LIMIT ?2",
                                        err, errlen);
    if (!select)
        return false;
    sqlite3_bind_int64(select, 1, since_ms);
    sqlite3_bind_int64(select, 2, (sqlite3_int64)max);
    int got = 0;
    while (*n < max && (got = hist_next_event(db, select, &events[*n], err, errlen)) == 1)
        (*n)++;
    bool ok = *n == max || got == 0;
    sqlite3_finalize(select);
    return ok;
}

bool hist_mark_pending(hist_db *db, const mosaic_event *events, size_t n, char *err, size_t errlen)
{
    if (!hist_begin(db, err, errlen))
        return false;
    sqlite3_stmt *update = hist_prepare(
        db, "UPDATE events SET delivery = 'pending' WHERE event_id = ?1 AND delivery = 'unsent'",
        err, errlen);
    bool ok = update != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        sqlite3_reset(update);
        ok = sqlite3_bind_text(update, 1, events[i].event_id, -1, SQLITE_STATIC) == SQLITE_OK &&
             sqlite3_step(update) == SQLITE_DONE;
        if (!ok)
            hist_fail(db, "cannot write", err, errlen);
    }
    sqlite3_finalize(update);
    return hist_end(db, ok, err, errlen);
}
