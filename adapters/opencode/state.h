/* An OpenCode session as the hook remembers it between invocations: the task in progress (opened
 * by the plugin's begin) and the user's message that began the last task reported, so that a
 * begin arriving after its own end (two detached processes racing) is not taken for a new task.
 * One JSON file per session in the state directory (the kit's session store). */
#ifndef OC_STATE_H
#define OC_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "payload.h"
#include "task_record.h"

typedef struct oc_session {
    char message_id[OC_ID_MAX];      /* the open task's user message */
    char last_message_id[OC_ID_MAX]; /* the last task's, once reported */
    kit_task task;
} oc_session;

/* The state from its file's text into session; false: not one. session is a oc_session here
 * and below, taken as void * so that these two are the hook frame's parts as they are. */
bool oc_state_parse(const char *text, size_t len, void *session);
/* The state as JSON text (malloc'd), NULL when memory runs out. */
char *oc_state_format(const void *session);

#endif
