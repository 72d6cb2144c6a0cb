/* Reading a hook payload: one pass with the kit's in-place scanner. The camelCase payloads carry
 * no event name (only permissionRequest has a hookName), so the event is told by the members
 * each event has and the others lack (docs/harnesses/copilot-cli.md, "What the hooks receive"):
 *
 *   hookName                  that event (permissionRequest)
 *   toolResult                postToolUse          toolName and error   postToolUseFailure
 *   toolName                  preToolUse           errorContext         errorOccurred
 *   stopReason                agentStop            prompt               userPromptSubmitted
 *   source                    sessionStart         trigger              preCompact
 *   reason                    sessionEnd
 *
 * and a subagent's hooks are its parent's (subagent() below).
 */
#include "payload.h"

#include <stdio.h>
#include <string.h>

#include "jscan.h"

/* Members that tell the event, seen or not. */
enum {
    HAS_TOOL_NAME = 1 << 0,
    HAS_TOOL_RESULT = 1 << 1,
    HAS_ERROR = 1 << 2,
    HAS_ERROR_CONTEXT = 1 << 3,
    HAS_STOP_REASON = 1 << 4,
    HAS_SOURCE = 1 << 5,
    HAS_TRIGGER = 1 << 6,
    HAS_REASON = 1 << 7,
};

typedef struct reading {
    cp_payload *p;
    unsigned seen;
    char hook_name[CP_WORD_MAX];
    char agent_id[CP_ID_MAX], parent_agent_id[CP_ID_MAX];
} reading;

static const struct {
    const char *name;
    cp_event event;
} NAMES[] = {
    {"sessionStart", CP_EVENT_SESSION_START},
    {"userPromptSubmitted", CP_EVENT_USER_PROMPT_SUBMITTED},
    {"preToolUse", CP_EVENT_PRE_TOOL_USE},
    {"postToolUse", CP_EVENT_POST_TOOL_USE},
    {"postToolUseFailure", CP_EVENT_POST_TOOL_USE_FAILURE},
    {"preCompact", CP_EVENT_PRE_COMPACT},
    {"errorOccurred", CP_EVENT_ERROR_OCCURRED},
    {"agentStop", CP_EVENT_AGENT_STOP},
    {"sessionEnd", CP_EVENT_SESSION_END},
    {"permissionRequest", CP_EVENT_IGNORED},
    {"subagentStop", CP_EVENT_IGNORED},
};

/* The name of an event the adapter uses ("" for the others). */
static const char *name_of(cp_event event)
{
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        if (NAMES[i].event == event && event != CP_EVENT_IGNORED)
            return NAMES[i].name;
    return "";
}

static cp_event event_named(const char *name)
{
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        if (strcmp(name, NAMES[i].name) == 0)
            return NAMES[i].event;
    return CP_EVENT_UNKNOWN;
}

/* toolArgs.path: the file an edit or create wrote. */
static bool tool_args_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    cp_payload *p = user;
    if (KIT_JS_KEY_IS(key, n, "path"))
        return kit_js_string_or_skip(c, p->tool_path, sizeof p->tool_path);
    return kit_js_skip(c);
}

/* A member whose presence alone tells the event: recorded, then skipped. */
static bool flag(kit_js_cursor *c, reading *r, unsigned bit)
{
    r->seen |= bit;
    return kit_js_skip(c);
}

static bool read_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *r = user;
    cp_payload *p = r->p;
    if (KIT_JS_KEY_IS(key, n, "sessionId"))
        return kit_js_string_or_skip(c, p->head.session_id, sizeof p->head.session_id);
    if (KIT_JS_KEY_IS(key, n, "agentId"))
        return kit_js_string_or_skip(c, r->agent_id, sizeof r->agent_id);
    if (KIT_JS_KEY_IS(key, n, "parentAgentId"))
        return kit_js_string_or_skip(c, r->parent_agent_id, sizeof r->parent_agent_id);
    if (KIT_JS_KEY_IS(key, n, "hookName"))
        return kit_js_string_or_skip(c, r->hook_name, sizeof r->hook_name);
    if (KIT_JS_KEY_IS(key, n, "transcriptPath"))
        return kit_js_string_or_skip(c, p->head.transcript_path, sizeof p->head.transcript_path);
    if (KIT_JS_KEY_IS(key, n, "toolName")) {
        r->seen |= HAS_TOOL_NAME;
        return kit_js_string_or_skip(c, p->tool_name, sizeof p->tool_name);
    }
    if (KIT_JS_KEY_IS(key, n, "toolArgs"))
        return kit_js_each_member(c, tool_args_member, p);
    if (KIT_JS_KEY_IS(key, n, "prompt")) {
        p->has_prompt = kit_js_string(c, p->prompt, sizeof p->prompt);
        return p->has_prompt || kit_js_skip(c);
    }
    if (KIT_JS_KEY_IS(key, n, "reason")) {
        r->seen |= HAS_REASON;
        return kit_js_string_or_skip(c, p->reason, sizeof p->reason);
    }
    static const struct {
        const char *key;
        unsigned bit;
    } FLAGS[] = {{"toolResult", HAS_TOOL_RESULT},
                 {"error", HAS_ERROR},
                 {"errorContext", HAS_ERROR_CONTEXT},
                 {"stopReason", HAS_STOP_REASON},
                 {"source", HAS_SOURCE},
                 {"trigger", HAS_TRIGGER}};
    for (size_t i = 0; i < sizeof FLAGS / sizeof *FLAGS; i++)
        if (n == strlen(FLAGS[i].key) && memcmp(key, FLAGS[i].key, n) == 0)
            return flag(c, r, FLAGS[i].bit);
    return kit_js_skip(c);
}

/* The event the members say, most telling first (table at the top of the file). */
static cp_event infer(const reading *r)
{
    unsigned s = r->seen;
    if (r->hook_name[0])
        return event_named(r->hook_name);
    if (s & HAS_TOOL_RESULT)
        return CP_EVENT_POST_TOOL_USE;
    if ((s & HAS_TOOL_NAME) && (s & HAS_ERROR))
        return CP_EVENT_POST_TOOL_USE_FAILURE;
    if (s & HAS_TOOL_NAME)
        return CP_EVENT_PRE_TOOL_USE;
    if (s & HAS_ERROR_CONTEXT)
        return CP_EVENT_ERROR_OCCURRED;
    if (s & HAS_STOP_REASON)
        return CP_EVENT_AGENT_STOP;
    if (r->p->has_prompt)
        return CP_EVENT_USER_PROMPT_SUBMITTED;
    if (s & HAS_SOURCE)
        return CP_EVENT_SESSION_START;
    if (s & HAS_TRIGGER)
        return CP_EVENT_PRE_COMPACT;
    if (s & HAS_REASON)
        return CP_EVENT_SESSION_END;
    return CP_EVENT_UNKNOWN;
}

/* Inside a subagent, Copilot fires hooks with the subagent's id as sessionId and its parent's
 * as parentAgentId (its requests and tools are in the parent's log): they belong to the parent's
 * session. subagentStart and subagentStop come from the parent about a subagent (agentId is not
 * sessionId); subagentStop has a stopReason, so it would pass for agentStop: ignored. */
static void subagent(reading *r)
{
    cp_payload *p = r->p;
    if (!r->agent_id[0])
        return;
    if (strcmp(r->agent_id, p->head.session_id) != 0) {
        p->head.event = CP_EVENT_IGNORED;
    } else if (r->parent_agent_id[0]) {
        p->in_subagent = true;
        memcpy(p->head.session_id, r->parent_agent_id, sizeof p->head.session_id);
    }
}

bool cp_payload_parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    cp_payload *p = payload;
    memset(p, 0, offsetof(cp_payload, prompt)); /* the prompt is set when read */
    p->prompt[0] = '\0';
    reading r = {.p = p};
    if (!kit_js_parse_object("the payload", text, len, read_member, &r, err, errlen))
        return false;
    p->head.event = infer(&r);
    subagent(&r);
    snprintf(p->head.event_name, sizeof p->head.event_name, "%s",
             r.hook_name[0] ? r.hook_name : name_of(p->head.event));
    return true;
}
