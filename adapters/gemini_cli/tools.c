/* Tool events (docs/harnesses/gemini-cli.md, "Gates and files"): a gate is a run_shell_command
 * whose command the shared classifier names one, passed or failed by the status Gemini CLI
 * writes into the result's llmContent (the chat file marks a failed command "success", and the
 * payload has no error key for it). Files come from write_file's and replace's file_path. */
#include <string.h>

#include "classify.h"
#include "hash.h"
#include "hook.h"

void gm_apply_tool_event(gm_hook *h)
{
    const gm_payload *p = h->payload;
    kit_task *t = &gm_session_of(h)->task;
    if (t->status == KIT_TASK_NONE)
        return;
    mosaic_quality_gate gate;
    if ((strcmp(p->tool_name, "write_file") == 0 || strcmp(p->tool_name, "replace") == 0) &&
        p->file_path[0])
        kit_task_touch_file(t, p->file_path);
    else if (strcmp(p->tool_name, "run_shell_command") == 0 && p->has_command &&
             mt_classify_gate(p->command, &gate)) {
        /* Start and result arrive together: nothing is left pending. */
        uint64_t key = kit_hash(p->command, strlen(p->command), KIT_HASH_SEED);
        kit_task_gate_finished(t, key, gate, !p->tool_failed);
    }
}
