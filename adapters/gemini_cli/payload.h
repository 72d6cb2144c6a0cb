/* One Gemini CLI hook payload (the JSON object on the hook's stdin), reduced to the fields the
 * adapter uses (docs/harnesses/gemini-cli.md, "What the hooks receive"). A field missing is
 * empty. */
#ifndef GM_PAYLOAD_H
#define GM_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "payload_head.h"

/* The classifiers read the first 64 KiB of a prompt or command. */
#define GM_TEXT_MAX (64 * 1024)
#define GM_PATH_MAX 4096
#define GM_ID_MAX   128
#define GM_WORD_MAX 64

typedef enum gm_event {
    GM_EVENT_UNKNOWN = KIT_EVENT_UNKNOWN, /* a name this adapter does not know */
    GM_EVENT_IGNORED = KIT_EVENT_IGNORED, /* a known event the adapter has no use for */
    GM_EVENT_SESSION_START,
    GM_EVENT_BEFORE_AGENT,
    GM_EVENT_AFTER_TOOL,
    GM_EVENT_AFTER_AGENT,
    GM_EVENT_SESSION_END,
} gm_event;

typedef struct gm_payload {
    /* event: a gm_event; transcript_path: the chat file, "" when recording is off */
    kit_payload_head head;
    char tool_name[GM_WORD_MAX];
    char file_path[GM_PATH_MAX]; /* tool_input.file_path of write_file and replace */
    bool has_prompt, has_command;
    bool tool_failed; /* tool_response names an error, or its llmContent a non-zero exit */
    char prompt[GM_TEXT_MAX + 1];  /* BeforeAgent; classified, never stored */
    char command[GM_TEXT_MAX + 1]; /* tool_input.command of run_shell_command */
} gm_payload;

/* Parses text[0..len) into payload (a gm_payload: void * so that it is the hook frame's parse as
 * it is). False, with the reason in err, when it is not a JSON object. */
bool gm_payload_parse(const char *text, size_t len, void *payload, char *err, size_t errlen);

#endif
