/* Claiming pending files for sending, settling them by their fates, and taking back the claims
 * of flushers that died. */
#define _GNU_SOURCE /* O_DIRECTORY, O_CLOEXEC, flock */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "random.h"
#include "spool_internal.h"

typedef struct claimed_file {
    mt_spool_name name;
    size_t first, count; /* its events in the batch */
} claimed_file;

struct mt_spool_batch {
    mosaic_event *events;
    char **json; /* each event's JSON, made while claiming: the sender only sends */
    size_t *json_len;
    size_t n, cap;
    claimed_file *files;
    size_t n_files;
};

size_t mt_spool_batch_size(const mt_spool_batch *b)
{
    return b ? b->n : 0;
}

const mosaic_event *mt_spool_batch_events(const mt_spool_batch *b)
{
    return b ? b->events : NULL;
}

char *const *mt_spool_batch_json(const mt_spool_batch *b, const size_t **json_len)
{
    *json_len = b ? b->json_len : NULL;
    return b ? b->json : NULL;
}

static void free_batch(mt_spool_batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->json[i]);
    free(b->json);
    free(b->json_len);
    free(b->events);
    free(b->files);
    free(b);
}

static void drop_claim_fds(mt_spool *s)
{
    if (s->claim_lock_fd >= 0)
        close(s->claim_lock_fd);
    if (s->claim_fd >= 0)
        close(s->claim_fd);
    s->claim_lock_fd = s->claim_fd = -1;
    s->claim_name[0] = '\0';
}

/* This process's claim directory, made on first use; its .lock stays held (flock) for the life
 * of the spool, so that others can tell a live flusher from a dead one. The directory is made
 * and locked under a hidden name and only then renamed into view: a recoverer never sees it
 * unlocked (it would take it for a dead flusher's and remove it under us). Lock held. */
static bool ensure_claim_dir(mt_spool *s)
{
    if (s->claim_fd >= 0)
        return true;
    char hidden[MT_SPOOL_NAME_MAX + 8];
    snprintf(s->claim_name, sizeof s->claim_name, "%d-%08x", (int)getpid(),
             (unsigned)(mt_random_unit() * 4294967295.0));
    snprintf(hidden, sizeof hidden, ".new-%s", s->claim_name);
    if (mkdirat(s->claims_fd, hidden, 0700) != 0) {
        s->claim_name[0] = '\0';
        return false;
    }
    s->claim_fd = openat(s->claims_fd, hidden, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    s->claim_lock_fd = s->claim_fd >= 0 ? openat(s->claim_fd, ".lock",
                                                 O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)
                                        : -1;
    bool ok = s->claim_lock_fd >= 0 && flock(s->claim_lock_fd, LOCK_EX | LOCK_NB) == 0 &&
              renameat(s->claims_fd, hidden, s->claims_fd, s->claim_name) == 0;
    if (!ok) {
        int saved = errno;
        if (s->claim_fd >= 0)
            unlinkat(s->claim_fd, ".lock", 0);
        unlinkat(s->claims_fd, hidden, AT_REMOVEDIR);
        drop_claim_fds(s);
        errno = saved;
    }
    return ok;
}

/* Moves one claimed file aside, counted, with one WARN. */
static void quarantine(mt_spool *s, const char *name, const char *why)
{
    if (renameat(s->claim_fd, name, s->quarantine_fd, name) != 0)
        unlinkat(s->claim_fd, name, 0);
    mt_log(&s->log, MOSAIC_LOG_WARN, "spool: %s/quarantine/%s set aside: %s", s->dir, name, why);
    mt_spool_state_update(s, 0, 1, NULL);
}

/* Room for `more` events in the batch's arrays. */
static bool reserve(mt_spool_batch *b, size_t more)
{
    if (b->n + more <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 128;
    while (cap < b->n + more)
        cap *= 2;
    mosaic_event *events = realloc(b->events, cap * sizeof *events);
    if (events)
        b->events = events;
    char **json = events ? realloc(b->json, cap * sizeof *json) : NULL;
    if (json)
        b->json = json;
    size_t *json_len = json ? realloc(b->json_len, cap * sizeof *json_len) : NULL;
    if (json_len)
        b->json_len = json_len;
    if (!json_len)
        return false;
    b->cap = cap;
    return true;
}

static bool add_file(mt_spool_batch *b, const mt_spool_name *name, mosaic_event *events, size_t n)
{
    claimed_file *files =
        reserve(b, n) ? realloc(b->files, (b->n_files + 1) * sizeof *files) : NULL;
    if (!files)
        return false;
    b->files = files;
    size_t made = 0;
    for (; made < n; made++)
        if (!(b->json[b->n + made] = mt_event_json(&events[made], &b->json_len[b->n + made])))
            break;
    if (made < n) { /* out of memory: undo */
        while (made > 0)
            free(b->json[b->n + --made]);
        return false;
    }
    memcpy(b->events + b->n, events, n * sizeof *events);
    files[b->n_files++] = (claimed_file){*name, b->n, n};
    b->n += n;
    return true;
}

/* Takes one pending file into the claim; false when another flusher took it first, or it was
 * unreadable (then quarantined). Lock held. */
static bool claim_file(mt_spool *s, mt_spool_batch *b, const mt_spool_name *name)
{
    if (renameat(s->pending_fd, name->text, s->claim_fd, name->text) != 0)
        return false; /* ENOENT: another flusher's now */
    mosaic_event *events;
    size_t n;
    char why[256];
    if (!mt_spool_read_events(s->claim_fd, name->text, &events, &n, why, sizeof why)) {
        quarantine(s, name->text, why);
        return false;
    }
    bool added = add_file(b, name, events, n);
    free(events);
    if (!added) /* out of memory: leave it for later */
        renameat(s->claim_fd, name->text, s->pending_fd, name->text);
    return added;
}

mosaic_status mt_spool_claim_listed(mt_spool *s, const mt_spool_name *names, size_t count,
                                    size_t *cursor, size_t max_events, mt_spool_batch **out)
{
    *out = NULL;
    pthread_mutex_lock(&s->lock);
    if (!ensure_claim_dir(s)) {
        pthread_mutex_unlock(&s->lock);
        mt_log(&s->log, MOSAIC_LOG_ERROR, "spool: cannot make a claim in %s/claims: %s", s->dir,
               strerror(errno));
        return MOSAIC_ERR_SYSTEM;
    }
    mt_spool_batch *b = calloc(1, sizeof *b);
    size_t i = *cursor;
    for (; b && i < count && (b->n == 0 || b->n + names[i].events <= max_events); i++)
        claim_file(s, b, &names[i]);
    *cursor = i;
    pthread_mutex_unlock(&s->lock);
    if (b && b->n == 0) {
        free_batch(b);
        b = NULL;
    }
    *out = b;
    return MOSAIC_OK;
}

mt_spool_name *mt_spool_list_sendable(mt_spool *s, size_t enough, size_t *count)
{
    mt_spool_name *names = mt_spool_list(s->pending_fd, count);
    size_t events = 0;
    for (size_t i = 0; i < *count; i++)
        events += names[i].events;
    if (events >= enough)
        return names;
    free(names);
    mt_spool_segment_seal(s);
    return mt_spool_list(s->pending_fd, count);
}

mosaic_status mt_spool_claim(mt_spool *s, size_t max_events, mt_spool_batch **out)
{
    size_t count = 0, cursor = 0;
    mt_spool_name *names = mt_spool_list_sendable(s, max_events, &count);
    mosaic_status status = MOSAIC_OK;
    *out = NULL;
    while (status == MOSAIC_OK && !*out && cursor < count) /* files others took are skipped */
        status = mt_spool_claim_listed(s, names, count, &cursor, max_events, out);
    free(names);
    return status;
}

/* The kept events of one claimed file go back to pending: the whole file by a rename when all
 * were kept, else a new file of the kept ones. Lock held. */
static void return_kept(mt_spool *s, const mt_spool_batch *b, const claimed_file *f,
                        const mt_fate *fates)
{
    size_t kept = 0;
    for (size_t i = 0; fates && i < f->count; i++)
        kept += fates[f->first + i] == MT_FATE_KEPT;
    if (!fates || kept == f->count) { /* NULL fates: nothing was sent */
        renameat(s->claim_fd, f->name.text, s->pending_fd, f->name.text);
        return;
    }
    mosaic_event *rest = kept ? malloc(kept * sizeof *rest) : NULL;
    size_t n = 0;
    for (size_t i = 0; rest && i < f->count; i++)
        if (fates[f->first + i] == MT_FATE_KEPT)
            rest[n++] = b->events[f->first + i];
    char err[256];
    /* The new file first, then the old one goes: a crash between sends some twice, never none. */
    if (kept && (!rest || !mt_spool_write(s, rest, n, err, sizeof err)))
        renameat(s->claim_fd, f->name.text, s->pending_fd, f->name.text);
    else
        unlinkat(s->claim_fd, f->name.text, 0);
    free(rest);
}

void mt_spool_settle(mt_spool *s, mt_spool_batch *b, const mt_fate *fates)
{
    if (!b)
        return;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < b->n_files; i++)
        return_kept(s, b, &b->files[i], fates);
    pthread_mutex_unlock(&s->lock);
    free_batch(b);
}

/* ---- eviction of part of a file --------------------------------------------------------------
 * A sealed segment holds up to a hundred events; a bound passed by a few must not cost them all.
 * The file is claimed first (so no flusher sends it meanwhile), its kept part written as a new
 * pending file under the same time, and only then is the claimed one removed: a crash in between
 * leaves the whole file to come back from the claim, never fewer events. */

/* Where the kept part of text begins: after enough whole lines to shed events_over events and
 * bytes_over bytes. */
static size_t head_to_drop(const char *text, size_t len, size_t events_over, uint64_t bytes_over,
                           size_t *dropped)
{
    size_t cut = 0;
    *dropped = 0;
    while (cut < len && (*dropped < events_over || cut < bytes_over)) {
        const char *newline = memchr(text + cut, '\n', len - cut);
        cut = newline ? (size_t)(newline - text) + 1 : len;
        (*dropped)++;
    }
    return cut;
}

bool mt_spool_evict_head(mt_spool *s, const mt_spool_name *name, size_t events_over,
                         uint64_t bytes_over, size_t *events, uint64_t *bytes)
{
    pthread_mutex_lock(&s->lock);
    bool claimed =
        ensure_claim_dir(s) && renameat(s->pending_fd, name->text, s->claim_fd, name->text) == 0;
    char why[256];
    size_t len = 0, dropped = 0;
    char *text =
        claimed ? mt_spool_read_text(s->claim_fd, name->text, &len, why, sizeof why) : NULL;
    size_t cut = text ? head_to_drop(text, len, events_over, bytes_over, &dropped) : 0;
    /* Nothing left to keep (its first lines were that large): the whole file goes. */
    bool done = text && (dropped >= name->events ||
                         mt_spool_write_lines(s, name->unix_ms, text + cut, len - cut,
                                              name->events - dropped, why, sizeof why));
    if (done) {
        unlinkat(s->claim_fd, name->text, 0);
        *events += dropped < name->events ? dropped : name->events;
        *bytes += cut;
    } else if (claimed) {
        renameat(s->claim_fd, name->text, s->pending_fd, name->text);
    }
    free(text);
    pthread_mutex_unlock(&s->lock);
    return done;
}

/* ---- claims of dead flushers ---------------------------------------------------------------- */

#define STALE_CLAIM_MS 60000

static bool older_than(int fd, int64_t age_ms)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return false;
    int64_t changed = (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
    return mt_realtime_ms() - changed > age_ms;
}

void mt_spool_forget_claim(mt_spool *s)
{
    /* In a forked child: the claim directory and its lock are the parent's. Closing our copies
     * leaves the parent's lock in place; the next claim makes a directory of our own. */
    drop_claim_fds(s);
    pthread_mutex_init(&s->lock, NULL);
}

/* Returns the files of one claim directory to pending when its owner is gone: the kernel
 * released its flock when it died, so ours succeeds. A live owner's lock makes ours fail. */
static void recover_claim(mt_spool *s, const char *claim)
{
    int dir = openat(s->claims_fd, claim, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return;
    int lock = openat(dir, ".lock", O_RDWR | O_CLOEXEC);
    if (lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) == 0) {
        size_t n = 0;
        mt_spool_name *names = mt_spool_list(dir, &n);
        for (size_t i = 0; i < n; i++)
            renameat(dir, names[i].text, s->pending_fd, names[i].text);
        free(names);
        unlinkat(dir, ".lock", 0);
        unlinkat(s->claims_fd, claim, AT_REMOVEDIR);
    }
    if (lock >= 0)
        close(lock);
    close(dir);
}

/* A hidden claim directory whose flusher died before showing it: it can hold no event file.
 * A young one may belong to a flusher that is about to rename it into view. */
static void remove_abandoned(mt_spool *s, const char *hidden)
{
    int dir = openat(s->claims_fd, hidden, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return;
    if (older_than(dir, STALE_CLAIM_MS)) {
        unlinkat(dir, ".lock", 0);
        unlinkat(s->claims_fd, hidden, AT_REMOVEDIR);
    }
    close(dir);
}

void mt_spool_recover(mt_spool *s)
{
    DIR *dir = mt_spool_opendir(s->claims_fd);
    if (!dir)
        return;
    struct dirent *entry;
    pthread_mutex_lock(&s->lock);
    while ((entry = readdir(dir))) {
        if (strncmp(entry->d_name, ".new-", 5) == 0)
            remove_abandoned(s, entry->d_name);
        else if (entry->d_name[0] != '.' && strcmp(entry->d_name, s->claim_name) != 0)
            recover_claim(s, entry->d_name);
    }
    pthread_mutex_unlock(&s->lock);
    closedir(dir);
}
