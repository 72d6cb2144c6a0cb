/* What the OpenCode plugin (mosaic-telemetry.js) hands `hook opencode` on stdin: a task's begin,
 * or the whole task at its end (docs/harnesses/opencode.md, "What the plugin sends"). The figures
 * are OpenCode's as it counts them; the token rule is applied in task.c. */
#ifndef OC_PAYLOAD_H
#define OC_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "payload_head.h"

#define OC_TEXT_MAX  (64 * 1024) /* the classifiers read the first 64 KiB */
#define OC_ID_MAX    128
#define OC_WORD_MAX  64
#define OC_MODEL_MAX 128

/* The plugin sends nothing of no use: no number for an ignored event. */
typedef enum oc_event {
    OC_EVENT_UNKNOWN = KIT_EVENT_UNKNOWN,
    OC_EVENT_BEGIN = KIT_EVENT_IGNORED + 1,
    OC_EVENT_END,
} oc_event;

/* One assistant message, as OpenCode last reported it. */
typedef struct oc_response {
    char model[OC_MODEL_MAX];
    char provider[OC_WORD_MAX];
    bool subagent;
    uint64_t input, output, reasoning, cache_read, cache_write;
    uint64_t cost_micros;
    int64_t completed_ms;
    char error[OC_WORD_MAX]; /* the message's error name, "" when none */
} oc_response;

/* A tool call that finished: a shell command and its exit status, or a file an edit touched. */
typedef struct oc_tool {
    bool is_bash;
    bool has_exit; /* false: the command never exited (killed, timed out) */
    int exit;
    const char *command; /* bash: into the payload's tree, valid while the payload lives */
    const char *file;    /* edit, write, apply_patch */
} oc_tool;

typedef struct oc_payload {
    kit_payload_head head;      /* event: an oc_event; no transcript path */
    char message_id[OC_ID_MAX]; /* the user's message that began the task */
    int64_t start_ms, end_ms;   /* begin: start_ms is time_ms */
    char model[OC_MODEL_MAX];   /* begin: the model the user's message asks for */
    char provider[OC_WORD_MAX];
    char error[OC_WORD_MAX]; /* end: session.error's name, "" when none */
    uint32_t compactions;
    oc_response *responses; /* end */
    size_t n_responses;
    oc_tool *tools; /* end */
    size_t n_tools;
    void *tree;                   /* the parsed JSON the strings above point into */
    char prompt[OC_TEXT_MAX + 1]; /* begin; classified, never stored (last: not cleared) */
} oc_payload;

/* Parses text[0..len) into payload (an oc_payload: void * here and below so that these are the
 * hook frame's parse and release as they are). False, with the reason in err, when it is not a
 * JSON object. */
bool oc_payload_parse(const char *text, size_t len, void *payload, char *err, size_t errlen);
/* Releases what parsing allocated (the frame's payload struct itself is the frame's). */
void oc_payload_release(void *payload);

#endif
