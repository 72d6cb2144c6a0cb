/* A Copilot CLI session as the hook remembers it between invocations: where its events.jsonl was
 * read to, the model it last showed, and the task in progress. One JSON file per session in the
 * state directory (the kit's session store). */
#ifndef CP_STATE_H
#define CP_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "payload.h"
#include "session_log.h"
#include "task_record.h"

typedef struct cp_session {
    char log[CP_PATH_MAX];
    kit_file_pos pos;         /* of the log: read up to here */
    uint64_t seen_len;        /* committed bytes of the seen file (seen_set.h) */
    char model[CP_MODEL_MAX]; /* the session's selected model, for a task without requests */
    bool stopped;             /* agentStop came for the task */
    bool failed;              /* errorOccurred came during the task */
    bool closed;              /* sessionEnd came: remove the files once nothing is left */
    kit_task task;
} cp_session;

/* The state from its file's text into session; false: not one. session is a cp_session here
 * and below, taken as void * so that these two are the hook frame's parts as they are. */
bool cp_state_parse(const char *text, size_t len, void *session);
/* The state as JSON text (malloc'd), NULL when memory runs out. */
char *cp_state_format(const void *session);

#endif
