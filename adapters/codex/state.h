/* A Codex session as the hook remembers it between invocations: where its rollout was read to,
 * the model and running token total the rollout last showed, and the task in progress. One JSON
 * file per session in the state directory (the kit's session store). */
#ifndef CX_STATE_H
#define CX_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "payload.h"
#include "rollout.h"
#include "task_record.h"

typedef struct cx_session {
    char rollout[CX_PATH_MAX];
    kit_file_pos pos;         /* of the rollout: read up to here */
    uint64_t seen_len;        /* committed bytes of the seen file (seen_set.h) */
    char model[CX_MODEL_MAX]; /* the model of the turn, from turn_context or the payload */
    cx_tokens total;          /* the thread's total_token_usage as last read */
    bool has_records;         /* the rollout writes token_usage_record lines: totals are not used */
    bool stopped;             /* Stop came for the task */
    bool turn_failed;         /* the rollout ended the task's turn with an error */
    bool closed;              /* SessionEnd came: remove the files once nothing is left */
    kit_task task;
} cx_session;

/* The state from its file's text into session; false: not one. session is a cx_session here
 * and below, taken as void * so that these two are the hook frame's parts as they are. */
bool cx_state_parse(const char *text, size_t len, void *session);
/* The state as JSON text (malloc'd), NULL when memory runs out. */
char *cx_state_format(const void *session);

#endif
