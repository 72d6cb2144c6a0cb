/* What each Gemini CLI event does to the session (docs/harnesses/gemini-cli.md, "Tasks and
 * outcomes"):
 *
 *   BeforeAgent   a task begins (the prompt classified, then forgotten); a task still open never
 *                 reached AfterAgent and ends first, as cancelled; an ended one not yet
 *                 finished is finalized first
 *   AfterAgent    the task ends: success, or partial when a gate's last run failed
 *   SessionEnd    an open task ends without AfterAgent, as a failure: Gemini CLI ends a
 *                 session in the middle of a turn when the turn failed (headless runs exit)
 *   SessionStart  the sweep of forgotten sessions
 *   AfterTool     tools.c
 */
#include <string.h>

#include "classify.h"
#include "hook.h"
#include "paths.h"

/* The chat file the payload names (else the session's own under Gemini CLI's home); what it
 * held before the task is marked as seen, never counted. */
static void adopt_chat(gm_hook *h)
{
    gm_session *s = h->session;
    const gm_payload *p = h->payload;
    char path[GM_PATH_MAX] = "";
    if (p->head.transcript_path[0])
        memcpy(path, p->head.transcript_path, sizeof path);
    else
        gm_find_chat(p->head.session_id, path, sizeof path);
    if (path[0] && strcmp(path, s->chat) != 0) {
        memcpy(s->chat, path, sizeof s->chat);
        s->pos = (kit_file_pos){0, 0};
    }
    gm_hook_collect(h, false);
}

/* Now when the grace period is 0 and this hook read the chat file to its end (kit_finish_now),
 * else by the finisher. */
static void finish_now_or_later(gm_hook *h)
{
    if (kit_finish_now(h->grace_ms))
        gm_finalize_task(h);
    else
        h->finish_later = true;
}

static void begin_task(gm_hook *h)
{
    gm_session *s = h->session;
    const gm_payload *p = h->payload;
    if (s->task.status == KIT_TASK_OPEN)
        gm_end_unstopped(h);
    if (s->task.status == KIT_TASK_ENDED)
        gm_finalize_task(h);
    adopt_chat(h);
    mosaic_task_type type =
        p->has_prompt ? mt_classify_task_type(p->prompt) : MOSAIC_TASK_TYPE_UNKNOWN;
    kit_task_begin(&s->task, h->now_ms, type == MOSAIC_TASK_TYPE_UNKNOWN ? -1 : (int)type);
    s->stopped = s->at_exit = false;
}

static void after_agent(gm_hook *h)
{
    gm_session *s = h->session;
    kit_task *t = &s->task;
    if (t->status != KIT_TASK_OPEN)
        return;               /* no prompt seen (hooks installed mid-turn), or already ended */
    gm_hook_collect(h, true); /* so that kit_finish_now knows whether the read was whole */
    s->stopped = true;
    t->status = KIT_TASK_ENDED;
    t->end_ms = t->last_ms = h->now_ms;
    finish_now_or_later(h);
}

static void session_end(gm_hook *h)
{
    gm_session *s = h->session;
    if (s->task.status == KIT_TASK_OPEN) {
        gm_end_unstopped(h);
        s->at_exit = true;
        finish_now_or_later(h);
    }
    s->closed = true; /* an ended task is left to its finisher, which then removes the files */
    h->remove_session = s->task.status == KIT_TASK_NONE;
}

void gm_apply_event(gm_hook *h)
{
    gm_session *s = h->session;
    kit_task *t = &s->task;
    gm_event event = gm_payload_of(h)->head.event;
    if (t->status == KIT_TASK_OPEN && event == GM_EVENT_AFTER_TOOL)
        t->last_ms = h->now_ms;
    switch (event) {
    case GM_EVENT_BEFORE_AGENT: begin_task(h); break;
    case GM_EVENT_AFTER_AGENT: after_agent(h); break;
    case GM_EVENT_SESSION_END: session_end(h); break;
    case GM_EVENT_SESSION_START:
        s->closed = false;
        h->sweep = true;
        break;
    case GM_EVENT_AFTER_TOOL: gm_apply_tool_event(h); break;
    default: break;
    }
}
