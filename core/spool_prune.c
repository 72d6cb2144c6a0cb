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

/* Removes the files of the directory open as dir_fd last changed more than age_ms ago. */
static void remove_older(int dir_fd, int64_t age_ms)
{
    DIR *dir = mt_spool_opendir(dir_fd);
    if (!dir)
        return;
    int64_t now = mt_realtime_ms();
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        struct stat st;
        if (entry->d_name[0] == '.' || fstatat(dir_fd, entry->d_name, &st, 0) != 0)
            continue;
        int64_t changed = (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
        if (now - changed > age_ms)
            unlinkat(dir_fd, entry->d_name, 0);
    }
    closedir(dir);
}

/* Leftovers of crashed writers in tmp/, and a delivered record no history took in: it waits no
 * longer than an event waits to be sent (spool_delivered.c). */
static void remove_stale(mt_spool *s)
{
    remove_older(s->tmp_fd, STALE_TMP_MS);
    int delivered = openat(s->dir_fd, MT_SPOOL_DELIVERED_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (delivered >= 0) {
        remove_older(delivered, s->limits.max_age_ms);
        close(delivered);
    }
}

/* What pending/ holds, oldest first. */
typedef struct listing {
    mt_spool_name *names;
    uint64_t *sizes;
    size_t count, events;
    uint64_t bytes;
} listing;

static void list_pending(mt_spool *s, listing *l)
{
    free(l->names);
    free(l->sizes);
    *l = (listing){0};
    l->names = mt_spool_list(s->pending_fd, &l->count);
    l->sizes = calloc(l->count ? l->count : 1, sizeof *l->sizes);
    for (size_t i = 0; l->sizes && i < l->count; i++) {
        l->sizes[i] = file_bytes(s->pending_fd, l->names[i].text);
        l->bytes += l->sizes[i];
        l->events += l->names[i].events;
    }
}

/* The earlier of two times, where -1 is "none". */
static int64_t earlier(int64_t a, int64_t b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

static bool over_age(const mt_spool *s, int64_t oldest_ms)
{
    return oldest_ms >= 0 && mt_realtime_ms() - oldest_ms > s->limits.max_age_ms;
}

static bool over_bounds(const mt_spool *s, size_t events, uint64_t bytes, int64_t oldest_ms)
{
    return events > s->limits.max_events || bytes > s->limits.max_bytes ||
           (events > 0 && over_age(s, oldest_ms));
}

/* Evicts the oldest events until every bound holds: whole files while a file's events are all
 * too many or too old, the head of the first file that is only partly over. Returns how many
 * events went. */
static uint64_t evict_oldest(mt_spool *s, listing *l)
{
    uint64_t evicted = 0;
    for (size_t i = 0; l->sizes && i < l->count; i++) {
        const mt_spool_name *name = &l->names[i];
        if (!over_bounds(s, l->events, l->bytes, name->unix_ms))
            break;
        size_t events_over =
            l->events > s->limits.max_events ? l->events - s->limits.max_events : 0;
        uint64_t bytes_over = l->bytes > s->limits.max_bytes ? l->bytes - s->limits.max_bytes : 0;
        if (!over_age(s, name->unix_ms) && events_over < name->events && bytes_over < l->sizes[i]) {
            size_t went = 0;
            uint64_t freed = 0;
            if (mt_spool_evict_head(s, name, events_over, bytes_over, &went, &freed)) {
                l->events -= went;
                l->bytes -= freed;
                evicted += went;
            }
            continue; /* within the bounds now, unless its lines were larger than the rest */
        }
        if (unlinkat(s->pending_fd, name->text, 0) != 0)
            continue; /* claimed meanwhile */
        l->events -= name->events;
        l->bytes -= l->sizes[i];
        evicted += name->events;
    }
    return evicted;
}

mosaic_status mt_spool_prune(mt_spool *s)
{
    if (!s)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    mt_spool_recover(s);
    remove_stale(s);
    listing l = {0};
    list_pending(s, &l);
    size_t open_events;
    uint64_t open_bytes;
    int64_t open_born;
    /* The open segment counts toward the bounds; over them, it is sealed so that its events can
     * be evicted like any others. */
    if (mt_spool_segment_peek(s, &open_events, &open_bytes, &open_born) &&
        over_bounds(s, l.events + open_events, l.bytes + open_bytes,
                    earlier(l.count ? l.names[0].unix_ms : -1, open_born))) {
        mt_spool_segment_seal(s);
        list_pending(s, &l);
    }
    uint64_t evicted = evict_oldest(s, &l);
    free(l.sizes);
    free(l.names);
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
    DIR *dir = mt_spool_opendir(dir_fd);
    size_t n = 0;
    if (!dir)
        return 0;
    for (struct dirent *entry; (entry = readdir(dir));)
        n += entry->d_name[0] != '.';
    closedir(dir);
    return n;
}

/* Events in the claim directories of running flushers (by their file names). */
static size_t claimed_events(mt_spool *s)
{
    DIR *dir = mt_spool_opendir(s->claims_fd);
    size_t total = 0;
    if (!dir)
        return 0;
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
    int64_t oldest_ms = count ? names[0].unix_ms : -1;
    for (size_t i = 0; i < count; i++) {
        out->events += names[i].events;
        out->bytes += file_bytes(s->pending_fd, names[i].text);
    }
    free(names);
    size_t open_events; /* the open segment's events are pending too */
    uint64_t open_bytes;
    int64_t open_born;
    if (mt_spool_segment_peek(s, &open_events, &open_bytes, &open_born)) {
        out->events += open_events;
        out->bytes += open_bytes;
        oldest_ms = earlier(oldest_ms, open_born);
    }
    out->oldest_age_ms = oldest_ms >= 0 ? mt_realtime_ms() - oldest_ms : -1;
    out->claimed = claimed_events(s);
    out->quarantined = count_entries(s->quarantine_fd);
    uint64_t quarantined_ever;
    mt_spool_state_read(s, &out->evicted, &quarantined_ever, out->last_error,
                        sizeof out->last_error);
    return MOSAIC_OK;
}
