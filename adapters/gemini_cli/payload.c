/* Reading a hook payload: one pass with the kit's in-place scanner; large members
 * (tool_response's displays, llm_request) are skipped without being decoded, and llmContent is
 * looked at raw (shell_result.c). */
#include "payload.h"

#include <stdio.h>
#include <string.h>

#include "hook_frame.h"
#include "jscan.h"
#include "shell_result.h"

static const kit_event_name EVENTS[] = {
    {"SessionStart", GM_EVENT_SESSION_START},
    {"BeforeAgent", GM_EVENT_BEFORE_AGENT},
    {"AfterTool", GM_EVENT_AFTER_TOOL},
    {"AfterAgent", GM_EVENT_AFTER_AGENT},
    {"SessionEnd", GM_EVENT_SESSION_END},
    /* Events a catch-all config may route here that carry nothing we use: PreCompress fires
     * before every model call, not at a compression (docs/harnesses/gemini-cli.md). */
    {"PreCompress", GM_EVENT_IGNORED},
    {"BeforeTool", GM_EVENT_IGNORED},
    {"BeforeModel", GM_EVENT_IGNORED},
    {"AfterModel", GM_EVENT_IGNORED},
    {"BeforeToolSelection", GM_EVENT_IGNORED},
    {"Notification", GM_EVENT_IGNORED},
};

/* tool_input: run_shell_command's command, write_file's and replace's file_path. */
static bool tool_input_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    gm_payload *p = user;
    if (KIT_JS_KEY_IS(key, n, "command")) {
        p->has_command = kit_js_string(c, p->command, sizeof p->command);
        return p->has_command || kit_js_skip(c);
    }
    if (KIT_JS_KEY_IS(key, n, "file_path"))
        return kit_js_string_or_skip(c, p->file_path, sizeof p->file_path);
    return kit_js_skip(c);
}

/* tool_response: an error member that is not null, or an exit status in llmContent. */
static bool tool_response_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    gm_payload *p = user;
    if (KIT_JS_KEY_IS(key, n, "error")) {
        char next = kit_js_peek(c);
        p->tool_failed |= next == '{' || next == '"';
        return kit_js_skip(c);
    }
    if (KIT_JS_KEY_IS(key, n, "llmContent") && kit_js_peek(c) == '"') {
        const char *raw;
        size_t len;
        if (!kit_js_raw_string(c, &raw, &len))
            return false;
        p->tool_failed |= gm_shell_failed(raw, len);
        return true;
    }
    return kit_js_skip(c);
}

static bool read_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    gm_payload *p = user;
    int head = kit_payload_head_member(c, key, n, &p->head);
    if (head != 0)
        return head > 0;
    if (KIT_JS_KEY_IS(key, n, "tool_name"))
        return kit_js_string_or_skip(c, p->tool_name, sizeof p->tool_name);
    if (KIT_JS_KEY_IS(key, n, "tool_input"))
        return kit_js_each_member(c, tool_input_member, p);
    if (KIT_JS_KEY_IS(key, n, "tool_response"))
        return kit_js_each_member(c, tool_response_member, p);
    if (KIT_JS_KEY_IS(key, n, "prompt")) {
        p->has_prompt = kit_js_string(c, p->prompt, sizeof p->prompt);
        return p->has_prompt || kit_js_skip(c);
    }
    return kit_js_skip(c);
}

bool gm_payload_parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    gm_payload *p = payload;
    memset(p, 0, offsetof(gm_payload, prompt)); /* the two text buffers are set when read */
    p->prompt[0] = p->command[0] = '\0';
    if (!kit_js_parse_object("the payload", text, len, read_member, p, err, errlen))
        return false;
    p->head.event = kit_frame_event_of(EVENTS, sizeof EVENTS / sizeof *EVENTS, p->head.event_name,
                                       GM_EVENT_UNKNOWN);
    return true;
}
