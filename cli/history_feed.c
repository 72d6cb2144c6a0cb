/* The history fed from the spool's flushes (history_feed.h). */
#include "history_feed.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "clock.h"
#include "hist_record.h"

#define DAY_MS (24LL * 3600 * 1000)

bool cli_history_on(void)
{
    char path[4096], err[256];
    bool off = false;
    return !hist_path(path, sizeof path, &off, err, sizeof err) || !off;
}

int cli_history_open_writer(hist_db **out, char *err, size_t errlen)
{
    *out = NULL;
    char path[4096];
    bool off = false;
    if (!hist_path(path, sizeof path, &off, err, errlen))
        return CLI_FAIL;
    if (off)
        return CLI_OK;
    if (!hist_open(path, true, out, err, errlen))
        return CLI_FAIL;
    /* The retention bound: one indexed delete per flush, nothing when nothing is that old. */
    if (!hist_prune(*out, mt_realtime_ms() - HIST_KEEP_DAYS * DAY_MS, NULL, err, errlen)) {
        hist_close(*out);
        *out = NULL;
        return CLI_FAIL;
    }
    return CLI_OK;
}

static bool on_claimed(void *user, const mosaic_event *events, size_t n, char *err, size_t errlen)
{
    return hist_record(user, events, n, mt_realtime_ms(), err, errlen);
}

static bool on_settled(void *user, const mosaic_event *events, const mt_fate *fates, size_t n,
                       char *err, size_t errlen)
{
    return hist_settle(user, events, fates, n, mt_realtime_ms(), err, errlen);
}

mt_spool_observer cli_history_observer(hist_db *db)
{
    return (mt_spool_observer){on_claimed, on_settled, db};
}

bool cli_history_drain(mt_spool *spool, hist_db *db, size_t batch_size, uint64_t *moved, char *err,
                       size_t errlen)
{
    *moved = 0;
    for (;;) {
        mt_spool_batch *batch = NULL;
        if (mt_spool_claim(spool, batch_size, &batch) != MOSAIC_OK) {
            snprintf(err, errlen, "the spool %s could not be read", mt_spool_dir(spool));
            return false;
        }
        if (!batch)
            return true;
        size_t n = mt_spool_batch_size(batch);
        mt_fate *done = malloc(n * sizeof *done);
        bool recorded =
            done && hist_record(db, mt_spool_batch_events(batch), n, mt_realtime_ms(), err, errlen);
        /* Recorded: the spool lets go (any fate but kept deletes it); else all of it stays. */
        for (size_t i = 0; recorded && i < n; i++)
            done[i] = MT_FATE_DROPPED;
        mt_spool_settle(spool, batch, recorded ? done : NULL);
        free(done);
        if (!recorded) {
            if (!done)
                snprintf(err, errlen, "out of memory");
            return false;
        }
        *moved += n;
    }
}

bool cli_no_server(const mosaic_config *config)
{
    const char *url = mosaic_config_get_server_url(config);
    return !url || !*url;
}
