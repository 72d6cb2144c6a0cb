/* Deleting what is older than a date: `history prune`, and the retention bound. */
#include "hist_internal.h"
#include "hist_record.h"

bool hist_prune(hist_db *db, int64_t before_ms, uint64_t *deleted, char *err, size_t errlen)
{
    if (deleted)
        *deleted = 0;
    sqlite3_stmt *stmt = hist_prepare(db, "DELETE FROM events WHERE time_ms < ?1", err, errlen);
    if (!stmt)
        return false;
    bool ok =
        sqlite3_bind_int64(stmt, 1, before_ms) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_DONE;
    if (!ok)
        hist_fail(db, "cannot delete", err, errlen);
    else if (deleted)
        *deleted = (uint64_t)sqlite3_changes(db->sql);
    sqlite3_finalize(stmt);
    return ok;
}
