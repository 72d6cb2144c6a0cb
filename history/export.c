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
    mosaic_event event;
    int got = 0;
    bool ok = true;
    while (ok && (got = hist_next_event(db, select, &event, err, errlen)) == 1) {
        size_t len = 0;
        char *json = mt_event_json(&event, &len);
        ok = json && fwrite(json, 1, len, out) == len && fputc('\n', out) != EOF;
        if (!ok)
            snprintf(err, errlen, "cannot write the export");
        free(json);
        *written += ok;
    }
    ok = ok && got == 0;
    sqlite3_finalize(select);
    return ok;
}
