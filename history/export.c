/* `history export`: the history as JSON lines of events (hist_io.h). */
#include <stdlib.h>

#include "hist_internal.h"
#include "hist_io.h"

bool hist_export(hist_db *db, FILE *out, int64_t since_ms, int64_t until_ms, uint64_t *written,
                 char *err, size_t errlen)
{
    *written = 0;
    sqlite3_stmt *select = hist_prepare(db,
                                        "SELECT " HIST_EVENT_COLUMNS " FROM events WHERE time_ms "
                                        ">= ?1 AND time_ms < ?2 ORDER BY time_ms, event_id",
                                        err, errlen);
    if (!select)
        return false;
    sqlite3_bind_int64(select, 1, since_ms);
    sqlite3_bind_int64(select, 2, until_ms);
    bool ok = true;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(select)) == SQLITE_ROW) {
        mosaic_event event;
        char why[200];
        if (!hist_read_event(select, &event, why, sizeof why)) {
            snprintf(err, errlen, "history %s: event %s: %s", hist_db_path(db),
                     (const char *)sqlite3_column_text(select, 0), why);
            ok = false;
            break;
        }
        size_t len = 0;
        char *json = mt_event_json(&event, &len);
        ok = json && fwrite(json, 1, len, out) == len && fputc('\n', out) != EOF;
        if (!ok)
            snprintf(err, errlen, "cannot write the export");
        free(json);
        *written += ok;
    }
    if (ok && rc != SQLITE_DONE)
        ok = hist_fail(db, "cannot read", err, errlen);
    sqlite3_finalize(select);
    return ok;
}
