/* `history import`: JSON lines of events into the history (hist_io.h). */
#include <stdlib.h>
#include <string.h>

#include "hist_internal.h"
#include "hist_io.h"

#define LINES_PER_COMMIT 10000

static bool blank(const char *line)
{
    return line[strspn(line, " \t\r\n")] == '\0';
}

/* One line: added, counted as a duplicate, or reported as bad. False when the history failed. */
static bool import_line(hist_db *db, sqlite3_stmt *insert, char *line, uint64_t number,
                        const char *recorded_at, hist_bad_line_fn bad_line, void *user,
                        hist_import_result *r, char *err, size_t errlen)
{
    mosaic_event *event = NULL;
    char why[256] = "";
    if (mosaic_event_from_json(line, &event, why, sizeof why) != MOSAIC_OK) {
        r->bad++;
        if (bad_line)
            bad_line(user, number, why[0] ? why : "not an event");
        return true;
    }
    bool added = false;
    bool ok = hist_insert(db, insert, event, recorded_at, NULL, &added, err, errlen);
    mosaic_event_free(event);
    if (ok && added)
        r->added++;
    else if (ok)
        r->duplicates++;
    return ok;
}

bool hist_import(hist_db *db, FILE *in, int64_t now_ms, hist_bad_line_fn bad_line, void *user,
                 hist_import_result *result, char *err, size_t errlen)
{
    *result = (hist_import_result){0};
    char recorded_at[MT_TIMESTAMP_LEN + 1];
    mt_format_timestamp(now_ms, recorded_at);
    sqlite3_stmt *insert = hist_insert_stmt(db, err, errlen);
    bool ok = insert && hist_begin(db, err, errlen);
    char *line = NULL;
    size_t cap = 0;
    uint64_t number = 0;
    while (ok && getline(&line, &cap, in) >= 0) {
        number++;
        if (!blank(line))
            ok = import_line(db, insert, line, number, recorded_at, bad_line, user, result, err,
                             errlen);
        if (ok && number % LINES_PER_COMMIT == 0)
            ok = hist_end(db, true, err, errlen) && hist_begin(db, err, errlen);
    }
    free(line);
    if (ok && ferror(in)) {
        snprintf(err, errlen, "cannot read line %llu", (unsigned long long)number + 1);
        ok = false;
    }
    if (insert)
        ok = hist_end(db, ok, err, errlen) && ok;
    sqlite3_finalize(insert);
    return ok;
}
