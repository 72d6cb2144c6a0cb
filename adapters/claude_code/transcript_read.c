/* Reading a transcript from an offset: pread in large chunks (no mmap: a transcript truncated
 * while mapped would raise SIGBUS in the hook), complete lines only, and a cheap prefilter so
 * that only lines that can matter are parsed. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "transcript.h"

#define CHUNK_BYTES    (4u << 20)
#define LINE_MAX_BYTES (64u << 20) /* a longer line is skipped, not parsed */
/* Compaction boundaries are short system lines; only short lines are searched for one. */
#define COMPACT_LINE_MAX 16384

typedef struct reader {
    int fd;
    char *buf;
    size_t cap, have; /* bytes in buf, starting at file offset pos */
    uint64_t pos;     /* the file offset of buf[0] */
    bool skipping;    /* inside a line longer than LINE_MAX_BYTES */
    cc_line_fn fn;
    void *user;
} reader;

/* Most lines (user turns, tool results, progress) hold no usage: one memmem rules them out. */
static void handle_line(reader *r, const char *line, size_t len)
{
    bool usage = memmem(line, len, "\"usage\"", 7) != NULL;
    if (!usage && (len > COMPACT_LINE_MAX || !memmem(line, len, "compact_boundary", 16)))
        return;
    cc_reply reply;
    cc_line_kind kind = cc_line_parse(line, len, &reply);
    if (kind != CC_LINE_OTHER)
        r->fn(kind, &reply, r->user);
}

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
            handle_line(r, r->buf + at, end - at);
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
        ssize_t n = pread(r->fd, r->buf + r->have, r->cap - r->have, (off_t)(r->pos + r->have));
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

bool cc_transcript_read(const char *path, uint64_t *offset, cc_line_fn fn, void *user,
                        uint64_t *bytes_read, char *err, size_t errlen)
{
    uint64_t scanned = 0;
    if (bytes_read)
        *bytes_read = 0;
    reader r = {.fd = open(path, O_RDONLY | O_CLOEXEC), .fn = fn, .user = user};
    if (r.fd < 0) {
        snprintf(err, errlen, "cannot open the transcript %s: %s", path, strerror(errno));
        return false;
    }
    struct stat st;
    r.pos = fstat(r.fd, &st) == 0 && (uint64_t)st.st_size < *offset ? 0 : *offset;
    r.cap = CHUNK_BYTES;
    r.buf = malloc(r.cap);
    bool ok = r.buf && read_all(&r, offset, &scanned);
    if (!ok)
        snprintf(err, errlen, "cannot read the transcript %s: %s", path,
                 r.buf ? strerror(errno) : "out of memory");
    free(r.buf);
    close(r.fd);
    if (bytes_read)
        *bytes_read = scanned;
    return ok;
}
