/* Reading a hook payload: one pass with the kit's in-place scanner; large members
 * (tool_response, last_assistant_message) are skipped without being decoded. */
#include "payload.h"

#include <stdio.h>
#include <string.h>

#include "hook_frame.h"
#include "jscan.h"

static const kit_event_name EVENTS[] = {
    {"SessionStart", CX_EVENT_SESSION_START},
    {"UserPromptSubmit", CX_EVENT_USER_PROMPT_SUBMIT},
    {"PreToolUse", CX_EVENT_PRE_TOOL_USE},
    {"PostToolUse", CX_EVENT_POST_TOOL_USE},
    {"PostCompact", CX_EVENT_POST_COMPACT},
    {"SubagentStop", CX_EVENT_SUBAGENT_STOP},
    {"Stop", CX_EVENT_STOP},
    {"SessionEnd", CX_EVENT_SESSION_END},
    /* Events a catch-all config may route here that carry nothing we use. */
    {"PreCompact", CX_EVENT_IGNORED},
    {"SubagentStart", CX_EVENT_SUBAGENT_START},
    {"PermissionRequest", CX_EVENT_IGNORED},
    {"Interrupt", CX_EVENT_IGNORED},
};

/* tool_input.command: the shell command of Bash, the patch of apply_patch. */
static bool tool_input_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    cx_payload *p = user;
    if (KIT_JS_KEY_IS(key, n, "command")) {
        p->has_command = kit_js_string(c, p->command, sizeof p->command);
        return p->has_command || kit_js_skip(c);
    }
    return kit_js_skip(c);
}

static bool read_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    cx_payload *p = user;
    int head = kit_payload_head_member(c, key, n, &p->head);
    if (head != 0)
        return head > 0;
    if (KIT_JS_KEY_IS(key, n, "agent_transcript_path"))
        return kit_js_string_or_skip(c, p->agent_transcript_path, sizeof p->agent_transcript_path);
    if (KIT_JS_KEY_IS(key, n, "agent_id")) {
        p->in_subagent = kit_js_peek(c) == '"';
        return kit_js_skip(c);
    }
    if (KIT_JS_KEY_IS(key, n, "model"))
        return kit_js_string_or_skip(c, p->model, sizeof p->model);
    if (KIT_JS_KEY_IS(key, n, "tool_name"))
        return kit_js_string_or_skip(c, p->tool_name, sizeof p->tool_name);
    if (KIT_JS_KEY_IS(key, n, "tool_use_id"))
        return kit_js_string_or_skip(c, p->tool_use_id, sizeof p->tool_use_id);
    if (KIT_JS_KEY_IS(key, n, "tool_input"))
        return kit_js_each_member(c, tool_input_member, p);
    if (KIT_JS_KEY_IS(key, n, "prompt")) {
        p->has_prompt = kit_js_string(c, p->prompt, sizeof p->prompt);
        return p->has_prompt || kit_js_skip(c);
    }
    return kit_js_skip(c);
}

bool cx_payload_parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    cx_payload *p = payload;
    memset(p, 0, offsetof(cx_payload, prompt)); /* the two text buffers are set when read */
    p->prompt[0] = p->command[0] = '\0';
    if (!kit_js_parse_object("the payload", text, len, read_member, p, err, errlen))
        return false;
    p->head.event = kit_frame_event_of(EVENTS, sizeof EVENTS / sizeof *EVENTS, p->head.event_name,
                                       CX_EVENT_UNKNOWN);
    return true;
}
