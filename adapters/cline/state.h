/* A Cline session as the hook remembers it between invocations: the model its manifest names,
 * how the task in progress is going, and the task. One JSON file per session in the state
 * directory (the kit's session store). */
#ifndef CL_STATE_H
#define CL_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "payload.h"
#include "task_record.h"

typedef struct cl_session {
    char id[CL_ID_MAX];        /* the session's id: where its files are (finisher and sweep) */
    uint64_t seen_len;         /* committed bytes of the seen file (seen_set.h) */
    char model[KIT_MODEL_MAX]; /* the manifest's model, for a task without responses */
    bool completed;            /* TaskComplete came for the task */
    bool failed;               /* TaskError came for the task */
    bool closed;               /* SessionShutdown came: remove the files once nothing is left */
    kit_task task;
} cl_session;

/* The state from its file's text into session; false: not one. session is a cl_session here
 * and below, taken as void * so that these two are the hook frame's parts as they are. */
bool cl_state_parse(const char *text, size_t len, void *session);
/* The state as JSON text (malloc'd), NULL when memory runs out. */
char *cl_state_format(const void *session);

#endif
