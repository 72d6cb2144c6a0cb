/* A Cursor conversation as the hook remembers it between invocations: the model the payloads
 * last named and the task in progress. One JSON file per conversation in the state directory
 * (the kit's session store). */
#ifndef CU_STATE_H
#define CU_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "payload.h"
#include "task_record.h"

typedef struct cu_session {
    char model[CU_MODEL_MAX]; /* "" when unknown (Auto's "default") */
    kit_task task;
} cu_session;

/* The state from its file's text into session; false: not one. session is a cu_session here
 * and below, taken as void * so that these two are the hook frame's parts as they are. */
bool cu_state_parse(const char *text, size_t len, void *session);
/* The state as JSON text (malloc'd), NULL when memory runs out. */
char *cu_state_format(const void *session);

#endif
