/* The seen file (see seen_set.h): records in memory, hash tables over them, and an append (or, past
 * a size, a compacting rewrite) when the session commits.
 *
 * A rewrite replaces the file before the adapter's state can record the new committed value, so
 * a rewritten file starts with a header record: its generation, and how many of its bytes hold
 * only what the state had already counted (the compacted base; what this run added follows).
 * The committed value carries the generation in its top bits: a load that finds another
 * generation in the file than the state recorded knows that the state never saw the rewrite,
 * and trusts the base alone. A file of before headers is generation 0. */
#include "seen_set.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "write_fully.h"
#include "private_dir.h"

enum { KIND_REPLY = 1, KIND_OFFSET = 2, KIND_HEADER = 3 };

#define GEN_SHIFT     KIT_SEEN_GEN_SHIFT /* committed = generation << GEN_SHIFT | bytes */
#define GEN_MASK      0xffffffu

#define COMPACT_BYTES (4u << 20) /* past this the file is rewritten... */
#define KEEP_REPLIES  65536      /* ...keeping the newest replies and every offset */

typedef struct record {
    uint32_t kind, flags;
    uint64_t a, b; /* reply: pair hash, id hash; offset: path hash, offset; header: its
                    * generation, its base's length in bytes (the header included) */
} record;

/* Open addressing over non-zero 64-bit keys. */
typedef struct u64map {
    uint64_t *keys, *values;
    size_t cap, used;
} u64map;

struct kit_seen {
    char path[4096];
    record *recs; /* the file's records after its header, if any */
    size_t n, cap, n_committed;
    uint64_t gen; /* the file's generation: its header's, 0 without one */
    size_t head;  /* 1 when the file starts with a header record */
    u64map pairs, ids, offsets;
};

static uint64_t *map_slot(const u64map *m, uint64_t key)
{
    size_t i = (size_t)(key * 0x9E3779B97F4A7C15ull) & (m->cap - 1);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    return &m->keys[i];
}

static bool map_grow(u64map *m)
{
    u64map bigger = {calloc(m->cap ? m->cap * 2 : 256, 8), NULL, m->cap ? m->cap * 2 : 256, 0};
    bigger.values = calloc(bigger.cap, 8);
    if (!bigger.keys || !bigger.values) {
        free(bigger.keys);
        free(bigger.values);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        uint64_t *slot = map_slot(&bigger, m->keys[i]);
        *slot = m->keys[i];
        bigger.values[slot - bigger.keys] = m->values[i];
        bigger.used++;
    }
    free(m->keys);
    free(m->values);
    *m = bigger;
    return true;
}

/* The value slot of key, inserted (value 0) when absent; NULL when memory runs out. */
static uint64_t *map_put(u64map *m, uint64_t key)
{
    if ((m->used + 1) * 2 > m->cap && !map_grow(m))
        return NULL;
    uint64_t *slot = map_slot(m, key);
    if (!*slot) {
        *slot = key;
        m->values[slot - m->keys] = 0;
        m->used++;
    }
    return &m->values[slot - m->keys];
}

static const uint64_t *map_get(const u64map *m, uint64_t key)
{
    if (!m->cap)
        return NULL;
    const uint64_t *slot = map_slot(m, key);
    return *slot ? &m->values[slot - m->keys] : NULL;
}

static void index_record(kit_seen *s, const record *r)
{
    uint64_t *v;
    if (r->kind == KIND_REPLY) {
        map_put(&s->pairs, r->a);
        if ((v = map_put(&s->ids, r->b)))
            *v |= (r->flags & 0xffffu) | KIT_SEEN_ID_KNOWN;
    } else if (r->kind == KIND_OFFSET && (v = map_put(&s->offsets, r->a))) {
        *v = r->b;
    }
}

static bool push(kit_seen *s, record r)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        record *bigger = realloc(s->recs, cap * sizeof *bigger);
        if (!bigger)
            return false;
        s->recs = bigger;
        s->cap = cap;
    }
    s->recs[s->n++] = r;
    index_record(s, &r);
    return true;
}

/* Reads records from fd's position until bytes are read, the file ends, or a record is torn. */
static void load_records(kit_seen *s, int fd, uint64_t bytes)
{
    record batch[1024];
    uint64_t left = bytes / sizeof(record);
    while (left > 0) {
        size_t want = left < 1024 ? (size_t)left : 1024;
        ssize_t got = read(fd, batch, want * sizeof(record));
        if (got <= 0)
            break;
        size_t whole = (size_t)got / sizeof(record); /* a torn tail is dropped */
        for (size_t i = 0; i < whole; i++)
            push(s, batch[i]);
        left -= whole;
        if (whole < want)
            break;
    }
}

/* The bytes of the file a load may trust (header included): what the state committed, or, in a
 * rewrite the state never recorded, the rewrite's base. */
static uint64_t trusted_bytes(kit_seen *s, int fd, uint64_t committed)
{
    record header;
    if (read(fd, &header, sizeof header) != (ssize_t)sizeof header || header.kind != KIND_HEADER) {
        lseek(fd, 0, SEEK_SET); /* no header: generation 0, records from the start */
        return kit_seen_bytes(committed);
    }
    s->head = 1;
    s->gen = header.a & GEN_MASK;
    bool recorded = committed >> GEN_SHIFT == s->gen;
    return recorded ? kit_seen_bytes(committed) : header.b;
}

kit_seen *kit_seen_load(const char *path, uint64_t committed)
{
    kit_seen *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    snprintf(s->path, sizeof s->path, "%s", path);
    /* 0: the state never committed anything; a file there is another session's leftover, and
     * is written over from its start. */
    int fd = committed ? open(s->path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd >= 0) {
        uint64_t bytes = trusted_bytes(s, fd, committed);
        uint64_t header_bytes = s->head * sizeof(record);
        load_records(s, fd, bytes > header_bytes ? bytes - header_bytes : 0);
        close(fd);
    }
    s->n_committed = s->n;
    return s;
}

void kit_seen_free(kit_seen *s)
{
    if (!s)
        return;
    free(s->recs);
    free(s->pairs.keys), free(s->pairs.values);
    free(s->ids.keys), free(s->ids.values);
    free(s->offsets.keys), free(s->offsets.values);
    free(s);
}

bool kit_seen_has_pair(const kit_seen *s, uint64_t pair)
{
    return map_get(&s->pairs, pair) != NULL;
}

uint32_t kit_seen_id_flags(const kit_seen *s, uint64_t id)
{
    const uint64_t *flags = map_get(&s->ids, id);
    return flags ? (uint32_t)*flags : 0;
}

void kit_seen_add(kit_seen *s, uint64_t pair, uint64_t id, uint32_t flags)
{
    push(s, (record){KIND_REPLY, flags & 0xffffu, pair, id});
}

static uint64_t path_key(const char *path)
{
    return kit_hash(path, strlen(path), KIT_HASH_SEED);
}

uint64_t kit_seen_offset(const kit_seen *s, const char *path)
{
    const uint64_t *v = map_get(&s->offsets, path_key(path));
    return v ? *v : 0;
}

bool kit_seen_known(const kit_seen *s, const char *path)
{
    return map_get(&s->offsets, path_key(path)) != NULL;
}

void kit_seen_set_offset(kit_seen *s, const char *path, uint64_t offset)
{
    if (kit_seen_known(s, path) && kit_seen_offset(s, path) == offset)
        return;
    push(s, (record){KIND_OFFSET, 0, path_key(path), offset});
}

/* data written at offset at (the file's end after the truncation that precedes every write). */
static bool write_at(int fd, const void *data, size_t len, off_t at)
{
    return lseek(fd, at, SEEK_SET) == at && mt_write_fully(fd, data, len);
}

/* The committed value of the file's header (if any) and first n records. */
static uint64_t committed_value(const kit_seen *s, size_t n)
{
    return s->gen << GEN_SHIFT | (uint64_t)(s->head + n) * sizeof(record);
}

/* The committed records a rewrite keeps: every path's latest offset, then the newest replies.
 * Only committed ones: the base of the file must be what the state already counts. */
static size_t compacted(const kit_seen *s, record *out)
{
    size_t k = 0;
    u64map latest = {0}; /* path -> the index of its last offset record */
    for (size_t i = 0; i < s->n_committed; i++) {
        uint64_t *at = s->recs[i].kind == KIND_OFFSET ? map_put(&latest, s->recs[i].a) : NULL;
        if (at)
            *at = i + 1;
    }
    for (size_t i = 0; i < latest.cap; i++)
        if (latest.keys[i])
            out[k++] = s->recs[latest.values[i] - 1];
    free(latest.keys), free(latest.values);
    size_t replies = 0, from = s->n_committed;
    while (from > 0 && replies < KEEP_REPLIES)
        if (s->recs[--from].kind == KIND_REPLY)
            replies++;
    for (size_t i = from; i < s->n_committed; i++)
        if (s->recs[i].kind == KIND_REPLY)
            out[k++] = s->recs[i];
    return k;
}

/* The file written anew through a temporary one: a header of the next generation, the
 * compacted committed records (its base), then what this run added. */
static bool rewrite(kit_seen *s, uint64_t *committed)
{
    size_t added = s->n - s->n_committed;
    record *keep = malloc((s->n + 1) * sizeof *keep);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", s->path);
    int fd = keep ? mt_create_fresh(AT_FDCWD, tmp, 0600) : -1;
    size_t base = keep ? compacted(s, keep + 1) : 0;
    uint64_t gen = ((s->gen + 1) & GEN_MASK) ? (s->gen + 1) & GEN_MASK : 1;
    if (keep) {
        keep[0] = (record){KIND_HEADER, 0, gen, (uint64_t)(1 + base) * sizeof(record)};
        memcpy(keep + 1 + base, s->recs + s->n_committed, added * sizeof *keep);
    }
    bool ok = fd >= 0 && write_at(fd, keep, (1 + base + added) * sizeof *keep, 0);
    if (fd >= 0)
        ok = close(fd) == 0 && ok;
    ok = ok && rename(tmp, s->path) == 0;
    if (ok) {
        free(s->recs);
        memmove(keep, keep + 1, (base + added) * sizeof *keep);
        s->recs = keep, s->n = s->n_committed = base + added, s->cap = s->n + 1;
        s->gen = gen, s->head = 1;
        *committed = committed_value(s, s->n);
        return true;
    }
    free(keep);
    unlink(tmp);
    return false;
}

static bool append(kit_seen *s, uint64_t *committed)
{
    int fd = open(s->path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    off_t at = (off_t)((s->head + s->n_committed) * sizeof(record));
    /* Bytes past the committed length were never committed: they are overwritten. */
    bool ok = fd >= 0 && ftruncate(fd, at) == 0 &&
              write_at(fd, s->recs + s->n_committed, (s->n - s->n_committed) * sizeof(record), at);
    if (fd >= 0)
        ok = close(fd) == 0 && ok;
    if (ok) {
        s->n_committed = s->n;
        *committed = committed_value(s, s->n);
    }
    return ok;
}

bool kit_seen_commit(kit_seen *s, uint64_t *committed, char *err, size_t errlen)
{
    *committed = committed_value(s, s->n_committed);
    if (s->n == s->n_committed)
        return true;
    bool ok = s->n * sizeof(record) > COMPACT_BYTES ? rewrite(s, committed) : append(s, committed);
    if (!ok)
        snprintf(err, errlen, "cannot write %s: %s", s->path, strerror(errno));
    return ok;
}
