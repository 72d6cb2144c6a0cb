/* Reading a hook payload: a single pass over the object with the in-place scanner, keeping the
 * members the adapter needs. Large members (tool_response, a Write's content) are skipped
 * without being decoded. */
#include "payload.h"

#include <stdio.h>
#include <string.h>

#include "hook_frame.h"
#include "jscan.h"

static const kit_event_name EVENTS[] = {
    {"SessionStart", CC_EVENT_SESSION_START},
    {"UserPromptSubmit", CC_EVENT_USER_PROMPT_SUBMIT},
    {"PreToolUse", CC_EVENT_PRE_TOOL_USE},
    {"PostToolUse", CC_EVENT_POST_TOOL_USE},
    {"PostToolUseFailure", CC_EVENT_POST_TOOL_USE_FAILURE},
    {"PreCompact", CC_EVENT_PRE_COMPACT},
    {"PostCompact", CC_EVENT_POST_COMPACT},
    {"Stop", CC_EVENT_STOP},
    {"StopFailure", CC_EVENT_STOP_FAILURE},
    {"SubagentStop", CC_EVENT_SUBAGENT_STOP},
    {"SessionEnd", CC_EVENT_SESSION_END},
    /* Events a user may route here (e.g. with a catch-all config) that carry nothing we use. */
    {"SubagentStart", CC_EVENT_IGNORED},
    {"Notification", CC_EVENT_IGNORED},
    {"PostToolBatch", CC_EVENT_IGNORED},
    {"PermissionRequest", CC_EVENT_IGNORED},
    {"UserPromptExpansion", CC_EVENT_IGNORED},
    {"MessageDisplay", CC_EVENT_IGNORED},
    {"TaskCreated", CC_EVENT_IGNORED},
    {"TaskCompleted", CC_EVENT_IGNORED},
    {"PreModelSwitch", CC_EVENT_IGNORED},
    {"PostModelSwitch", CC_EVENT_IGNORED},
};

/* tool_input: the command of a Bash call, the file of an edit. */
static bool tool_input_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    cc_payload *p = user;
    if (KIT_JS_KEY_IS(key, n, "command")) {
        p->has_command = kit_js_string(c, p->command, sizeof p->command);
        return p->has_command || kit_js_skip(c);
    }
    if (KIT_JS_KEY_IS(key, n, "file_path") || KIT_JS_KEY_IS(key, n, "notebook_path"))
        return kit_js_string_or_skip(c, p->file_path, sizeof p->file_path);
    return kit_js_skip(c);
}

static bool background_task_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    cc_payload *p = user;
    const char *status;
    size_t len;
    if (!KIT_JS_KEY_IS(key, n, "status"))
        return kit_js_skip(c);
    if (!kit_js_raw_string(c, &status, &len))
        return kit_js_skip(c);
    if (KIT_JS_KEY_IS(status, len, "running") || KIT_JS_KEY_IS(status, len, "pending"))
        p->background_running = true;
    return true;
}

/* background_tasks: [{"id", "type", "status": "running", ...}, ...] */
static bool background_tasks(kit_js_cursor *c, cc_payload *p)
{
    if (kit_js_peek(c) != '[')
        return kit_js_skip(c);
    c->p++;
    for (;;) {
        char next = kit_js_peek(c);
        if (next == ']' || next == ',') {
            c->p++;
            if (next == ']')
                return true;
        } else if (!next || !kit_js_each_member(c, background_task_member, p)) {
            return false;
        }
    }
}

static bool read_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    cc_payload *p = user;
    int head = kit_payload_head_member(c, key, n, &p->head);
    if (head != 0)
        return head > 0;
    if (KIT_JS_KEY_IS(key, n, "agent_transcript_path"))
        return kit_js_string_or_skip(c, p->agent_transcript_path, sizeof p->agent_transcript_path);
    if (KIT_JS_KEY_IS(key, n, "agent_id")) {
        p->in_subagent = kit_js_peek(c) == '"';
        return kit_js_skip(c);
    }
    if (KIT_JS_KEY_IS(key, n, "source"))
        return kit_js_string_or_skip(c, p->source, sizeof p->source);
    if (KIT_JS_KEY_IS(key, n, "tool_name"))
        return kit_js_string_or_skip(c, p->tool_name, sizeof p->tool_name);
    if (KIT_JS_KEY_IS(key, n, "tool_use_id"))
        return kit_js_string_or_skip(c, p->tool_use_id, sizeof p->tool_use_id);
    if (KIT_JS_KEY_IS(key, n, "tool_input"))
        return kit_js_each_member(c, tool_input_member, p);
    if (KIT_JS_KEY_IS(key, n, "error"))
        return kit_js_string_or_skip(c, p->error, sizeof p->error);
    if (KIT_JS_KEY_IS(key, n, "is_interrupt"))
        return kit_js_bool_or_skip(c, &p->is_interrupt);
    if (KIT_JS_KEY_IS(key, n, "stop_hook_active"))
        return kit_js_bool_or_skip(c, &p->stop_hook_active);
    if (KIT_JS_KEY_IS(key, n, "background_tasks"))
        return background_tasks(c, p);
    if (KIT_JS_KEY_IS(key, n, "model"))
        return kit_js_string_or_skip(c, p->model, sizeof p->model);
    if (KIT_JS_KEY_IS(key, n, "prompt")) {
        p->has_prompt = kit_js_string(c, p->prompt, sizeof p->prompt);
        return p->has_prompt || kit_js_skip(c);
    }
    return kit_js_skip(c);
}

bool cc_payload_parse(const char *text, size_t len, cc_payload *p, char *err, size_t errlen)
{
    memset(p, 0, offsetof(cc_payload, prompt)); /* the two text buffers are set when read */
    p->prompt[0] = p->command[0] = '\0';
    if (!kit_js_parse_object("the payload", text, len, read_member, p, err, errlen))
        return false;
    p->head.event = kit_frame_event_of(EVENTS, sizeof EVENTS / sizeof *EVENTS, p->head.event_name,
                                       CC_EVENT_UNKNOWN);
    p->task_notification = p->has_prompt && strncmp(p->prompt, "<task-notification>", 19) == 0;
    return true;
}
