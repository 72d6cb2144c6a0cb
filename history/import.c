/* `history import`: JSON lines of events into the history (hist_io.h). A thread reads and
 * checks the lines (import_feed.c) while this one writes the batch before. */
#include <stdlib.h>
#include <string.h>

#include "hist_import_feed.h"
#include "hist_internal.h"
#include "hist_io.h"

#define BATCHES_PER_COMMIT 10 /* about 10 000 lines a transaction */

typedef struct import_run {
    hist_db *db;
    sqlite3_stmt *insert;
    const char *recorded_at;
    hist_bad_line_fn bad_line;
    void *user;
    hist_import_result *result;
} import_run;

/* One batch's events added, counted as duplicates, or their lines reported as bad (in order).
 * False when the history failed. */
static bool write_batch(import_run *run, const hist_feed_batch *batch, char *err, size_t errlen)
{
    for (size_t i = 0; i < batch->n; i++) {
        const hist_feed_item *item = &batch->items[i];
        if (!item->ok) {
            run->result->bad++;
            if (run->bad_line)
                run->bad_line(run->user, item->line, item->why);
            continue;
        }
        bool added = false;
        if (!hist_insert(run->db, run->insert, &item->event, run->recorded_at, NULL, &added, err,
                         errlen))
            return false;
        if (added)
            run->result->added++;
        else
            run->result->duplicates++;
    }
    return true;
}

/* Every batch the feed reads, committed every BATCHES_PER_COMMIT. */
static bool write_all(import_run *run, hist_feed *feed, uint64_t *lines, char *err, size_t errlen)
{
    bool ok = hist_begin(run->db, err, errlen);
    for (unsigned batches = 1; ok; batches++) {
        const hist_feed_batch *batch = hist_feed_next(feed);
        ok = write_batch(run, batch, err, errlen);
        bool last = batch->last;
        *lines = batch->lines;
        hist_feed_done(feed);
        if (last)
            break;
        if (ok && batches % BATCHES_PER_COMMIT == 0)
            ok = hist_end(run->db, true, err, errlen) && hist_begin(run->db, err, errlen);
    }
    return hist_end(run->db, ok, err, errlen) && ok;
}

bool hist_import(hist_db *db, FILE *in, int64_t now_ms, hist_bad_line_fn bad_line, void *user,
                 hist_import_result *result, char *err, size_t errlen)
{
    *result = (hist_import_result){0};
    char recorded_at[MT_TIMESTAMP_LEN + 1];
    mt_format_timestamp(now_ms, recorded_at);
    import_run run = {db, hist_insert_stmt(db, err, errlen), recorded_at, bad_line, user, result};
    if (!run.insert)
        return false;
    hist_feed *feed = hist_feed_start(in);
    uint64_t lines = 0;
    bool ok = feed != NULL;
    if (!feed)
        snprintf(err, errlen,
                 "cannot start the thread that reads the lines (out of memory or threads)");
    else
        ok = write_all(&run, feed, &lines, err, errlen);
    if (feed && !hist_feed_stop(feed) && ok) {
        snprintf(err, errlen, "cannot read line %llu", (unsigned long long)lines + 1);
        ok = false;
    }
    sqlite3_finalize(run.insert);
    return ok;
}
