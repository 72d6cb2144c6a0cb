/* One Claude Code hook payload (the JSON object on the hook's stdin), reduced to the fields the
 * adapter uses (docs/harnesses/claude-code.md). Fields of newer versions may be absent: each is
 * then empty / false. */
#ifndef CC_PAYLOAD_H
#define CC_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "payload_head.h"

/* The classifiers read the first 64 KiB of a prompt or command; more is never needed. */
#define CC_TEXT_MAX (64 * 1024)
#define CC_PATH_MAX 4096
#define CC_ID_MAX   128
#define CC_WORD_MAX 64

typedef enum cc_event {
    CC_EVENT_UNKNOWN = KIT_EVENT_UNKNOWN, /* a name this adapter does not know */
    CC_EVENT_IGNORED = KIT_EVENT_IGNORED, /* a known event the adapter has no use for */
    CC_EVENT_SESSION_START,
    CC_EVENT_USER_PROMPT_SUBMIT,
    CC_EVENT_PRE_TOOL_USE,
    CC_EVENT_POST_TOOL_USE,
    CC_EVENT_POST_TOOL_USE_FAILURE,
    CC_EVENT_PRE_COMPACT, /* counted no more (2.1.105+ hooks can block a compaction) */
    CC_EVENT_POST_COMPACT,
    CC_EVENT_STOP,
    CC_EVENT_STOP_FAILURE,
    CC_EVENT_SUBAGENT_STOP,
    CC_EVENT_SESSION_END,
} cc_event;

typedef struct cc_payload {
    kit_payload_head head;                   /* event: a cc_event */
    char agent_transcript_path[CC_PATH_MAX]; /* SubagentStop */
    bool in_subagent;                        /* agent_id present: a hook fired inside a subagent */
    char source[CC_WORD_MAX];                /* SessionStart: startup, resume, clear, compact */
    char tool_name[CC_WORD_MAX];
    char tool_use_id[CC_ID_MAX];
    char file_path[CC_PATH_MAX]; /* tool_input.file_path (or notebook_path) */
    char error[CC_WORD_MAX];     /* the start of `error` (PostToolUseFailure, StopFailure) */
    bool is_interrupt;           /* PostToolUseFailure */
    bool stop_hook_active;       /* Stop: a continuation forced by a Stop hook */
    bool background_running;     /* Stop: background_tasks lists work still running */
    char model[CC_WORD_MAX * 2]; /* SessionStart (newer versions): the session's model */
    bool has_prompt, has_command;
    bool task_notification;        /* the prompt is Claude Code's own <task-notification> */
    char prompt[CC_TEXT_MAX + 1];  /* UserPromptSubmit; classified, never stored */
    char command[CC_TEXT_MAX + 1]; /* tool_input.command (Bash) */
} cc_payload;

/* Parses text[0..len) into p (which it clears first). False, with the reason in err, when the
 * text is not a JSON object. Unknown members are skipped; members of the wrong type are left
 * empty. */
bool cc_payload_parse(const char *text, size_t len, cc_payload *p, char *err, size_t errlen);

#endif
