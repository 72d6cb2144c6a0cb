/* Tool events (docs/harnesses/codex.md, "Gates and files"): a gate starts at PreToolUse of the
 * shell tool (reported as "Bash") when the shared classifier names one; its result is the exit
 * code the rollout records for the call (collect.c), since the hook's tool_response is only the
 * command's output. Files come from apply_patch: the paths in the patch's headers. */
#include <string.h>

#include "classify.h"
#include "hook.h"

static const char *const PATCH_HEADERS[] = {
    "*** Add File: ", "*** Update File: ", "*** Delete File: ", "*** Move to: "};

/* Each path the patch names, one header a line. */
static void patch_files(kit_task *t, const char *patch)
{
    for (const char *line = patch; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        for (size_t i = 0; i < sizeof PATCH_HEADERS / sizeof *PATCH_HEADERS; i++) {
            size_t n = strlen(PATCH_HEADERS[i]);
            char path[CX_PATH_MAX];
            if (len > n && len - n < sizeof path && strncmp(line, PATCH_HEADERS[i], n) == 0) {
                memcpy(path, line + n, len - n);
                path[len - n] = '\0';
                kit_task_touch_file(t, path);
            }
        }
        line += len + (end != NULL);
    }
}

void cx_apply_tool_event(cx_hook *h)
{
    const cx_payload *p = h->payload;
    kit_task *t = &cx_session_of(h)->task;
    if (t->status == KIT_TASK_NONE || !p->has_command)
        return;
    bool post = p->event == CX_EVENT_POST_TOOL_USE;
    mosaic_quality_gate gate;
    if (strcmp(p->tool_name, "apply_patch") == 0 && post)
        patch_files(t, p->command);
    else if (strcmp(p->tool_name, "Bash") == 0 && p->tool_use_id[0] &&
             mt_classify_gate(p->command, &gate)) {
        if (!post)
            kit_task_gate_started(t, cx_call_key(p->tool_use_id), gate);
        else
            cx_hook_collect(h, true); /* the exit code, while the pending list is short */
    }
}
