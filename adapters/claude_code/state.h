/* A Claude Code session as the hook remembers it between invocations: where its transcript was
 * read to, and the task in progress (what the hooks and the transcript reported so far). One
 * JSON file per session in the state directory, rewritten atomically under the session's lock.
 * The prompt is never part of it: only the task type the classifier made of it. */
#ifndef CC_STATE_H
#define CC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mosaic/telemetry.h"
#include "payload.h"
#include "transcript.h"

#define CC_MODELS        8   /* distinct models per task (as the task lifecycle keeps) */
#define CC_FILES         512 /* distinct touched files remembered per task */
#define CC_FILE_NAME_MAX 96  /* "<hash>/<last path component>", enough for the language */
#define CC_PENDING_GATES 32  /* Bash gates started and not yet finished */
#define CC_EXTRA_PATHS   8   /* subagent transcripts outside the usual directory */

typedef enum cc_task_status { CC_TASK_NONE = 0, CC_TASK_OPEN, CC_TASK_ENDED } cc_task_status;

typedef struct cc_model_tally {
    char name[CC_MODEL_MAX];
    uint64_t input, output, cache_write, cache_read;
} cc_model_tally;

typedef struct cc_pending_gate {
    uint64_t key; /* hash of tool_use_id (or of the command when there is none) */
    int gate;     /* mosaic_quality_gate */
} cc_pending_gate;

typedef struct cc_task {
    cc_task_status status;
    char event_id[40];        /* chosen at the start, so that a retried emit is a duplicate */
    int64_t start_ms, end_ms; /* wall clock; end_ms set by Stop/StopFailure */
    int64_t last_ms;          /* the last hook of the task */
    int64_t last_reply_ms;    /* the timestamp of its last response in the transcript */
    int outcome;              /* mosaic_outcome, once ended */
    int task_type;            /* mosaic_task_type, -1 when the classifier was unsure */
    uint8_t gates_run, gates_failed;
    cc_pending_gate pending[CC_PENDING_GATES];
    size_t n_pending;
    char files[CC_FILES][CC_FILE_NAME_MAX];
    size_t n_files;
    uint32_t compactions, precompacts_unmatched, rotations;
    cc_model_tally models[CC_MODELS];
    size_t n_models;
    uint64_t cost_micros;  /* each response priced on its own */
    uint64_t context_used; /* input + cache of the last main-thread response */
    char extra_paths[CC_EXTRA_PATHS][CC_PATH_MAX];
    size_t n_extra_paths;
} cc_task;

typedef struct cc_session {
    char transcript[CC_PATH_MAX];
    uint64_t offset;            /* of the main transcript: read up to here */
    uint64_t transcript_inode;  /* its identity then (line_reader.h); 0: unknown */
    uint64_t seen_len;          /* committed bytes of the seen file (seen.h) */
    bool saw_failure_hook;      /* PostToolUseFailure exists in this version (see hook_tools.c) */
    uint32_t pending_rotations; /* /clear before the next task */
    bool closed;                /* SessionEnd came: remove the files once nothing is left */
    bool fresh;                 /* not from a file (not saved either) */
    cc_task task;
} cc_session;

/* Clears the task (status NONE). */
void cc_task_reset(cc_task *task);

/* Parses a state file's text; false (and a fresh session) when it is not one. */
bool cc_state_parse(const char *text, size_t len, cc_session *s);
/* The state as JSON text (malloc'd), NULL when memory runs out. */
char *cc_state_format(const cc_session *s);

#endif
