/* What each Cursor event does to the conversation (docs/harnesses/cursor.md, "Tasks and
 * outcomes"):
 *
 *   beforeSubmitPrompt   a task begins (the prompt classified, then forgotten); a task still open
 *                        never reached stop and is reported first, as cancelled
 *   stop                 the task ends: completed → success (partial when a gate's last run
 *                        failed), aborted → cancelled, error → failure; its tokens when the
 *                        payload has them; reported at once
 *   sessionEnd           an open task ends as cancelled
 *   preCompact           a compaction
 *   afterShellExecution  a gate's command ran: passed, unless postToolUseFailure says otherwise
 *                        (Cursor gives no exit status)
 *   postToolUseFailure   the command failed: the gate failed
 *   afterFileEdit        a file the task touched
 *
 * Every payload may name the model; "default" is Cursor's automatic choice, which names none.
 */
#include <string.h>

#include "classify.h"
#include "hook.h"
#include "task_replay.h"

void cu_finalize_task(cu_hook *h)
{
    cu_session *s = h->session;
    kit_frame_emit(h, MOSAIC_HARNESS_CURSOR);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    kit_task_reset(&s->task);
}

void cu_end_unstopped(cu_hook *h)
{
    kit_task *t = &((cu_session *)h->session)->task;
    kit_task_end_at_last_activity(t, h->now_ms);
    t->outcome = MOSAIC_OUTCOME_CANCELLED;
}

static void begin(cu_hook *h)
{
    cu_session *s = h->session;
    const cu_payload *p = h->payload;
    if (s->task.status == KIT_TASK_OPEN)
        cu_end_unstopped(h);
    if (s->task.status == KIT_TASK_ENDED)
        cu_finalize_task(h);
    mosaic_task_type type =
        p->has_prompt ? mt_classify_task_type(p->prompt) : MOSAIC_TASK_TYPE_UNKNOWN;
    kit_task_begin(&s->task, h->now_ms, type == MOSAIC_TASK_TYPE_UNKNOWN ? -1 : (int)type);
}

/* stop's counts under the token rule (docs/abi.md, "Tokens"): taken as Anthropic's are, the
 * cache reads and writes apart from input_tokens. Whether Cursor counts them inside is not
 * documented (docs/harnesses/cursor.md, "Tokens"). */
static void add_tokens(cu_hook *h)
{
    const cu_payload *p = h->payload;
    cu_session *s = h->session;
    mt_usage usage = {.input = p->input_tokens,
                      .output = p->output_tokens,
                      .cache_write_5m = p->cache_write_tokens,
                      .cache_read = p->cache_read_tokens};
    kit_task_add_response(&s->task, s->model, &usage, true, h->now_ms);
}

static int outcome_of(const cu_payload *p, const kit_task *t)
{
    if (strcmp(p->status, "aborted") == 0)
        return MOSAIC_OUTCOME_CANCELLED;
    if (strcmp(p->status, "error") == 0)
        return MOSAIC_OUTCOME_FAILURE;
    return t->gates_failed ? MOSAIC_OUTCOME_PARTIAL : MOSAIC_OUTCOME_SUCCESS;
}

static void stop(cu_hook *h)
{
    const cu_payload *p = h->payload;
    kit_task *t = &((cu_session *)h->session)->task;
    if (t->status != KIT_TASK_OPEN)
        return; /* no prompt seen (hooks installed mid-task), or stopped already */
    if (p->has_tokens)
        add_tokens(h);
    t->outcome = outcome_of(p, t);
    t->end_ms = h->now_ms;
    t->status = KIT_TASK_ENDED;
    cu_finalize_task(h);
}

static void tool_event(cu_hook *h)
{
    const cu_payload *p = h->payload;
    kit_task *t = &((cu_session *)h->session)->task;
    mosaic_quality_gate gate;
    if (p->head.event == CU_EVENT_AFTER_FILE_EDIT) {
        if (p->file_path[0])
            kit_task_touch_file(t, p->file_path);
    } else if (p->has_command && mt_classify_gate(p->command, &gate)) {
        kit_task_gate_finished(t, 0, gate, p->head.event == CU_EVENT_AFTER_SHELL_EXECUTION);
    }
}

/* The model the payload names, kept for the stop that carries the tokens. */
static void note_model(cu_hook *h)
{
    const char *model = ((const cu_payload *)h->payload)->model;
    cu_session *s = h->session;
    if (strcmp(model, "default") == 0)
        s->model[0] = '\0';
    else if (model[0])
        memcpy(s->model, model, sizeof s->model);
}

void cu_apply_event(cu_hook *h)
{
    cu_session *s = h->session;
    kit_task *t = &s->task;
    cu_event event = ((const cu_payload *)h->payload)->head.event;
    note_model(h);
    if (event == CU_EVENT_BEFORE_SUBMIT_PROMPT) {
        begin(h);
        h->sweep = true;
        return;
    }
    if (t->status != KIT_TASK_OPEN)
        return;
    t->last_ms = h->now_ms;
    switch (event) {
    case CU_EVENT_STOP: stop(h); break;
    case CU_EVENT_SESSION_END:
        cu_end_unstopped(h);
        cu_finalize_task(h);
        break;
    case CU_EVENT_PRE_COMPACT: t->compactions++; break;
    case CU_EVENT_AFTER_SHELL_EXECUTION:
    case CU_EVENT_POST_TOOL_USE_FAILURE:
    case CU_EVENT_AFTER_FILE_EDIT: tool_event(h); break;
    default: break;
    }
}
