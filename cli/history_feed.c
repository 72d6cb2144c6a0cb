/* The history fed from the spool's flushes (history_feed.h). */
#include "history_feed.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "hist_record.h"

#define DAY_MS (24LL * 3600 * 1000)

bool cli_history_on(const mosaic_config *config)
{
    char path[4096], err[256];
    bool off = false;
    return !hist_path_in_config(config, path, sizeof path, &off, err, sizeof err) || !off;
}

int cli_history_setting_check(const char *cmd, const mosaic_config *config)
{
    char path[4096], err[512] = "";
    bool off = false;
    if (hist_path_in_config(config, path, sizeof path, &off, err, sizeof err))
        return CLI_OK;
    cli_error(cmd, "%s", err);
    return CLI_USAGE;
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

int cli_history_open(const char *cmd, bool create, hist_db **out)
{
    char path[4096], err[512] = "";
    bool off = false;
    *out = NULL;
    if (!hist_path(path, sizeof path, &off, err, sizeof err) ||
        (!off && !hist_open(path, create, out, err, sizeof err))) {
        cli_error(cmd, "%s", err);
        return CLI_FAIL;
    }
    if (off) {
        cli_error(cmd, "the history is off (MOSAIC_TELEMETRY_HISTORY=off)");
        return CLI_FAIL;
    }
    return CLI_OK;
}

static bool on_claimed(void *user, const mosaic_event *events, size_t n, char *err, size_t errlen)
{
    return hist_record(user, events, n, HIST_PENDING, mt_realtime_ms(), err, errlen);
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
        bool recorded = done && hist_record(db, mt_spool_batch_events(batch), n, HIST_UNSENT,
                                            mt_realtime_ms(), err, errlen);
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

bool cli_history_respool(mt_spool *spool, hist_db *db, int64_t since_ms, size_t batch_size,
                         size_t max_events, uint64_t *respooled, char *err, size_t errlen)
{
    *respooled = 0;
    mosaic_event *events = malloc(batch_size * sizeof *events);
    bool ok = events != NULL;
    /* Spooled first, marked second: a crash in between spools them once more, and the server
     * answers the second copy "duplicate". */
    while (ok && *respooled < max_events) {
        size_t want = max_events - *respooled, n = 0;
        ok = hist_unsent(db, since_ms, events, want < batch_size ? want : batch_size, &n, err,
                         errlen);
        if (!ok || n == 0)
            break;
        ok = mt_spool_append(spool, events, n, err, errlen) == MOSAIC_OK &&
             hist_mark_pending(db, events, n, err, errlen);
        *respooled += ok ? n : 0;
    }
    if (!events)
        snprintf(err, errlen, "out of memory");
    free(events);
    return ok;
}

/* The fate a delivered file's name begins with ("sent.<spool name>"); false for another file. */
static bool fate_of(const char *file, mt_fate *fate)
{
    static const mt_fate FATES[] = {MT_FATE_ACCEPTED, MT_FATE_DUPLICATE, MT_FATE_REJECTED,
                                    MT_FATE_DROPPED, MT_FATE_DRY_RUN};
    const char *dot = strchr(file, '.');
    size_t len = strlen(file);
    if (!dot || len < 6 || strcmp(file + len - 6, ".jsonl") != 0)
        return false;
    for (size_t i = 0; i < sizeof FATES / sizeof *FATES; i++) {
        const char *name = mt_spool_fate_name(FATES[i]);
        if (strlen(name) == (size_t)(dot - file) &&
            strncmp(file, name, (size_t)(dot - file)) == 0) {
            *fate = FATES[i];
            return true;
        }
    }
    return false;
}

/* A delivered file's events (one JSON object a line, as the spool writes them); NULL when it
 * cannot be read or a line is not an event. */
static mosaic_event *read_events(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    mosaic_event *events = NULL;
    size_t cap = 0;
    char *line = NULL;
    size_t line_cap = 0;
    bool ok = f != NULL;
    *n = 0;
    while (ok && getline(&line, &line_cap, f) > 0) {
        mosaic_event *e = NULL;
        char why[256];
        ok = mosaic_event_from_json(line, &e, why, sizeof why) == MOSAIC_OK;
        if (ok && *n == cap) {
            mosaic_event *grown = realloc(events, (cap = cap ? cap * 2 : 64) * sizeof *grown);
            ok = grown != NULL;
            events = grown ? grown : events;
        }
        if (ok)
            events[(*n)++] = *e;
        mosaic_event_free(e);
    }
    free(line);
    if (f)
        fclose(f);
    if (!ok) {
        free(events);
        return NULL;
    }
    return events;
}

/* One delivered file into the history: pending first, then its delivery (each a transaction,
 * both repeatable: a crash in between takes the file in again next time). */
static bool take_file(const char *dir, const char *file, mt_fate fate, hist_db *db, uint64_t *taken,
                      char *err, size_t errlen)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    size_t n = 0;
    mosaic_event *events = read_events(path, &n);
    mt_fate *fates = events && n ? malloc(n * sizeof *fates) : NULL;
    for (size_t i = 0; fates && i < n; i++)
        fates[i] = fate;
    bool ok = true;
    if (!events || (n && !fates)) { /* not ours, or corrupt: aside, once */
        char aside[4410];
        snprintf(aside, sizeof aside, "%s.bad", path);
        rename(path, aside);
    } else {
        int64_t now = mt_realtime_ms();
        ok = hist_record(db, events, n, HIST_PENDING, now, err, errlen) &&
             hist_settle(db, events, fates, n, now, err, errlen);
        if (ok && unlink(path) == 0)
            *taken += n;
    }
    free(fates);
    free(events);
    return ok;
}

bool cli_history_take_delivered(const char *spool_dir, hist_db *db, uint64_t *taken, char *err,
                                size_t errlen)
{
    *taken = 0;
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/" MT_SPOOL_DELIVERED_DIR, spool_dir);
    DIR *listing = opendir(dir);
    if (!listing)
        return true; /* no client ever recorded anything here */
    bool ok = true;
    struct dirent *entry;
    mt_fate fate;
    while (ok && (entry = readdir(listing)))
        if (fate_of(entry->d_name, &fate))
            ok = take_file(dir, entry->d_name, fate, db, taken, err, errlen);
    closedir(listing);
    return ok;
}

void cli_history_catch_up(const kit_host *host)
{
    mosaic_config *config = kit_config_raw(NULL);
    char dir[4096], record[4200], err[512];
    hist_db *db = NULL;
    int saved = kit_mute(2); /* a spool or config that cannot be read is the report's no business */
    uint64_t taken = 0;
    bool found = config && kit_spool_dir(NULL, NULL, host, config, dir, sizeof dir) == KIT_OK;
    snprintf(record, sizeof record, "%s/" MT_SPOOL_DELIVERED_DIR, found ? dir : "");
    /* Only where a library client left a record: a report makes no history of nothing. */
    if (found && access(record, F_OK) == 0 &&
        cli_history_open_writer(&db, err, sizeof err) == CLI_OK && db)
        cli_history_take_delivered(dir, db, &taken, err, sizeof err);
    kit_unmute(2, saved);
    hist_close(db);
    mosaic_config_free(config);
}

bool cli_no_server(const mosaic_config *config)
{
    const char *url = mosaic_config_get_server_url(config);
    return !url || !*url;
}
