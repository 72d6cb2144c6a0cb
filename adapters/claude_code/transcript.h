/* Claude Code's transcript JSONL (docs/harnesses/claude-code.md): the lines that matter to a task's
 * event, read incrementally from a byte offset. Only complete lines are read; a line still being
 * written is left for the next read. */
#ifndef CC_TRANSCRIPT_H
#define CC_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "line_reader.h"
#include "pricing.h"

#define CC_MODEL_MAX 128 /* longer names are cut (the schema allows 100 characters) */

typedef enum cc_line_kind {
    CC_LINE_OTHER = 0,
    CC_LINE_REPLY,      /* an assistant line with message.usage: one API response's usage */
    CC_LINE_COMPACT,    /* {"type":"system","subtype":"compact_boundary"} */
    CC_LINE_API_ERROR,  /* an assistant line Claude Code made up for a failed request:
                           "isApiErrorMessage": true, or the model "<synthetic>" */
    CC_LINE_COST_STATE, /* {"type":"cost-state"}: the session's cumulative usage per model */
    CC_LINE_REQUEST,    /* {"type":"api-request"}: a request sent, its model in params.model */
} cc_line_kind;

/* Usage per model, as a cost-state line sums it up for the whole session so far (resumed runs
 * included). It counts requests no transcript line records, such as a compaction's. */
#define CC_COST_MODELS 8
typedef struct cc_model_usage {
    char model[CC_MODEL_MAX];
    mt_usage usage;
} cc_model_usage;
typedef struct cc_cost_state {
    cc_model_usage models[CC_COST_MODELS];
    size_t n;
} cc_cost_state;

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
    /* CC_LINE_COST_STATE only (left alone for the other kinds, which need not clear it). */
    cc_cost_state cost;
} cc_reply;

/* Classifies one line (without its newline); fills *reply for CC_LINE_REPLY (its time for
 * CC_LINE_API_ERROR, its model for CC_LINE_REQUEST), reply->cost for CC_LINE_COST_STATE. Lines of
 * the local "<synthetic>" model are never replies: they cost nothing and are not the task's model.
 */
cc_line_kind cc_line_parse(const char *line, size_t len, cc_reply *reply);

typedef void (*cc_line_fn)(cc_line_kind kind, const cc_reply *reply, void *user);

/* Calls fn for every reply and compaction line of path from pos to the last complete line, and
 * moves pos past it; a truncated or replaced transcript is read again from its start (the seen
 * set keeps replies from counting twice). See kit_read_lines for the rest. */
bool cc_transcript_read(const char *path, kit_file_pos *pos, cc_line_fn fn, void *user,
                        uint64_t *bytes_read, char *err, size_t errlen);

#endif
