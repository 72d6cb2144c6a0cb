/* What each Cline event does to the session (docs/harnesses/cline.md, "Tasks and outcomes"):
 *
 *   TaskStart, TaskResume  a task begins (the manifest's prompt classified, then forgotten); a
 *                          task still open ends first (cancelled), an ended one not yet finished
 *                          is finalized first
 *   UserPromptSubmit       a task begins when none is open; its prompt gives the task type
 *   TaskComplete           the task ends: success, or partial when a gate's last run failed
 *   TaskError              the task ends: failure
 *   TaskCancel             the task ends: cancelled
 *   SessionShutdown        an open task ends (cancelled); the session's files go
 *   PostToolUse            gates from run_commands (each command's own result), files from
 *                          apply_patch and editor
 *
 * A spawned agent's hooks (parent_agent_id set) neither begin nor end a task: its tools count
 * into the task that spawned it. Every end is finished after the grace period (hook_frame.h),
 * when the messages file has been rewritten for the last time.
 */
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "hash.h"
#include "hook.h"
#include "patch_files.h"

static int task_type_of(const char *prompt)
{
    mosaic_task_type type = mt_classify_task_type(prompt);
    return type == MOSAIC_TASK_TYPE_UNKNOWN ? -1 : (int)type;
}

static void begin_task(cl_hook *h, const char *prompt)
{
    cl_session *s = h->session;
    if (s->task.status == KIT_TASK_OPEN)
        cl_end_task(h);
    if (s->task.status == KIT_TASK_ENDED)
        cl_finalize_task(h);
    cl_hook_collect(h, false); /* what the conversation held before is not the task's */
    kit_task_begin(&s->task, h->now_ms, prompt && prompt[0] ? task_type_of(prompt) : -1);
    s->completed = s->failed = false;
}

/* TaskStart's payload has no prompt: the manifest's is the session's first. */
static void task_start(cl_hook *h)
{
    char *prompt = malloc(CL_TEXT_MAX + 1);
    if (prompt && !cl_manifest_prompt(h, prompt, CL_TEXT_MAX + 1))
        prompt[0] = '\0';
    begin_task(h, cl_payload_of(h)->head.event == CL_EVENT_TASK_START ? prompt : NULL);
    free(prompt);
}

static void prompt_submit(cl_hook *h)
{
    kit_task *t = &cl_session_of(h)->task;
    const cl_payload *p = h->payload;
    if (t->status != KIT_TASK_OPEN)
        begin_task(h, p->prompt);
    else if (t->task_type < 0 && p->has_prompt)
        t->task_type = task_type_of(p->prompt);
}

static void end(cl_hook *h, cl_event event)
{
    cl_session *s = h->session;
    kit_task *t = &s->task;
    if (t->status != KIT_TASK_OPEN)
        return; /* no start seen (hooks installed mid-task), or already ended */
    s->completed = event == CL_EVENT_TASK_COMPLETE;
    s->failed = event == CL_EVENT_TASK_ERROR;
    if (event == CL_EVENT_SESSION_SHUTDOWN)
        cl_end_task(h);
    else
        t->end_ms = t->last_ms = h->now_ms;
    t->status = KIT_TASK_ENDED;
    if (h->grace_ms == 0)
        cl_finalize_task(h);
    else
        h->finish_later = true;
}

/* Each command of run_commands a gate ran, with its own result (the tool's `success` is true
 * even when a command failed); the files an apply_patch named, the file an editor wrote. */
static void post_tool_use(cl_hook *h)
{
    const cl_payload *p = h->payload;
    kit_task *t = &cl_session_of(h)->task;
    if (t->status != KIT_TASK_OPEN)
        return;
    if (strcmp(p->tool_name, "apply_patch") == 0)
        kit_task_touch_patch_files(t, p->patch);
    else if (p->path[0])
        kit_task_touch_file(t, p->path);
    for (size_t i = 0; i < p->n_commands; i++) {
        mosaic_quality_gate gate;
        if (!mt_classify_gate(p->commands[i].text, &gate))
            continue;
        uint64_t key = kit_hash(p->tool_id, strlen(p->tool_id), KIT_HASH_SEED + i);
        kit_task_gate_started(t, key, gate);
        kit_task_gate_finished(t, key, gate, p->commands[i].passed);
    }
}

void cl_apply_event(cl_hook *h)
{
    cl_session *s = h->session;
    const cl_payload *p = h->payload;
    cl_event event = p->head.event;
    memcpy(s->id, p->head.session_id, sizeof s->id);
    if (s->task.status == KIT_TASK_OPEN && event == CL_EVENT_POST_TOOL_USE)
        s->task.last_ms = h->now_ms;
    bool lifecycle = event != CL_EVENT_POST_TOOL_USE;
    if (p->in_subagent && lifecycle)
        return;
    switch (event) {
    case CL_EVENT_TASK_START:
    case CL_EVENT_TASK_RESUME:
        s->closed = false;
        h->sweep = true;
        task_start(h);
        break;
    case CL_EVENT_USER_PROMPT_SUBMIT: prompt_submit(h); break;
    case CL_EVENT_POST_TOOL_USE: post_tool_use(h); break;
    case CL_EVENT_TASK_COMPLETE:
    case CL_EVENT_TASK_ERROR:
    case CL_EVENT_TASK_CANCEL: end(h, event); break;
    case CL_EVENT_SESSION_SHUTDOWN:
        end(h, event);
        s->closed = true;
        h->remove_session = s->task.status == KIT_TASK_NONE;
        break;
    default: break;
    }
}
