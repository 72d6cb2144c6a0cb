/* One Cursor hook payload (the JSON object on the hook's stdin), reduced to the fields the adapter
 * uses (docs/harnesses/cursor.md, "What the hooks receive"). A field missing is empty. */
#ifndef CU_PAYLOAD_H
#define CU_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "payload_head.h"

#define CU_TEXT_MAX  (64 * 1024) /* the classifiers read the first 64 KiB */
#define CU_PATH_MAX  4096
#define CU_ID_MAX    128
#define CU_WORD_MAX  64
#define CU_MODEL_MAX 128

typedef enum cu_event {
    CU_EVENT_UNKNOWN = KIT_EVENT_UNKNOWN, /* a name this adapter does not know */
    CU_EVENT_IGNORED = KIT_EVENT_IGNORED, /* a known event the adapter has no use for */
    CU_EVENT_BEFORE_SUBMIT_PROMPT,
    CU_EVENT_STOP,
    CU_EVENT_PRE_COMPACT,
    CU_EVENT_AFTER_SHELL_EXECUTION,
    CU_EVENT_POST_TOOL_USE_FAILURE,
    CU_EVENT_AFTER_FILE_EDIT,
    CU_EVENT_SESSION_END,
} cu_event;

typedef struct cu_payload {
    kit_payload_head head;       /* event: a cu_event; session_id: conversation_id; no transcript */
    char model[CU_MODEL_MAX];    /* "default" under Auto */
    char status[CU_WORD_MAX];    /* stop: completed, aborted, error */
    char file_path[CU_PATH_MAX]; /* afterFileEdit */
    bool has_tokens;             /* stop carried token counts */
    uint64_t input_tokens, output_tokens, cache_read_tokens, cache_write_tokens;
    bool has_prompt, has_command;
    char prompt[CU_TEXT_MAX + 1];  /* beforeSubmitPrompt; classified, never stored */
    char command[CU_TEXT_MAX + 1]; /* afterShellExecution, or postToolUseFailure's tool_input */
} cu_payload;

/* Parses text[0..len) into payload (a cu_payload: void * so that it is the hook frame's parse as
 * it is). False, with the reason in err, when it is not a JSON object. */
bool cu_payload_parse(const char *text, size_t len, void *payload, char *err, size_t errlen);

#endif
