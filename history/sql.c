/* The small SQL steps the history's files share (hist_internal.h). */
#include <stdio.h>

#include "hist_internal.h"

bool hist_fail(const hist_db *db, const char *what, char *err, size_t errlen)
{
    const char *why = db->sql ? sqlite3_errmsg(db->sql) : "out of memory";
    snprintf(err, errlen, "history %s: %s: %s", db->path, what, why);
    return false;
}

bool hist_exec(hist_db *db, const char *sql, char *err, size_t errlen)
{
    return sqlite3_exec(db->sql, sql, NULL, NULL, NULL) == SQLITE_OK ||
           hist_fail(db, "cannot update", err, errlen);
}

sqlite3_stmt *hist_prepare(hist_db *db, const char *sql, char *err, size_t errlen)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL) != SQLITE_OK) {
        hist_fail(db, "cannot read", err, errlen);
        sqlite3_finalize(stmt);
        return NULL;
    }
    return stmt;
}

bool hist_begin(hist_db *db, char *err, size_t errlen)
{
    return sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ||
           hist_fail(db, "cannot write", err, errlen);
}

bool hist_end(hist_db *db, bool ok, char *err, size_t errlen)
{
    if (ok && sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        return true;
    if (ok)
        hist_fail(db, "cannot commit", err, errlen);
    sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    return false;
}
