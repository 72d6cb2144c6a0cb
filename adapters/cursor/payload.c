/* Reading a hook payload: one pass with the kit's in-place scanner; large members (a command's
 * output, a file edit's text) are skipped without being decoded. */
#include "payload.h"

#include <string.h>

#include "hook_frame.h"
#include "jscan.h"

static const kit_event_name EVENTS[] = {
    {"beforeSubmitPrompt", CU_EVENT_BEFORE_SUBMIT_PROMPT},
    {"stop", CU_EVENT_STOP},
    {"preCompact", CU_EVENT_PRE_COMPACT},
    {"afterShellExecution", CU_EVENT_AFTER_SHELL_EXECUTION},
    {"postToolUseFailure", CU_EVENT_POST_TOOL_USE_FAILURE},
    {"afterFileEdit", CU_EVENT_AFTER_FILE_EDIT},
    {"sessionEnd", CU_EVENT_SESSION_END},
    /* Events a catch-all config may route here that carry nothing we use. */
    {"sessionStart", CU_EVENT_IGNORED},
    {"beforeShellExecution", CU_EVENT_IGNORED},
    {"beforeMCPExecution", CU_EVENT_IGNORED},
    {"afterMCPExecution", CU_EVENT_IGNORED},
    {"beforeReadFile", CU_EVENT_IGNORED},
    {"afterAgentResponse", CU_EVENT_IGNORED},
    {"afterAgentThought", CU_EVENT_IGNORED},
    {"preToolUse", CU_EVENT_IGNORED},
    {"postToolUse", CU_EVENT_IGNORED},
    {"subagentStart", CU_EVENT_IGNORED},
    {"subagentStop", CU_EVENT_IGNORED},
};

static bool read_command(kit_js_cursor *c, cu_payload *p)
{
    p->has_command = kit_js_string(c, p->command, sizeof p->command);
    return p->has_command || kit_js_skip(c);
}

/* postToolUseFailure's tool_input.command: the shell command that failed. */
static bool tool_input_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    return KIT_JS_KEY_IS(key, n, "command") ? read_command(c, user) : kit_js_skip(c);
}

static bool read_tokens(kit_js_cursor *c, uint64_t *out, cu_payload *p)
{
    bool number = kit_js_u64(c, out);
    p->has_tokens |= number;
    return number || kit_js_skip(c);
}

/* stop's token counts (cursor-agent 2026.09 and later; absent before). */
static bool token_member(kit_js_cursor *c, const char *key, size_t n, cu_payload *p)
{
    if (KIT_JS_KEY_IS(key, n, "input_tokens"))
        return read_tokens(c, &p->input_tokens, p);
    if (KIT_JS_KEY_IS(key, n, "output_tokens"))
        return read_tokens(c, &p->output_tokens, p);
    if (KIT_JS_KEY_IS(key, n, "cache_read_tokens"))
        return read_tokens(c, &p->cache_read_tokens, p);
    if (KIT_JS_KEY_IS(key, n, "cache_write_tokens"))
        return read_tokens(c, &p->cache_write_tokens, p);
    return kit_js_skip(c);
}

static bool read_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    cu_payload *p = user;
    if (KIT_JS_KEY_IS(key, n, "hook_event_name"))
        return kit_js_string_or_skip(c, p->head.event_name, sizeof p->head.event_name);
    if (KIT_JS_KEY_IS(key, n, "conversation_id"))
        return kit_js_string_or_skip(c, p->head.session_id, sizeof p->head.session_id);
    if (KIT_JS_KEY_IS(key, n, "model"))
        return kit_js_string_or_skip(c, p->model, sizeof p->model);
    if (KIT_JS_KEY_IS(key, n, "status"))
        return kit_js_string_or_skip(c, p->status, sizeof p->status);
    if (KIT_JS_KEY_IS(key, n, "file_path"))
        return kit_js_string_or_skip(c, p->file_path, sizeof p->file_path);
    if (KIT_JS_KEY_IS(key, n, "command"))
        return read_command(c, p);
    if (KIT_JS_KEY_IS(key, n, "tool_input"))
        return kit_js_each_member(c, tool_input_member, p);
    if (KIT_JS_KEY_IS(key, n, "prompt")) {
        p->has_prompt = kit_js_string(c, p->prompt, sizeof p->prompt);
        return p->has_prompt || kit_js_skip(c);
    }
    return token_member(c, key, n, p);
}

bool cu_payload_parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    cu_payload *p = payload;
    memset(p, 0, offsetof(cu_payload, prompt)); /* the two text buffers are set when read */
    p->prompt[0] = p->command[0] = '\0';
    if (!kit_js_parse_object("the payload", text, len, read_member, p, err, errlen))
        return false;
    p->head.event = kit_frame_event_of(EVENTS, sizeof EVENTS / sizeof *EVENTS, p->head.event_name,
                                       CU_EVENT_UNKNOWN);
    return true;
}
