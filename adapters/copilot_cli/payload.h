/* One Copilot CLI hook payload (the JSON object on the hook's stdin), reduced to the fields the
 * adapter uses (docs/harnesses/copilot-cli.md, "What the hooks receive"). A field missing is
 * empty. The camelCase payloads do not name their event: it is told from the fields (payload.c). */
#ifndef CP_PAYLOAD_H
#define CP_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "payload_head.h"

/* The classifiers read the first 64 KiB of a prompt. */
#define CP_TEXT_MAX  (64 * 1024)
#define CP_PATH_MAX  4096
#define CP_ID_MAX    128
#define CP_WORD_MAX  64
#define CP_MODEL_MAX 128

typedef enum cp_event {
    CP_EVENT_UNKNOWN = KIT_EVENT_UNKNOWN, /* no field says which event this is */
    CP_EVENT_IGNORED = KIT_EVENT_IGNORED, /* a known event the adapter has no use for */
    CP_EVENT_SESSION_START,
    CP_EVENT_USER_PROMPT_SUBMITTED,
    CP_EVENT_PRE_TOOL_USE,
    CP_EVENT_POST_TOOL_USE,
    CP_EVENT_POST_TOOL_USE_FAILURE,
    CP_EVENT_PRE_COMPACT,
    CP_EVENT_ERROR_OCCURRED,
    CP_EVENT_AGENT_STOP,
    CP_EVENT_SESSION_END,
} cp_event;

typedef struct cp_payload {
    /* event: a cp_event; event_name: hookName, else the name of the event told; session_id:
     * sessionId, inside a subagent its parent's (parentAgentId); transcript_path:
     * transcriptPath, the session's events.jsonl (agentStop) */
    kit_payload_head head;
    bool in_subagent; /* the hook fired inside a subagent (agentId is sessionId) */
    char tool_name[CP_WORD_MAX];
    char tool_path[CP_PATH_MAX]; /* toolArgs.path: the file of edit and create */
    char reason[CP_WORD_MAX];    /* sessionEnd: complete, error, abort, timeout, user_exit */
    bool has_prompt;
    char prompt[CP_TEXT_MAX + 1]; /* userPromptSubmitted; classified, never stored */
} cp_payload;

/* Parses text[0..len) into payload (a cp_payload: void * so that it is the hook frame's parse as
 * it is). False, with the reason in err, when it is not a JSON object. */
bool cp_payload_parse(const char *text, size_t len, void *payload, char *err, size_t errlen);

#endif
