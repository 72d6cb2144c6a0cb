/* Keeping the spool within its bounds, and reporting what it holds. */
#define _GNU_SOURCE /* O_DIRECTORY, O_CLOEXEC */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "spool_internal.h"

#define STALE_TMP_MS 60000 /* a file still in tmp/ after this was left by a crashed writer */

static uint64_t file_bytes(int dir_fd, const char *name)
{
    struct stat st;
    return fstatat(dir_fd, name, &st, 0) == 0 ? (uint64_t)st.st_size : 0;
}

static void remove_stale_tmp(mt_spool *s)
{
    int fd = dup(s->tmp_fd);
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dir) {
        if (fd >= 0)
            close(fd);
        return;
    }
    rewinddir(dir);
    int64_t now = mt_realtime_ms();
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        struct stat st;
        if (entry->d_name[0] == '.' || fstatat(s->tmp_fd, entry->d_name, &st, 0) != 0)
            continue;
        int64_t changed = (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
        if (now - changed > STALE_TMP_MS)
            unlinkat(s->tmp_fd, entry->d_name, 0);
    }
    closedir(dir);
}

/* Whether the files from `first` on (oldest first) break a bound. */
static bool over_bounds(const mt_spool *s, size_t events, uint64_t bytes, int64_t oldest_ms)
{
    return events > s->limits.max_events || bytes > s->limits.max_bytes ||
           (events > 0 && mt_realtime_ms() - oldest_ms > s->limits.max_age_ms);
}

mosaic_status mt_spool_prune(mt_spool *s)
{
    if (!s)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    mt_spool_recover(s);
    remove_stale_tmp(s);
    size_t count = 0, events = 0;
    mt_spool_name *names = mt_spool_list(s->pending_fd, &count);
    uint64_t bytes = 0, evicted = 0;
    uint64_t *sizes = calloc(count ? count : 1, sizeof *sizes);
    for (size_t i = 0; sizes && i < count; i++) {
        sizes[i] = file_bytes(s->pending_fd, names[i].text);
        bytes += sizes[i];
        events += names[i].events;
    }
    /* Oldest first, until every bound holds again. */
    for (size_t i = 0; sizes && i < count && over_bounds(s, events, bytes, names[i].unix_ms); i++) {
        if (unlinkat(s->pending_fd, names[i].text, 0) != 0)
            continue; /* claimed meanwhile */
        events -= names[i].events;
        bytes -= sizes[i];
        evicted += names[i].events;
    }
    free(sizes);
    free(names);
    if (evicted) {
        mt_log(&s->log, MOSAIC_LOG_WARN,
               "spool: over its bounds (%zu events, %llu bytes, %lld s); %llu oldest events "
               "evicted",
               s->limits.max_events, (unsigned long long)s->limits.max_bytes,
               (long long)(s->limits.max_age_ms / 1000), (unsigned long long)evicted);
        mt_spool_state_update(s, evicted, 0, NULL);
    }
    return MOSAIC_OK;
}

static size_t count_entries(int dir_fd)
{
    int fd = dup(dir_fd);
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    size_t n = 0;
    if (!dir) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    rewinddir(dir);
    for (struct dirent *entry; (entry = readdir(dir));)
        n += entry->d_name[0] != '.';
    closedir(dir);
    return n;
}

/* Events in the claim directories of running flushers (by their file names). */
static size_t claimed_events(mt_spool *s)
{
    int fd = dup(s->claims_fd);
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    size_t total = 0;
    if (!dir) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    rewinddir(dir);
    for (struct dirent *entry; (entry = readdir(dir));) {
        int claim = entry->d_name[0] == '.'
                        ? -1
                        : openat(s->claims_fd, entry->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (claim < 0)
            continue;
        size_t n = 0;
        mt_spool_name *names = mt_spool_list(claim, &n);
        for (size_t i = 0; i < n; i++)
            total += names[i].events;
        free(names);
        close(claim);
    }
    closedir(dir);
    return total;
}

mosaic_status mt_spool_get_status(mt_spool *s, mt_spool_status *out)
{
    if (!s || !out)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    mt_spool_recover(s); /* a dead flusher's events count as pending, where they are going */
    size_t count = 0;
    mt_spool_name *names = mt_spool_list(s->pending_fd, &count);
    out->oldest_age_ms = count ? mt_realtime_ms() - names[0].unix_ms : -1;
    for (size_t i = 0; i < count; i++) {
        out->events += names[i].events;
        out->bytes += file_bytes(s->pending_fd, names[i].text);
    }
    free(names);
    out->claimed = claimed_events(s);
    out->quarantined = count_entries(s->quarantine_fd);
    uint64_t quarantined_ever;
    mt_spool_state_read(s, &out->evicted, &quarantined_ever, out->last_error,
                        sizeof out->last_error);
    return MOSAIC_OK;
}
