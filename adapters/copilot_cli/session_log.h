/* The session's event log, $COPILOT_HOME/session-state/<session>/events.jsonl (agentStop's
 * transcriptPath), one line at a time, reduced to what the adapter uses
 * (docs/harnesses/copilot-cli.md, "What events.jsonl holds"). */
#ifndef CP_SESSION_LOG_H
#define CP_SESSION_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "line_reader.h"
#include "payload.h"

typedef enum cp_line_kind {
    CP_LINE_OTHER = 0,
    CP_LINE_START,      /* session.start: the selected model */
    CP_LINE_USAGE,      /* session.usage_record: one model request's usage */
    CP_LINE_TOOL_START, /* tool.execution_start of the shell tool: its command */
    CP_LINE_TOOL_DONE,  /* tool.execution_complete with shellExecution: its exit code */
} cp_line_kind;

/* Token figures as Copilot writes them: cache reads inside input, reasoning inside output. */
typedef struct cp_tokens {
    uint64_t input, cache_read, cache_write, output, reasoning;
} cp_tokens;

typedef struct cp_line {
    cp_line_kind kind;
    char id[CP_ID_MAX]; /* the line's id (USAGE), the tool call's id (TOOL_*) */
    char model[CP_MODEL_MAX];
    cp_tokens usage;
    uint64_t max_prompt;           /* USAGE: maxPromptTokens, the context the request was cut to */
    int exit_code;                 /* TOOL_DONE */
    int64_t at_ms;                 /* the line's timestamp; 0: none */
    char command[CP_TEXT_MAX + 1]; /* TOOL_START: the shell command (classified, not stored) */
} cp_line;

/* One line (without its newline) into line; false when it is malformed. Lines of no use are
 * CP_LINE_OTHER, mostly without being parsed. */
bool cp_log_line(const char *text, size_t len, cp_line *line);

typedef void (*cp_line_fn)(const cp_line *line, void *user);

/* Calls fn for each line of path from pos (line_reader.h), counting malformed lines into
 * *malformed. False with err when the file cannot be read. */
bool cp_log_read(const char *path, kit_file_pos *pos, cp_line_fn fn, void *user,
                 uint64_t *malformed, char *err, size_t errlen);

#endif
