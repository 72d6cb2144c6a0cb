/* The delivered record: what a client sent by itself (its own queue, or the spool it drained),
 * each event under its fate, kept for the command's local history, which the shared library
 * cannot write (docs/history.md, "How events get there"). Files appear whole in
 * <dir>/delivered/ as "<fate>.<unix ms>-<16 hex>-<n>.jsonl", one event a line, written through
 * tmp/ and renamed; the command takes them in and deletes them. Best effort: a record that cannot
 * be written costs the history those rows, never an event's delivery. */
#define _GNU_SOURCE /* O_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spool_internal.h"

const char *mt_spool_fate_name(mt_fate fate)
{
    switch (fate) {
    case MT_FATE_KEPT: return NULL;
    case MT_FATE_ACCEPTED: return "sent";
    case MT_FATE_DUPLICATE: return "duplicate";
    case MT_FATE_REJECTED: return "rejected";
    case MT_FATE_DROPPED:
    case MT_FATE_TOO_LARGE: return "dropped";
    case MT_FATE_DRY_RUN: return "dry-run";
    }
    return NULL;
}

static bool has_fate(mt_fate fate, const char *fate_name)
{
    const char *name = mt_spool_fate_name(fate);
    return name && strcmp(name, fate_name) == 0;
}

/* The events of one fate as one file of delivered/ (none when no event has it). */
static bool write_fate(mt_spool *s, int dir_fd, const mosaic_event *events, const mt_fate *fates,
                       size_t n, const char *fate_name)
{
    mosaic_event *picked = malloc(n * sizeof *picked);
    size_t k = 0;
    for (size_t i = 0; picked && i < n; i++)
        if (has_fate(fates[i], fate_name))
            picked[k++] = events[i];
    mt_buf lines = {0};
    mt_spool_name name;
    char file[MT_SPOOL_NAME_MAX + 16];
    bool ok = picked && k && mt_spool_serialise(picked, k, &lines) &&
              mt_spool_name_make(&name, mt_realtime_ms(), k) &&
              (size_t)snprintf(file, sizeof file, "%s.%s", fate_name, name.text) < sizeof file;
    bool none = picked && k == 0;
    free(picked);
    int fd = ok ? openat(s->tmp_fd, file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
    ok = fd >= 0 && mt_write_fully(fd, lines.data, lines.len) && fdatasync(fd) == 0;
    if (fd >= 0)
        close(fd);
    ok = ok && renameat(s->tmp_fd, file, dir_fd, file) == 0;
    if (!ok && fd >= 0)
        unlinkat(s->tmp_fd, file, 0);
    mt_buf_free(&lines);
    return ok || none;
}

void mt_spool_record_delivered(mt_spool *s, const mosaic_event *events, const mt_fate *fates,
                               size_t n)
{
    static const char *const FATES[] = {"sent", "duplicate", "rejected", "dropped", "dry-run"};
    if (!s || n == 0)
        return;
    if (mkdirat(s->dir_fd, MT_SPOOL_DELIVERED_DIR, 0700) != 0 && errno != EEXIST)
        return;
    int dir_fd = openat(s->dir_fd, MT_SPOOL_DELIVERED_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok = dir_fd >= 0;
    for (size_t f = 0; ok && f < sizeof FATES / sizeof *FATES; f++)
        ok = write_fate(s, dir_fd, events, fates, n, FATES[f]);
    if (dir_fd >= 0)
        close(dir_fd);
    if (!ok)
        mt_log(&s->log, MOSAIC_LOG_WARN, "spool: cannot record delivered events in %s/%s: %s",
               s->dir, MT_SPOOL_DELIVERED_DIR, strerror(errno));
}
