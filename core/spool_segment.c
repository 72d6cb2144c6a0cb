/* The open segment: the one file that appends go to, sealed into pending/ when it is full or a
 * flusher wants what it holds.
 *
 * Why a shared file and not a file per append: removing a file costs the filesystem far more
 * than writing a line (on ext4 here ~80 us an unlink against ~5 us a read), so a flush of
 * one-event files spends its time deleting them. Appends of many hooks share a file of up to
 * SEAL_EVENTS events, which a flush claims, sends in one request and removes at once.
 *
 * The rules that keep it safe with any number of processes:
 *   - everyone works on the file under flock(LOCK_EX), and first checks that the file it locked
 *     is still the one at open/<SEGMENT> (a sealer may have renamed it while they waited);
 *   - a writer appends whole lines with O_APPEND; one killed mid-write leaves a line without its
 *     newline, which the next holder of the lock cuts off (that append never returned, so nothing
 *     promised is lost), and a writer that fails undoes its own bytes;
 *   - sealing is a rename under the lock into pending/, named by the segment's birth time and its
 *     exact count of events: from then on nobody writes to it, and it is an ordinary pending file.
 * An append is durable when fdatasync returns; that happens after the lock is released, so that
 * concurrent appenders share the disk's flushes instead of queueing for them. */
#define _GNU_SOURCE /* statx, flock, O_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "err.h"
#include "flock_wait.h"
#include "spool_internal.h"

#define SEGMENT            "events.jsonl"
#define SEAL_EVENTS        100                /* one flush request's worth */
#define SEAL_BYTES         (1u << 20)         /* large events fill a segment sooner */
#define SEAL_AGE_MS        (10LL * 60 * 1000) /* appends seal an old segment: see born_ms */
#define LOCK_ATTEMPTS      64                 /* renamed under us this often: give up */
#define LOCK_WAIT_MS       200         /* a holder writes a line: longer, it is stopped or stuck */
#define SURVEY_CHUNK_BYTES (16u << 10) /* on the stack: callers may be a host's threads */

typedef struct segment {
    int fd;
    bool created;  /* by this append: its directory entry must be made durable too */
    size_t events; /* complete lines */
    uint64_t size; /* bytes of those lines */
} segment;

/* Whether the file open as fd is still the segment (and not one a sealer renamed away). */
static bool still_current(const mt_spool *s, int fd)
{
    struct stat held, named;
    return fstat(fd, &held) == 0 &&
           fstatat(s->open_fd, SEGMENT, &named, AT_SYMLINK_NOFOLLOW) == 0 &&
           held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

/* Opens and locks the current segment, making it when absent and `create` is set. False with
 * errno set (ENOENT: there is none and create is not set). */
static bool lock_current(const mt_spool *s, bool create, segment *seg)
{
    const int flags = O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC;
    for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
        *seg = (segment){.fd = openat(s->open_fd, SEGMENT, flags)};
        if (seg->fd < 0 && errno == ENOENT && create) {
            seg->fd = openat(s->open_fd, SEGMENT, flags | O_CREAT | O_EXCL, 0600);
            seg->created = seg->fd >= 0;
            if (seg->fd < 0 && errno == EEXIST)
                continue; /* another appender made it first */
        }
        if (seg->fd < 0)
            return false;
        if (!mt_flock_within(seg->fd, LOCK_WAIT_MS)) {
            int saved = errno;
            close(seg->fd);
            errno = saved;
            return false;
        }
        if (still_current(s, seg->fd))
            return true;
        close(seg->fd); /* sealed while we waited: look again */
    }
    errno = EAGAIN;
    return false;
}

/* Counts the segment's complete lines and cuts a partial last line off. Lock held. */
static bool survey(const mt_spool *s, segment *seg)
{
    char chunk[SURVEY_CHUNK_BYTES];
    uint64_t at = 0, complete = 0;
    ssize_t got;
    while ((got = pread(seg->fd, chunk, sizeof chunk, (off_t)at)) > 0) {
        for (const char *p = chunk, *end = chunk + got; (p = memchr(p, '\n', (size_t)(end - p)));) {
            p++;
            seg->events++;
            complete = at + (uint64_t)(p - chunk);
        }
        at += (uint64_t)got;
    }
    if (got < 0)
        return false;
    if (at != complete) {
        mt_log(&s->log, MOSAIC_LOG_WARN,
               "spool: %s/open/%s ended in a partial line (a writer died mid-append); cut off",
               s->dir, SEGMENT);
        if (ftruncate(seg->fd, (off_t)complete) != 0)
            return false;
    }
    seg->size = complete;
    return true;
}

/* When the segment's first event was appended: its birth time where the filesystem keeps one,
 * else now (its events are then dated from their sealing, which only delays eviction by age). */
static int64_t born_ms(int fd)
{
    struct statx sx;
    if (statx(fd, "", AT_EMPTY_PATH, STATX_BTIME, &sx) == 0 && (sx.stx_mask & STATX_BTIME))
        return (int64_t)sx.stx_btime.tv_sec * 1000 + sx.stx_btime.tv_nsec / 1000000;
    return mt_realtime_ms();
}

static bool full(const segment *seg)
{
    return seg->events >= SEAL_EVENTS || seg->size >= SEAL_BYTES ||
           mt_realtime_ms() - born_ms(seg->fd) >= SEAL_AGE_MS;
}

/* Renames the segment into pending/ as an ordinary pending file. Lock held. */
static bool seal_locked(const mt_spool *s, const segment *seg)
{
    mt_spool_name name;
    return mt_spool_name_make(&name, born_ms(seg->fd), seg->events) &&
           renameat(s->open_fd, SEGMENT, s->pending_fd, name.text) == 0;
}

bool mt_spool_segment_append(mt_spool *s, const char *lines, size_t len, size_t n, char *err,
                             size_t errlen)
{
    segment seg;
    if (!lock_current(s, true, &seg)) {
        if (errno == EWOULDBLOCK) { /* held by a stopped process: a file of its own, not a hang */
            mt_log(&s->log, MOSAIC_LOG_WARN,
                   "spool: %s/open/%s stayed locked for %d ms; the event goes in a file of its own",
                   s->dir, SEGMENT, LOCK_WAIT_MS);
            return mt_spool_write_lines(s, mt_realtime_ms(), lines, len, n, err, errlen);
        }
        mt_set_error(err, errlen, "spool: cannot open %s/open/%s: %s", s->dir, SEGMENT,
                     strerror(errno));
        return false;
    }
    bool ok = survey(s, &seg) && mt_write_fully(seg.fd, lines, len);
    int saved = errno;
    if (!ok && ftruncate(seg.fd, (off_t)seg.size) != 0) /* undo our part of a failed write */
        mt_log(&s->log, MOSAIC_LOG_WARN, "spool: cannot undo a failed append: %s", strerror(errno));
    bool sealed = false;
    if (ok) {
        seg.events += n;
        seg.size += len;
        sealed = full(&seg) && seal_locked(s, &seg);
    }
    flock(seg.fd, LOCK_UN);
    if (ok) {
        ok = fdatasync(seg.fd) == 0 && (!seg.created || fsync(s->open_fd) == 0) &&
             (!sealed || fsync(s->pending_fd) == 0);
        saved = errno;
    }
    close(seg.fd);
    if (!ok)
        mt_set_error(err, errlen, "spool: cannot append to %s/open/%s: %s", s->dir, SEGMENT,
                     strerror(saved));
    return ok;
}

void mt_spool_segment_seal(mt_spool *s)
{
    segment seg;
    if (!lock_current(s, false, &seg))
        return; /* none open */
    if (survey(s, &seg)) {
        if (seg.events == 0)
            unlinkat(s->open_fd, SEGMENT, 0); /* made by an append that then failed */
        else
            seal_locked(s, &seg);
    }
    close(seg.fd); /* releases the lock */
}

bool mt_spool_segment_peek(mt_spool *s, size_t *events, uint64_t *bytes, int64_t *born)
{
    segment seg;
    *events = 0;
    *bytes = 0;
    *born = -1;
    if (!lock_current(s, false, &seg))
        return false;
    bool ok = survey(s, &seg) && seg.events > 0;
    if (ok) {
        *events = seg.events;
        *bytes = seg.size;
        *born = born_ms(seg.fd);
    }
    close(seg.fd);
    return ok;
}
