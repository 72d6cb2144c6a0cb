/* Codex's rollout (the JSONL file `transcript_path` names), one line at a time, reduced to what the
 * adapter uses (docs/harnesses/codex.md, "What the rollout holds"). */
#ifndef CX_ROLLOUT_H
#define CX_ROLLOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "line_reader.h"
#include "payload.h"

typedef enum cx_line_kind {
    CX_LINE_OTHER = 0,
    CX_LINE_MODEL,     /* turn_context: the model of the turn */
    CX_LINE_RESPONSE,  /* token_usage_record: one model response's usage */
    CX_LINE_TOTAL,     /* event_msg token_count with info: the thread's running total */
    CX_LINE_STARTED,   /* event_msg task_started (a turn began) */
    CX_LINE_COMPLETE,  /* event_msg task_complete (error: the turn failed) */
    CX_LINE_ABORTED,   /* event_msg turn_aborted */
    CX_LINE_COMPACTED, /* a compacted line */
    CX_LINE_COMMAND,   /* a command's exit code: item_completed CommandExecution, or the function
                          call output's "Process exited with code N" */
} cx_line_kind;

/* Token figures as Codex writes them: cached inside input, reasoning inside output. */
typedef struct cx_tokens {
    uint64_t input, cached, cache_write, output, reasoning;
} cx_tokens;

typedef struct cx_line {
    cx_line_kind kind;
    char model[CX_MODEL_MAX];
    char id[CX_ID_MAX]; /* the response id (RESPONSE), the call id (COMMAND) */
    cx_tokens usage;    /* RESPONSE: the response's; TOTAL: total_token_usage */
    uint64_t window;    /* model_context_window (TOTAL, STARTED); 0: not given */
    int exit_code;      /* COMMAND */
    bool error;         /* COMPLETE: an error ended the turn */
    int64_t at_ms;      /* the line's timestamp; 0: none */
} cx_line;

/* One rollout line (without its newline) into line; false when it is malformed. Lines of no use
 * are CX_LINE_OTHER, mostly without being parsed. */
bool cx_rollout_line(const char *text, size_t len, cx_line *line);

typedef void (*cx_line_fn)(const cx_line *line, void *user);

/* Calls fn for each line of path from pos (line_reader.h), counting malformed lines into
 * *malformed. False with err when the file cannot be read. */
bool cx_rollout_read(const char *path, kit_file_pos *pos, cx_line_fn fn, void *user,
                     uint64_t *malformed, char *err, size_t errlen);

#endif
