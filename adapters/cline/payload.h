/* One Cline hook payload (the JSON object on the hook file's stdin), reduced to the fields the
 * adapter uses (docs/harnesses/cline.md, "What the hooks receive"). A field missing is empty. */
#ifndef CL_PAYLOAD_H
#define CL_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "payload_head.h"

#define CL_TEXT_MAX    (64 * 1024) /* the classifiers read the first 64 KiB */
#define CL_COMMAND_MAX 4096
#define CL_COMMANDS    16 /* commands of one run_commands call looked at */
#define CL_ID_MAX      128
#define CL_WORD_MAX    64

typedef enum cl_event {
    CL_EVENT_UNKNOWN = KIT_EVENT_UNKNOWN, /* a hookName this adapter does not know */
    CL_EVENT_IGNORED = KIT_EVENT_IGNORED, /* a known event the adapter has no use for */
    CL_EVENT_TASK_START,
    CL_EVENT_TASK_RESUME,
    CL_EVENT_USER_PROMPT_SUBMIT,
    CL_EVENT_POST_TOOL_USE,
    CL_EVENT_TASK_COMPLETE,
    CL_EVENT_TASK_ERROR,
    CL_EVENT_TASK_CANCEL,
    CL_EVENT_SESSION_SHUTDOWN,
} cl_event;

/* One command of run_commands and whether it succeeded (its own `success`, not the tool's). */
typedef struct cl_command {
    char text[CL_COMMAND_MAX];
    bool passed;
} cl_command;

typedef struct cl_payload {
    /* event: a cl_event; event_name: hookName (agent_start, tool_result, ...); session_id:
     * sessionContext.rootSessionId, the sessions directory's name; no transcript path */
    kit_payload_head head;
    bool in_subagent; /* parent_agent_id is set: a spawned agent's hook */
    char tool_name[CL_WORD_MAX];
    char tool_id[CL_ID_MAX];
    char path[4096]; /* editor's input.path: the file it wrote */
    cl_command commands[CL_COMMANDS];
    size_t n_commands;
    bool has_prompt;
    char prompt[CL_TEXT_MAX + 1]; /* UserPromptSubmit; classified, never stored */
    char patch[CL_TEXT_MAX + 1];  /* apply_patch's input */
} cl_payload;

/* Parses text[0..len) into payload (a cl_payload: void * so that it is the hook frame's parse as
 * it is). False, with the reason in err, when it is not a JSON object. */
bool cl_payload_parse(const char *text, size_t len, void *payload, char *err, size_t errlen);

#endif
