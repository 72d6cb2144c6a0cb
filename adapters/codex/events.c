/* What each Codex event does to the session (docs/harnesses/codex.md, "Tasks and outcomes"):
 *
 *   UserPromptSubmit  a task begins (the prompt classified, then forgotten); a task still open
 *                     never reached Stop and ends first, an ended one not yet finished is
 *                     finalized first
 *   Stop              the task ends: success, or partial when a gate's last run failed; its
 *                     event is finished after the grace period (hook_frame.h)
 *   SessionEnd        an open task ends without Stop: failure when the rollout says its turn
 *                     ended in an error, cancelled otherwise (decided after the grace period)
 *   PostCompact       a compaction (the rollout's compacted line is then not counted again)
 *   SubagentStart/Stop  the subagent's rollout is read with the task's; inside a subagent
 *                     Codex fires UserPromptSubmit (and may fire the other lifecycle events)
 *                     with the parent's session_id and an agent_id: those neither begin nor end
 *                     a task, the subagent's work is the parent task's
 *   SessionStart      the sweep of forgotten sessions
 *   tool events       tools.c
 */
#include <string.h>

#include "classify.h"
#include "hook.h"

/* The rollout the payload names; what it held before the task is read for the session's
 * running state only (model, token total), never counted. */
static void adopt_rollout(cx_hook *h)
{
    cx_session *s = h->session;
    const char *path = cx_payload_of(h)->head.transcript_path;
    if (path[0] && strcmp(path, s->rollout) != 0) {
        memcpy(s->rollout, path, sizeof s->rollout);
        s->pos = (kit_file_pos){0, 0};
        memset(&s->total, 0, sizeof s->total);
    }
    cx_hook_collect(h, false);
}

static void begin_task(cx_hook *h)
{
    cx_session *s = h->session;
    const cx_payload *p = h->payload;
    if (s->task.status == KIT_TASK_OPEN)
        cx_end_unstopped(h);
    if (s->task.status == KIT_TASK_ENDED)
        cx_finalize_task(h);
    adopt_rollout(h);
    mosaic_task_type type =
        p->has_prompt ? mt_classify_task_type(p->prompt) : MOSAIC_TASK_TYPE_UNKNOWN;
    kit_task_begin(&s->task, h->now_ms, type == MOSAIC_TASK_TYPE_UNKNOWN ? -1 : (int)type);
    s->stopped = s->turn_failed = false;
    if (p->model[0])
        memcpy(s->model, p->model, sizeof s->model);
}

static void stop(cx_hook *h)
{
    cx_session *s = h->session;
    kit_task *t = &s->task;
    if (t->status != KIT_TASK_OPEN)
        return; /* no prompt seen (hooks installed mid-task), or already ended */
    cx_hook_collect(h, true);
    s->stopped = true;
    t->status = KIT_TASK_ENDED;
    t->end_ms = t->last_ms = h->now_ms;
    if (kit_finish_now(h->grace_ms))
        cx_finalize_task(h);
    else
        h->finish_later = true;
}

static void session_end(cx_hook *h)
{
    cx_session *s = h->session;
    if (s->task.status == KIT_TASK_OPEN) {
        cx_end_unstopped(h);
        if (kit_finish_now(h->grace_ms))
            cx_finalize_task(h);
        else
            h->finish_later = true;
    }
    s->closed = true; /* an ended task is left to its finisher, which then removes the files */
    h->remove_session = s->task.status == KIT_TASK_NONE;
}

void cx_apply_event(cx_hook *h)
{
    cx_session *s = h->session;
    kit_task *t = &s->task;
    cx_event event = cx_payload_of(h)->head.event;
    if (t->status == KIT_TASK_OPEN && event != CX_EVENT_USER_PROMPT_SUBMIT &&
        event != CX_EVENT_SESSION_END && event != CX_EVENT_SESSION_START)
        t->last_ms = h->now_ms;
    bool lifecycle = event == CX_EVENT_USER_PROMPT_SUBMIT || event == CX_EVENT_STOP ||
                     event == CX_EVENT_SESSION_START || event == CX_EVENT_SESSION_END;
    if (cx_payload_of(h)->in_subagent && lifecycle)
        return;
    switch (event) {
    case CX_EVENT_USER_PROMPT_SUBMIT: begin_task(h); break;
    case CX_EVENT_STOP: stop(h); break;
    case CX_EVENT_SESSION_END: session_end(h); break;
    case CX_EVENT_SESSION_START:
        s->closed = false;
        h->sweep = true;
        break;
    case CX_EVENT_POST_COMPACT:
        if (t->status == KIT_TASK_OPEN) {
            t->compactions++;
            t->precompacts_unmatched++;
        }
        break;
    case CX_EVENT_SUBAGENT_START: /* its transcript_path is the subagent's rollout */
        if (t->status != KIT_TASK_NONE && cx_payload_of(h)->head.transcript_path[0])
            kit_task_add_extra_path(t, cx_payload_of(h)->head.transcript_path);
        break;
    case CX_EVENT_SUBAGENT_STOP:
        if (t->status != KIT_TASK_NONE && cx_payload_of(h)->agent_transcript_path[0])
            kit_task_add_extra_path(t, cx_payload_of(h)->agent_transcript_path);
        break;
    case CX_EVENT_PRE_TOOL_USE:
    case CX_EVENT_POST_TOOL_USE: cx_apply_tool_event(h); break;
    default: break;
    }
}
