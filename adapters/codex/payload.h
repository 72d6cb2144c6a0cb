/* One Codex hook payload (the JSON object on the hook's stdin), reduced to the fields the adapter
 * uses (docs/harnesses/codex.md, "What the hooks receive"). A field missing is empty. */
#ifndef CX_PAYLOAD_H
#define CX_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "payload_head.h"

/* The classifiers read the first 64 KiB of a prompt or command; a patch's headers are in it. */
#define CX_TEXT_MAX  (64 * 1024)
#define CX_PATH_MAX  4096
#define CX_ID_MAX    128
#define CX_WORD_MAX  64
#define CX_MODEL_MAX 128

typedef enum cx_event {
    CX_EVENT_UNKNOWN = KIT_EVENT_UNKNOWN, /* a name this adapter does not know */
    CX_EVENT_IGNORED = KIT_EVENT_IGNORED, /* a known event the adapter has no use for */
    CX_EVENT_SESSION_START,
    CX_EVENT_USER_PROMPT_SUBMIT,
    CX_EVENT_PRE_TOOL_USE,
    CX_EVENT_POST_TOOL_USE,
    CX_EVENT_POST_COMPACT,
    CX_EVENT_SUBAGENT_START,
    CX_EVENT_SUBAGENT_STOP,
    CX_EVENT_STOP,
    CX_EVENT_SESSION_END,
} cx_event;

typedef struct cx_payload {
    /* event: a cx_event; transcript_path: the rollout, "" under --ephemeral */
    kit_payload_head head;
    char agent_transcript_path[CX_PATH_MAX];
    char model[CX_MODEL_MAX];
    char tool_name[CX_WORD_MAX];
    char tool_use_id[CX_ID_MAX];
    bool in_subagent; /* agent_id present: the hook fired inside a subagent */
    bool has_prompt, has_command;
    char prompt[CX_TEXT_MAX + 1];  /* UserPromptSubmit; classified, never stored */
    char command[CX_TEXT_MAX + 1]; /* tool_input.command: a shell command, or a patch */
} cx_payload;

/* Parses text[0..len) into payload (a cx_payload: void * so that it is the hook frame's parse as
 * it is). False, with the reason in err, when it is not a JSON object. */
bool cx_payload_parse(const char *text, size_t len, void *payload, char *err, size_t errlen);

#endif
