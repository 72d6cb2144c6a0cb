/* Reading a file of lines from a saved position (line_reader.h): pread in large chunks (no mmap:
 * a file truncated while mapped would raise SIGBUS in the hook), complete lines only. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "line_reader.h"

#include "hash.h"

#define CHUNK_BYTES    (4u << 20)
#define LINE_MAX_BYTES (64u << 20) /* a longer line is skipped, not parsed */

static uint64_t budget = KIT_FOREGROUND_READ_BYTES; /* one process is one hook: no lock */
static bool cut;

void kit_read_budget_set(uint64_t bytes)
{
    budget = bytes;
    cut = false;
}

bool kit_read_was_cut(void)
{
    return cut;
}

typedef struct reader {
    int fd;
    char *buf;
    size_t cap, have; /* bytes in buf, starting at file offset pos */
    uint64_t pos;     /* the file offset of buf[0] */
    uint64_t end;     /* the file's size when it was opened: what is read at most */
    bool skipping;    /* inside a line longer than LINE_MAX_BYTES */
    kit_line_fn fn;
    void *user;
} reader;

/* Handles the complete lines in buf; returns the bytes consumed (up to the last newline). */
static size_t handle_lines(reader *r)
{
    size_t at = 0;
    for (;;) {
        const char *nl = memchr(r->buf + at, '\n', r->have - at);
        if (!nl)
            return at;
        size_t end = (size_t)(nl - r->buf);
        if (r->skipping)
            r->skipping = false; /* the end of an oversized line: drop it */
        else
            r->fn(r->buf + at, end - at, r->user);
        at = end + 1;
    }
}

/* No newline in a full buffer: grow it, or give up on the line and skip to its end. */
static bool make_room(reader *r)
{
    if (r->cap >= LINE_MAX_BYTES || r->skipping) {
        r->skipping = true;
        r->pos += r->have;
        r->have = 0;
        return true;
    }
    char *bigger = realloc(r->buf, r->cap * 2);
    if (!bigger)
        return false;
    r->buf = bigger;
    r->cap *= 2;
    return true;
}

/* Reads to the end of the file; *offset ends past the last complete line. */
static bool read_all(reader *r, uint64_t *offset, uint64_t *bytes_read)
{
    uint64_t last_complete = r->pos;
    for (;;) {
        if (r->have == r->cap && !make_room(r))
            return false;
        uint64_t at = r->pos + r->have, left = at < r->end ? r->end - at : 0;
        size_t want = left < r->cap - r->have ? (size_t)left : r->cap - r->have;
        ssize_t n = want ? pread(r->fd, r->buf + r->have, want, (off_t)at) : 0;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0)
            break;
        r->have += (size_t)n;
        *bytes_read += (uint64_t)n;
        size_t used = handle_lines(r);
        memmove(r->buf, r->buf + used, r->have - used);
        r->have -= used;
        r->pos += used;
        if (used && !r->skipping)
            last_complete = r->pos;
    }
    *offset = last_complete;
    return true;
}

uint64_t kit_file_identity(uint64_t dev, uint64_t ino)
{
    uint64_t both[2] = {dev, ino};
    return kit_hash(both, sizeof both, KIT_HASH_SEED);
}

/* Where to start: the saved offset, or 0 for a file truncated below it or replaced by another. */
static uint64_t start_of(const struct stat *st, kit_file_pos *pos)
{
    uint64_t identity = kit_file_identity((uint64_t)st->st_dev, (uint64_t)st->st_ino);
    bool replaced = pos->inode != 0 && pos->inode != identity;
    pos->inode = identity;
    return replaced || (uint64_t)st->st_size < pos->offset ? 0 : pos->offset;
}

/* Only a regular file is read, and only what it held when opened: a FIFO, /dev/zero or a file
 * that grows without end would otherwise keep the hook, and its harness, waiting forever. It is
 * opened without blocking, so that a FIFO with no writer cannot hold the open either. */
static int open_regular(const char *what, const char *path, struct stat *st, char *err,
                        size_t errlen)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open %s %s: %s", what, path, strerror(errno));
        return -1;
    }
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        snprintf(err, errlen, "cannot read %s %s: not a regular file", what, path);
        close(fd);
        return -1;
    }
    return fd;
}

bool kit_read_lines(const char *what, const char *path, kit_file_pos *pos, kit_line_fn fn,
                    void *user, uint64_t *bytes_read, char *err, size_t errlen)
{
    uint64_t scanned = 0;
    if (bytes_read)
        *bytes_read = 0;
    struct stat st;
    reader r = {.fd = open_regular(what, path, &st, err, errlen), .fn = fn, .user = user};
    if (r.fd < 0)
        return false;
    kit_file_pos was = *pos;
    r.pos = start_of(&st, pos);
    r.end = (uint64_t)st.st_size;
    if (r.end > r.pos && r.end - r.pos > budget) {
        r.end = r.pos + budget;
        cut = true;
    }
    r.cap = CHUNK_BYTES;
    r.buf = malloc(r.cap);
    bool ok = r.buf && read_all(&r, &pos->offset, &scanned);
    if (!ok) {
        snprintf(err, errlen, "cannot read %s %s: %s", what, path,
                 r.buf ? strerror(errno) : "out of memory");
        *pos = was;
    }
    free(r.buf);
    close(r.fd);
    budget -= scanned < budget ? scanned : budget;
    if (bytes_read)
        *bytes_read = scanned;
    return ok;
}
