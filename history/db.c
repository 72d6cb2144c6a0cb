/* Opening and closing the history (hist_db.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hist_internal.h"
#include "private_dir.h"

/* The history's directory, made (0700) when missing, and refused when another user could write
 * into it: SQLite makes its -wal and -shm files there (core/private_dir.h). */
static bool private_parent(const char *path, char *err, size_t errlen)
{
    char *dir = strdup(path);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    char why[600] = "";
    int fd = !dir ? -1 : slash ? mt_private_dir_open(dir, why, sizeof why) : open(".", O_RDONLY);
    if (fd < 0)
        snprintf(err, errlen, "history %s: %s", path, why[0] ? why : "out of memory");
    else
        close(fd);
    free(dir);
    return fd >= 0;
}

/* WAL: a report reads while a flusher writes. synchronous=FULL: a row the flusher committed is
 * on disk before the spool lets go of its event. */
static bool configure(hist_db *db, char *err, size_t errlen)
{
    sqlite3_busy_timeout(db->sql, HIST_BUSY_WAIT_MS);
    /* A new file's pages: 16 KiB made inserts about a fifth cheaper than 4 KiB (bench_history).
     * An existing file keeps its own: SQLite ignores this once the file has content. */
    if (!hist_exec(db, "PRAGMA page_size=16384", err, errlen))
        return false;
    sqlite3_stmt *mode = hist_prepare(db, "PRAGMA journal_mode=WAL", err, errlen);
    bool ok = mode && sqlite3_step(mode) == SQLITE_ROW;
    if (mode && !ok)
        hist_fail(db, "cannot open", err, errlen);
    sqlite3_finalize(mode);
    /* Reads through a mapping rather than a read() per page: a report scans the whole file. */
    return ok && hist_exec(db, "PRAGMA synchronous=FULL", err, errlen) &&
           hist_exec(db, "PRAGMA mmap_size=1073741824", err, errlen) &&
           /* The event_id index takes random keys: its pages are wanted all over the file. */
           hist_exec(db, "PRAGMA cache_size=-32768", err, errlen) &&
           hist_exec(db, "PRAGMA foreign_keys=ON", err, errlen);
}

bool hist_open(const char *path, bool create, hist_db **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!create && access(path, F_OK) != 0) {
        snprintf(err, errlen, "history %s: %s (nothing recorded yet?)", path, strerror(errno));
        return false;
    }
    if (create && !private_parent(path, err, errlen))
        return false;
    hist_db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        snprintf(err, errlen, "history %s: out of memory", path);
        return false;
    }
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    mode_t old_mask = umask(077);
    int rc = sqlite3_open_v2(path, &db->sql, flags, NULL);
    umask(old_mask);
    bool ok = rc == SQLITE_OK ? configure(db, err, errlen) && hist_migrate(db, err, errlen)
                              : hist_fail(db, "cannot open", err, errlen);
    if (!ok) {
        hist_close(db);
        return false;
    }
    *out = db;
    return true;
}

void hist_close(hist_db *db)
{
    if (!db)
        return;
    sqlite3_close_v2(db->sql);
    free(db->path);
    free(db);
}

const char *hist_db_path(const hist_db *db)
{
    return db->path;
}
