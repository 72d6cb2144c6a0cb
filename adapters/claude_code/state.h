/* A Claude Code session as the hook remembers it between invocations: where its transcript was
 * read to, and the task in progress (what the hooks and the transcript reported so far). One
 * JSON file per session in the state directory, rewritten atomically under the session's lock.
 * The prompt is never part of it: only the task type the classifier made of it. */
#ifndef CC_STATE_H
#define CC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "payload.h"
#include "task_record.h"
#include "transcript.h"

typedef struct cc_session {
    char transcript[CC_PATH_MAX];
    kit_file_pos pos;           /* of the main transcript: read up to here (line_reader.h) */
    uint64_t seen_len;          /* committed bytes of the seen file (seen_set.h) */
    bool saw_failure_hook;      /* PostToolUseFailure exists in this version (see hook_tools.c) */
    uint32_t pending_rotations; /* /clear before the next task */
    bool closed;                /* SessionEnd came: remove the files once nothing is left */
    /* The model of a task without responses: the last request's (api-request lines), else
     * SessionStart's. */
    char fallback_model[KIT_MODEL_MAX];
    /* The last response counted: a later line of it with larger usage adds the difference
     * (placeholder usage of versions before 2.1.98). */
    uint64_t last_pair;
    mt_usage last_usage;
    /* The main transcript's last assistant line was one Claude Code made up for a failed
     * request (isApiErrorMessage, "<synthetic>"), at this time: a task left open ended so. */
    bool trailing_api_error;
    int64_t api_error_ms;
    /* Stop came while background work (a background Agent) ran: the task stays open until the
     * <task-notification> turn Claude Code starts when it is done ends (hook_events.c). */
    bool awaiting_background;
    int64_t stop_ms;
    /* The task's compactions as PostCompact hooks and compact_boundary lines report them:
     * each compaction gives one of each when both are there, so the task has the larger. */
    uint32_t post_compacts, boundaries;
    /* Usage no transcript line records (a compaction's request), recovered from cost-state
     * lines (cost_recovery.c): the last such line read, and what was counted since. */
    bool cost_base_known;
    cc_cost_state cost_base, counted;
    kit_task task;
} cc_session;

/* The task's compactions: the larger of the two reports (see post_compacts). */
static inline void cc_sync_compactions(cc_session *s)
{
    s->task.compactions = s->post_compacts > s->boundaries ? s->post_compacts : s->boundaries;
}

/* Parses a state file's text; false (and a fresh session) when it is not one. session is a
 * cc_session here and below, taken as void * so that these two are the hook frame's parts as
 * they are. */
bool cc_state_parse(const char *text, size_t len, void *session);
/* The state as JSON text (malloc'd), NULL when memory runs out. */
char *cc_state_format(const void *session);

#endif
