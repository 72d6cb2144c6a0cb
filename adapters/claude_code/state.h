/* A Claude Code session as the hook remembers it between invocations: where its transcript was
 * read to, and the task in progress (what the hooks and the transcript reported so far). One
 * JSON file per session in the state directory, rewritten atomically under the session's lock.
 * The prompt is never part of it: only the task type the classifier made of it. */
#ifndef CC_STATE_H
#define CC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "payload.h"
#include "task_record.h"
#include "transcript.h"

typedef struct cc_session {
    char transcript[CC_PATH_MAX];
    kit_file_pos pos;           /* of the main transcript: read up to here (line_reader.h) */
    uint64_t seen_len;          /* committed bytes of the seen file (seen_set.h) */
    bool saw_failure_hook;      /* PostToolUseFailure exists in this version (see hook_tools.c) */
    uint32_t pending_rotations; /* /clear before the next task */
    bool closed;                /* SessionEnd came: remove the files once nothing is left */
    kit_task task;
} cc_session;

/* Parses a state file's text; false (and a fresh session) when it is not one. */
bool cc_state_parse(const char *text, size_t len, cc_session *s);
/* The state as JSON text (malloc'd), NULL when memory runs out. */
char *cc_state_format(const cc_session *s);

#endif
