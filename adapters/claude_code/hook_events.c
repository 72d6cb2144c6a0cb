/* What each Claude Code event does to the session (docs/harnesses/claude-code.md):
 *
 *   UserPromptSubmit  a task begins; a task still open was interrupted (cancelled), and an
 *                     ended one whose finisher has not run yet is finalized first. Claude Code's
 *                     own <task-notification> turn (background work done) is no new task: it
 *                     folds into the task that started the work
 *   Stop              the task ends (success, partial when a gate's last run failed); its event
 *                     is finished after the grace period (hook_frame.h). With background work
 *                     still running (background_tasks) the task stays open instead
 *   StopFailure       the task failed: saved as ended before anything else, since Claude Code
 *                     in -p mode kills hooks still running while it exits
 *   PostCompact       a compaction (compact_boundary lines report the same ones)
 *   SessionStart      source "clear": the next task starts in a fresh context (a rotation)
 *   SubagentStop      a subagent transcript outside the usual directory is noted
 *   SessionEnd        an open task was interrupted, an ended one is finished at once; the
 *                     session's files go when nothing is left
 *   tool events       hook_tools.c
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "classify.h"
#include "cost_recovery.h"
#include "hook.h"

/* How long a task may wait for its background work after Stop: the next hook of the session
 * past this ends it as it stood at Stop. */
#define BACKGROUND_MAX_MS (30LL * 60 * 1000)

/* The transcript as the payload names it; the task reads it from its present end. */
static void adopt_transcript(cc_session *s, const cc_payload *p)
{
    if (p->head.transcript_path[0])
        memcpy(s->transcript, p->head.transcript_path, sizeof s->transcript);
    struct stat st;
    bool there = s->transcript[0] && stat(s->transcript, &st) == 0;
    s->pos.offset = there ? (uint64_t)st.st_size : 0;
    s->pos.inode = there ? kit_file_identity((uint64_t)st.st_dev, (uint64_t)st.st_ino) : 0;
    if (!s->cost_base_known)
        cc_cost_find_base(s);
}

/* The task before this one: still open, it was interrupted (cancelled; unless only its
 * background work was left), ended, its finisher has not run yet. */
static void end_previous(cc_hook *h)
{
    if (cc_session_of(h)->task.status == KIT_TASK_OPEN)
        cc_cancel_task(h);
    else if (cc_session_of(h)->task.status == KIT_TASK_ENDED)
        cc_finalize_task(h);
}

/* Claude Code's <task-notification> turn: the background work of the task is done, and the
 * turn belongs to it. A task already ended is opened again; when its event was made already
 * (the work outlived BACKGROUND_MAX_MS) the turn is no task of its own. */
static void fold_notification(cc_hook *h)
{
    cc_session *s = h->session;
    kit_task *t = &s->task;
    s->awaiting_background = false;
    if (t->status == KIT_TASK_ENDED && t->outcome != MOSAIC_OUTCOME_FAILURE)
        t->status = KIT_TASK_OPEN;
    if (t->status == KIT_TASK_OPEN)
        t->last_ms = h->now_ms;
}

static void begin_task(cc_hook *h)
{
    cc_session *s = h->session;
    const cc_payload *p = h->payload;
    if (p->task_notification) {
        fold_notification(h);
        return;
    }
    end_previous(h);
    kit_task *t = &s->task;
    mosaic_task_type type =
        p->has_prompt ? mt_classify_task_type(p->prompt) : MOSAIC_TASK_TYPE_UNKNOWN;
    kit_task_begin(t, h->now_ms, type == MOSAIC_TASK_TYPE_UNKNOWN ? -1 : (int)type);
    t->rotations = s->pending_rotations;
    s->pending_rotations = 0;
    s->awaiting_background = s->trailing_api_error = false;
    s->post_compacts = s->boundaries = 0;
    adopt_transcript(s, p);
}

/* The task's end as Stop or StopFailure says it. */
static void mark_ended(cc_hook *h, bool failed)
{
    cc_session *s = h->session;
    kit_task *t = &s->task;
    /* Gates started and never reported back. Versions without PostToolUseFailure report a
     * failed command by silence, so there such a gate failed; where the failure hook exists,
     * the command never finished (denied or interrupted) and is no gate run. */
    kit_task_settle_pending(t, !s->saw_failure_hook);
    s->awaiting_background = false;
    t->status = KIT_TASK_ENDED;
    t->end_ms = t->last_ms = h->now_ms;
    t->outcome = failed            ? MOSAIC_OUTCOME_FAILURE
                 : t->gates_failed ? MOSAIC_OUTCOME_PARTIAL
                                   : MOSAIC_OUTCOME_SUCCESS;
}

static void stop(cc_hook *h, bool failed)
{
    cc_session *s = h->session;
    kit_task *t = &s->task;
    if (t->status == KIT_TASK_NONE)
        return; /* no prompt seen (hook installed mid-task), or already finished */
    if (failed) {
        /* Claude Code may kill this process any moment from now: the failure is kept first,
         * and whatever hook comes next (SessionEnd) finishes the task at once. */
        mark_ended(h, true);
        kit_frame_save(h);
    }
    cc_hook_collect(h);
    if (!failed && cc_payload_of(h)->background_running) {
        s->awaiting_background = true; /* the <task-notification> turn ends it */
        s->stop_ms = h->now_ms;
        return;
    }
    if (!failed)
        mark_ended(h, false);
    if (kit_finish_now(h->grace_ms))
        cc_finalize_task(h);
    else
        h->finish_later = true;
}

static void session_start(cc_hook *h)
{
    cc_session *s = h->session;
    s->closed = false;
    if (cc_payload_of(h)->model[0])
        snprintf(s->fallback_model, sizeof s->fallback_model, "%s", cc_payload_of(h)->model);
    if (strcmp(cc_payload_of(h)->source, "clear") == 0) {
        if (s->task.status == KIT_TASK_OPEN)
            s->task.rotations++;
        else
            s->pending_rotations++;
    }
    h->sweep = true;
}

/* The session ends: nothing more will come, so a task still there is finished now (in -p mode a
 * finisher started by Stop may not outlive Claude Code's exit), and its files then go. */
static void session_end(cc_hook *h)
{
    cc_session *s = h->session;
    if (s->task.status == KIT_TASK_OPEN)
        cc_end_unstopped(h);
    if (s->task.status == KIT_TASK_ENDED && kit_finish_now(0))
        cc_finalize_task(h);
    else if (s->task.status == KIT_TASK_ENDED)
        h->finish_later = true; /* its logs outgrew the foreground read (hook_frame.h) */
    s->closed = true;
    h->remove_session = s->task.status == KIT_TASK_NONE;
}

/* PreCompact is not counted: since 2.1.105 a hook can block the compaction it announces. */
static void post_compact(cc_hook *h)
{
    cc_session *s = h->session;
    if (s->task.status == KIT_TASK_NONE || cc_payload_of(h)->in_subagent)
        return; /* a subagent's compaction is not the session's context */
    if (s->post_compacts < UINT32_MAX)
        s->post_compacts++;
    cc_sync_compactions(s);
}

/* Before the event: a task that cannot gain anything more is finished first. A failed one (its
 * StopFailure process may have been killed before starting a finisher), and one that waited for
 * its background work longer than BACKGROUND_MAX_MS. */
static void settle_before(cc_hook *h)
{
    cc_session *s = h->session;
    kit_task *t = &s->task;
    cc_event event = cc_payload_of(h)->head.event;
    if (t->status == KIT_TASK_ENDED && t->outcome == MOSAIC_OUTCOME_FAILURE &&
        event != CC_EVENT_STOP_FAILURE)
        cc_finalize_task(h);
    else if (t->status == KIT_TASK_OPEN && s->awaiting_background &&
             h->now_ms - s->stop_ms > BACKGROUND_MAX_MS)
        cc_cancel_task(h); /* ends it as it stood at Stop (cc_end_unstopped) */
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
    cc_event event = cc_payload_of(h)->head.event;
    settle_before(h);
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
    case CC_EVENT_POST_COMPACT: post_compact(h); break;
    case CC_EVENT_SUBAGENT_STOP: subagent_stop(h); break;
    case CC_EVENT_PRE_TOOL_USE:
    case CC_EVENT_POST_TOOL_USE:
    case CC_EVENT_POST_TOOL_USE_FAILURE: cc_apply_tool_event(h); break;
    default: break;
    }
}
