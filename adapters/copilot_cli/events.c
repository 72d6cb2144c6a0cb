/* What each Copilot CLI event does to the session (docs/harnesses/copilot-cli.md, "Tasks and
 * outcomes"):
 *
 *   userPromptSubmitted  a task begins (the prompt classified, then forgotten); a task still
 *                        open never reached agentStop and ends first, an ended one not yet
 *                        finished is finalized first
 *   agentStop            the task ends: success, or partial when a gate's last run failed; its
 *                        event is finished after the grace period (hook_frame.h)
 *   errorOccurred        the task failed, unless the agent still reaches agentStop
 *   sessionEnd           an open task ends without agentStop: failure after an error (or a
 *                        reason "error"), cancelled otherwise
 *   postToolUse(Failure) the log read so far (gates and their exit codes, requests); the file
 *                        an edit or create wrote
 *   preCompact           a compaction
 *   sessionStart         the sweep of forgotten sessions
 *
 * Inside a subagent (its requests and tools are in the parent's log) the hooks are the parent
 * session's (payload.c): its tools count into the parent's task, its userPromptSubmitted and
 * agentStop neither begin nor end one.
 */
#include <string.h>

#include "classify.h"
#include "hook.h"
#include "paths.h"

/* The session's log: the path agentStop names, else where Copilot keeps it for this session. */
static void locate_log(cp_hook *h)
{
    cp_session *s = h->session;
    const cp_payload *p = h->payload;
    char path[CP_PATH_MAX];
    if (p->head.transcript_path[0])
        memcpy(path, p->head.transcript_path, sizeof path);
    else if (s->log[0] || !cp_log_path(p->head.session_id, path, sizeof path))
        return;
    if (strcmp(path, s->log) != 0) {
        memcpy(s->log, path, sizeof s->log);
        s->pos = (kit_file_pos){0, 0};
    }
}

static void begin_task(cp_hook *h)
{
    cp_session *s = h->session;
    const cp_payload *p = h->payload;
    if (s->task.status == KIT_TASK_OPEN)
        cp_end_unstopped(h);
    if (s->task.status == KIT_TASK_ENDED)
        cp_finalize_task(h);
    cp_hook_collect(h, false); /* what the log held before the prompt is not the task's */
    mosaic_task_type type =
        p->has_prompt ? mt_classify_task_type(p->prompt) : MOSAIC_TASK_TYPE_UNKNOWN;
    kit_task_begin(&s->task, h->now_ms, type == MOSAIC_TASK_TYPE_UNKNOWN ? -1 : (int)type);
    s->stopped = s->failed = false;
}

static void end_task(cp_hook *h)
{
    if (h->grace_ms == 0)
        cp_finalize_task(h);
    else
        h->finish_later = true;
}

static void agent_stop(cp_hook *h)
{
    cp_session *s = h->session;
    kit_task *t = &s->task;
    if (t->status != KIT_TASK_OPEN)
        return; /* no prompt seen (hooks installed mid-task), or already ended */
    cp_hook_collect(h, true);
    s->stopped = true;
    t->status = KIT_TASK_ENDED;
    t->end_ms = t->last_ms = h->now_ms;
    end_task(h);
}

static void session_end(cp_hook *h)
{
    cp_session *s = h->session;
    if (strcmp(cp_payload_of(h)->reason, "error") == 0 && s->task.status == KIT_TASK_OPEN)
        s->failed = true;
    if (s->task.status == KIT_TASK_OPEN) {
        cp_end_unstopped(h);
        end_task(h);
    }
    s->closed = true; /* an ended task is left to its finisher, which then removes the files */
    h->remove_session = s->task.status == KIT_TASK_NONE;
}

/* The file an edit or create wrote; the log read so far (a gate's exit code is there once the
 * tool completed). */
static void after_tool(cp_hook *h)
{
    const cp_payload *p = h->payload;
    kit_task *t = &cp_session_of(h)->task;
    if (t->status != KIT_TASK_OPEN)
        return;
    bool writes = strcmp(p->tool_name, "edit") == 0 || strcmp(p->tool_name, "create") == 0;
    if (writes && p->tool_path[0])
        kit_task_touch_file(t, p->tool_path);
    cp_hook_collect(h, true);
}

void cp_apply_event(cp_hook *h)
{
    cp_session *s = h->session;
    kit_task *t = &s->task;
    cp_event event = cp_payload_of(h)->head.event;
    locate_log(h);
    if (t->status == KIT_TASK_OPEN && event != CP_EVENT_USER_PROMPT_SUBMITTED &&
        event != CP_EVENT_SESSION_END && event != CP_EVENT_SESSION_START)
        t->last_ms = h->now_ms;
    bool tool = event == CP_EVENT_POST_TOOL_USE || event == CP_EVENT_POST_TOOL_USE_FAILURE;
    if (cp_payload_of(h)->in_subagent && !tool)
        return; /* a subagent's prompt and stop are steps of the parent's task */
    switch (event) {
    case CP_EVENT_USER_PROMPT_SUBMITTED: begin_task(h); break;
    case CP_EVENT_AGENT_STOP: agent_stop(h); break;
    case CP_EVENT_SESSION_END: session_end(h); break;
    case CP_EVENT_SESSION_START:
        s->closed = false;
        h->sweep = true;
        break;
    case CP_EVENT_ERROR_OCCURRED: s->failed = t->status == KIT_TASK_OPEN || s->failed; break;
    case CP_EVENT_PRE_COMPACT:
        if (t->status == KIT_TASK_OPEN && t->compactions < UINT32_MAX)
            t->compactions++;
        break;
    case CP_EVENT_POST_TOOL_USE:
    case CP_EVENT_POST_TOOL_USE_FAILURE: after_tool(h); break;
    default: break;
    }
}
