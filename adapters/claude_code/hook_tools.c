/* Tool events: quality gates from commands (Bash, PowerShell, Monitor; the shared classifier)
 * and touched files from edits. A gate is started by PreToolUse and settled by PostToolUse (passed)
 * or PostToolUseFailure (failed, "Exit code N"); the last result of a gate wins. */
#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "hash.h"
#include "hook.h"

/* The tools that run a shell command given as tool_input.command. */
static bool is_command_tool(const char *name)
{
    return strcmp(name, "Bash") == 0 || strcmp(name, "PowerShell") == 0 ||
           strcmp(name, "Monitor") == 0;
}

static bool is_edit_tool(const char *name)
{
    return strcmp(name, "Edit") == 0 || strcmp(name, "Write") == 0 ||
           strcmp(name, "MultiEdit") == 0 || strcmp(name, "NotebookEdit") == 0;
}

/* What pairs a PreToolUse with its result: the tool_use_id, or (older versions) the command. */
static uint64_t gate_key(const cc_payload *p)
{
    if (p->tool_use_id[0])
        return kit_hash(p->tool_use_id, strlen(p->tool_use_id), KIT_HASH_SEED);
    return kit_hash(p->command, strlen(p->command), KIT_HASH_SEED ^ 1);
}

/* What a PostToolUseFailure of a command says about the command: it ran and exited non-zero
 * ("Exit code N", N > 0) or ran out of time: failed (1); "Exit code 0": passed (0); anything
 * else (denied, blocked, interrupted) means it never ran to an end: no gate run (-1). */
static int failure_result(const cc_payload *p)
{
    if (p->is_interrupt)
        return -1;
    unsigned code = 0;
    if (sscanf(p->error, "Exit code %u", &code) == 1)
        return code != 0;
    return strstr(p->error, "timed out") ? 1 : -1;
}

/* The gates of one command, started and settled together. A command that runs several
 * (`npx eslint src && npm test`) passed them all when it passed; when it failed, which one failed
 * cannot be told, so only the gate the classifier names for the whole command (its last) counts,
 * failed, and the others are not counted as run. */
#define GATES_PER_COMMAND 8

static void command_event(cc_hook *h, kit_task *t)
{
    const cc_payload *p = h->payload;
    mosaic_quality_gate gates[GATES_PER_COMMAND], last;
    size_t n = p->has_command ? mt_classify_gates(p->command, gates, GATES_PER_COMMAND) : 0;
    if (n == 0 || !mt_classify_gate(p->command, &last))
        return;
    uint64_t key = gate_key(p);
    int failed = p->head.event == CC_EVENT_POST_TOOL_USE_FAILURE ? failure_result(p) : 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = key + i; /* a gate of the command, as PreToolUse started it */
        if (p->head.event == CC_EVENT_PRE_TOOL_USE)
            kit_task_gate_started(t, k, gates[i]);
        else if (failed == 0 || (failed > 0 && gates[i] == last))
            kit_task_gate_finished(t, k, gates[i], failed == 0);
        else
            kit_task_gate_forgotten(t, k);
    }
}

void cc_apply_tool_event(cc_hook *h)
{
    const cc_payload *p = h->payload;
    kit_task *t = &cc_session_of(h)->task;
    if (p->head.event == CC_EVENT_POST_TOOL_USE_FAILURE)
        cc_session_of(h)->saw_failure_hook = true;
    /* After Stop (a background agent still working) the ended task still gains its gates and
     * files until its event is made. */
    if (t->status == KIT_TASK_NONE)
        return;
    if (is_command_tool(p->tool_name))
        command_event(h, t);
    else if (is_edit_tool(p->tool_name) && p->file_path[0] &&
             p->head.event == CC_EVENT_POST_TOOL_USE)
        kit_task_touch_file(t, p->file_path);
}
