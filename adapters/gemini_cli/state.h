/* A Gemini CLI session as the hook remembers it between invocations: its chat file and how far
 * it was read, and the task in progress. One JSON file per session in the state directory (the
 * kit's session store). */
#ifndef GM_STATE_H
#define GM_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chat.h"
#include "payload.h"
#include "task_record.h"

typedef struct gm_session {
    char chat[GM_PATH_MAX];
    kit_file_pos pos;  /* of the chat file: read up to here */
    uint64_t seen_len; /* committed bytes of the seen file (seen_set.h) */
    bool stopped;      /* AfterAgent came for the task */
    bool at_exit;      /* SessionEnd ended the task without AfterAgent */
    bool closed;       /* SessionEnd came: remove the files once nothing is left */
    kit_task task;
} gm_session;

/* The state from its file's text into session; false: not one. session is a gm_session here
 * and below, taken as void * so that these two are the hook frame's parts as they are. */
bool gm_state_parse(const char *text, size_t len, void *session);
/* The state as JSON text (malloc'd), NULL when memory runs out. */
char *gm_state_format(const void *session);

#endif
