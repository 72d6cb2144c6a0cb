/* Claude Code's transcript JSONL (harness-hooks.md §1.6): the lines that matter to a task's
 * event, read incrementally from a byte offset. Only complete lines are read; a line still being
 * written is left for the next read. */
#ifndef CC_TRANSCRIPT_H
#define CC_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pricing.h"

#define CC_MODEL_MAX 128 /* longer names are cut (the schema allows 100 characters) */

typedef enum cc_line_kind {
    CC_LINE_OTHER = 0,
    CC_LINE_REPLY,   /* an assistant line with message.usage: one API response's usage */
    CC_LINE_COMPACT, /* {"type":"system","subtype":"compact_boundary"} */
} cc_line_kind;

/* One API response as a transcript line reports it. A response written as several lines (one
 * per content block) repeats message.id, requestId and usage in each. */
typedef struct cc_reply {
    char model[CC_MODEL_MAX];
    bool has_id;        /* message.id present */
    uint64_t id_hash;   /* of message.id */
    uint64_t pair_hash; /* of message.id and requestId (absent requestId hashes as "") */
    bool sidechain;     /* isSidechain: true */
    mt_usage usage;     /* cache writes split into 5-minute and 1-hour */
    int64_t at_ms;      /* timestamp, 0 when absent or unreadable */
} cc_reply;

/* Classifies one line (without its newline); fills *reply for CC_LINE_REPLY. Replies of the
 * local "<synthetic>" model are CC_LINE_OTHER: they cost nothing and are not the task's model. */
cc_line_kind cc_line_parse(const char *line, size_t len, cc_reply *reply);

typedef void (*cc_line_fn)(cc_line_kind kind, const cc_reply *reply, void *user);

/* Calls fn for every reply and compaction line of path from *offset to the last complete line,
 * and moves *offset past it. A file shorter than *offset was replaced: it is read from 0 (the
 * seen set keeps replies from counting twice). False, with the reason in err, when the file
 * cannot be opened or read; *offset then stays. bytes_read (may be NULL) gets the bytes
 * scanned. */
bool cc_transcript_read(const char *path, uint64_t *offset, cc_line_fn fn, void *user,
                        uint64_t *bytes_read, char *err, size_t errlen);

/* 64-bit FNV-1a, the hash of ids and paths in the adapter's state (never 0). */
uint64_t cc_hash(const void *data, size_t len, uint64_t seed);
#define CC_HASH_SEED 1469598103934665603ull

#endif
