/* Tool events (docs/harnesses/codex.md, "Gates and files"): a gate starts at PreToolUse of the
 * shell tool (reported as "Bash") when the shared classifier names one; its result is the exit
 * code the rollout records for the call (collect.c), since the hook's tool_response is only the
 * command's output. Files come from apply_patch: the paths in the patch's headers. */
#include <string.h>

#include "classify.h"
#include "hook.h"
#include "patch_files.h"

void cx_apply_tool_event(cx_hook *h)
{
    const cx_payload *p = h->payload;
    kit_task *t = &cx_session_of(h)->task;
    if (t->status == KIT_TASK_NONE || !p->has_command)
        return;
    bool post = p->head.event == CX_EVENT_POST_TOOL_USE;
    mosaic_quality_gate gate;
    if (strcmp(p->tool_name, "apply_patch") == 0 && post)
        kit_task_touch_patch_files(t, p->command);
    else if (strcmp(p->tool_name, "Bash") == 0 && p->tool_use_id[0] &&
             mt_classify_gate(p->command, &gate)) {
        if (!post)
            kit_task_gate_started(t, cx_call_key(p->tool_use_id), gate);
        else
            cx_hook_collect(h, true); /* the exit code, while the pending list is short */
    }
}
