/* What each Claude Code event does to the session (docs/harnesses/claude-code.md):
 *
 *   UserPromptSubmit  a task begins; a task still open was interrupted (cancelled), and an
 *                     ended one whose finisher has not run yet is finalized first
 *   Stop/StopFailure  the task ends (success, partial when a gate's last run failed, failure);
 *                     its event is finished after the grace period (hook_frame.h)
 *   PreCompact        a compaction (its compact_boundary line is then not counted again)
 *   SessionStart      source "clear": the next task starts in a fresh context (a rotation)
 *   SubagentStop      a subagent transcript outside the usual directory is noted
 *   SessionEnd        an open task was interrupted; the session's files go when nothing is left
 *   tool events       hook_tools.c
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "classify.h"
#include "hook.h"

/* The transcript as the payload names it; the task reads it from its present end. */
static void adopt_transcript(cc_session *s, const cc_payload *p)
{
    if (p->transcript_path[0])
        memcpy(s->transcript, p->transcript_path, sizeof s->transcript);
    struct stat st;
    bool there = s->transcript[0] && stat(s->transcript, &st) == 0;
    s->pos.offset = there ? (uint64_t)st.st_size : 0;
    s->pos.inode = there ? kit_file_identity((uint64_t)st.st_dev, (uint64_t)st.st_ino) : 0;
}

static void end_previous(cc_hook *h)
{
    if (cc_session_of(h)->task.status == KIT_TASK_OPEN)
        cc_cancel_task(h);
    else if (cc_session_of(h)->task.status == KIT_TASK_ENDED)
        cc_finalize_task(h);
}

static void begin_task(cc_hook *h)
{
    cc_session *s = h->session;
    const cc_payload *p = h->payload;
    end_previous(h);
    kit_task *t = &s->task;
    mosaic_task_type type =
        p->has_prompt ? mt_classify_task_type(p->prompt) : MOSAIC_TASK_TYPE_UNKNOWN;
    kit_task_begin(t, h->now_ms, type == MOSAIC_TASK_TYPE_UNKNOWN ? -1 : (int)type);
    t->rotations = s->pending_rotations;
    s->pending_rotations = 0;
    adopt_transcript(s, p);
}

static void stop(cc_hook *h, bool failed)
{
    cc_session *s = h->session;
    kit_task *t = &s->task;
    if (t->status == KIT_TASK_NONE)
        return; /* no prompt seen (hook installed mid-task), or already finished */
    cc_hook_collect(h);
    /* Gates started in Bash and never reported back. Versions without PostToolUseFailure
     * report a failed command by silence, so there such a gate failed; where the failure hook
     * exists, the command never finished (denied or interrupted) and is no gate run. */
    kit_task_settle_pending(t, !s->saw_failure_hook);
    t->status = KIT_TASK_ENDED;
    t->end_ms = t->last_ms = h->now_ms;
    t->outcome = failed            ? MOSAIC_OUTCOME_FAILURE
                 : t->gates_failed ? MOSAIC_OUTCOME_PARTIAL
                                   : MOSAIC_OUTCOME_SUCCESS;
    if (kit_finish_now(h->grace_ms))
        cc_finalize_task(h);
    else
        h->finish_later = true;
}

static void session_start(cc_hook *h)
{
    cc_session *s = h->session;
    s->closed = false;
    if (strcmp(cc_payload_of(h)->source, "clear") == 0) {
        if (s->task.status == KIT_TASK_OPEN)
            s->task.rotations++;
        else
            s->pending_rotations++;
    }
    h->sweep = true;
}

static void session_end(cc_hook *h)
{
    cc_session *s = h->session;
    if (s->task.status == KIT_TASK_OPEN)
        cc_cancel_task(h);
    s->closed = true; /* an ended task is left to its finisher, which then removes the files */
    h->remove_session = s->task.status == KIT_TASK_NONE;
}

static void pre_compact(cc_hook *h)
{
    kit_task *t = &cc_session_of(h)->task;
    if (t->status != KIT_TASK_OPEN || cc_payload_of(h)->in_subagent)
        return; /* a subagent's compaction is not the session's context */
    t->compactions++;
    t->precompacts_unmatched++;
}

/* agent_transcript_path: noted when it is not where the subagent directory scan looks. */
static void subagent_stop(cc_hook *h)
{
    cc_session *s = h->session;
    kit_task *t = &s->task;
    const char *path = cc_payload_of(h)->agent_transcript_path;
    const char *slash = strrchr(s->transcript, '/');
    if (t->status == KIT_TASK_NONE || !path[0] || !slash)
        return;
    char usual[KIT_PATH_MAX + 256];
    snprintf(usual, sizeof usual, "%.*s/%s/subagents/", (int)(slash - s->transcript), s->transcript,
             h->store.name);
    if (strncmp(path, usual, strlen(usual)) == 0)
        return;
    kit_task_add_extra_path(t, path);
}

void cc_apply_event(cc_hook *h)
{
    kit_task *t = &cc_session_of(h)->task;
    cc_event event = cc_payload_of(h)->event;
    /* Signs of the task's activity (a new prompt or the session's end are not). */
    if (t->status == KIT_TASK_OPEN && event != CC_EVENT_USER_PROMPT_SUBMIT &&
        event != CC_EVENT_SESSION_END && event != CC_EVENT_SESSION_START)
        t->last_ms = h->now_ms;
    switch (event) {
    case CC_EVENT_USER_PROMPT_SUBMIT: begin_task(h); break;
    case CC_EVENT_STOP: stop(h, false); break;
    case CC_EVENT_STOP_FAILURE: stop(h, true); break;
    case CC_EVENT_SESSION_START: session_start(h); break;
    case CC_EVENT_SESSION_END: session_end(h); break;
    case CC_EVENT_PRE_COMPACT: pre_compact(h); break;
    case CC_EVENT_SUBAGENT_STOP: subagent_stop(h); break;
    case CC_EVENT_PRE_TOOL_USE:
    case CC_EVENT_POST_TOOL_USE:
    case CC_EVENT_POST_TOOL_USE_FAILURE: cc_apply_tool_event(h); break;
    default: break;
    }
}
