/* Reading a hook payload with json-c: run_commands reports each command's result in an array
 * (tool_result.output[i]), which the kit's scanner does not walk. */
#include "payload.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "hook_frame.h"
#include "json_fields.h"

static const kit_event_name EVENTS[] = {
    {"agent_start", CL_EVENT_TASK_START},
    {"agent_resume", CL_EVENT_TASK_RESUME},
    {"prompt_submit", CL_EVENT_USER_PROMPT_SUBMIT},
    {"tool_result", CL_EVENT_POST_TOOL_USE},
    {"agent_end", CL_EVENT_TASK_COMPLETE},
    {"agent_error", CL_EVENT_TASK_ERROR},
    {"agent_abort", CL_EVENT_TASK_CANCEL},
    {"session_shutdown", CL_EVENT_SESSION_SHUTDOWN},
    {"tool_call", CL_EVENT_IGNORED},
};

static json_object *member(json_object *o, const char *key)
{
    json_object *v = NULL;
    return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* A command succeeded when its result says so; without `success`, when it has no `error`. */
static bool command_passed(json_object *result)
{
    json_object *success = member(result, "success");
    if (success && json_object_is_type(success, json_type_boolean))
        return json_object_get_boolean(success);
    return member(result, "error") == NULL;
}

/* run_commands: output[i] {query, result, error, success}, one per command. */
static void read_commands(cl_payload *p, json_object *output)
{
    if (!output || !json_object_is_type(output, json_type_array))
        return;
    size_t n = json_object_array_length(output);
    for (size_t i = 0; i < n && p->n_commands < CL_COMMANDS; i++) {
        json_object *result = json_object_array_get_idx(output, i);
        if (!json_object_is_type(result, json_type_object))
            continue;
        cl_command *c = &p->commands[p->n_commands];
        kit_json_text(result, "query", c->text, sizeof c->text);
        c->passed = command_passed(result);
        p->n_commands += c->text[0] != '\0';
    }
}

static void read_tool_result(cl_payload *p, json_object *tool)
{
    if (!tool || !json_object_is_type(tool, json_type_object))
        return;
    kit_json_text(tool, "name", p->tool_name, sizeof p->tool_name);
    kit_json_text(tool, "id", p->tool_id, sizeof p->tool_id);
    if (strcmp(p->tool_name, "run_commands") == 0)
        read_commands(p, member(tool, "output"));
    json_object *input = member(tool, "input");
    if (!input || !json_object_is_type(input, json_type_object))
        return;
    if (strcmp(p->tool_name, "apply_patch") == 0)
        kit_json_text(input, "input", p->patch, sizeof p->patch);
    else if (strcmp(p->tool_name, "editor") == 0)
        kit_json_text(input, "path", p->path, sizeof p->path);
}

bool cl_payload_parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    cl_payload *p = payload;
    memset(p, 0, offsetof(cl_payload, prompt)); /* the text buffers are set when read */
    p->prompt[0] = p->patch[0] = '\0';
    json_object *root = kit_json_parse_object(text, len);
    if (!root) {
        snprintf(err, errlen, "the payload is not a well-formed JSON object");
        return false;
    }
    kit_json_text(root, "hookName", p->head.event_name, sizeof p->head.event_name);
    kit_json_text(member(root, "sessionContext"), "rootSessionId", p->head.session_id,
                  sizeof p->head.session_id);
    json_object *parent = member(root, "parent_agent_id");
    p->in_subagent = parent && json_object_is_type(parent, json_type_string);
    read_tool_result(p, member(root, "tool_result"));
    json_object *submit = member(root, "userPromptSubmit");
    if (submit && json_object_is_type(member(submit, "prompt"), json_type_string)) {
        kit_json_text(submit, "prompt", p->prompt, sizeof p->prompt);
        p->has_prompt = true;
    }
    p->head.event = kit_frame_event_of(EVENTS, sizeof EVENTS / sizeof *EVENTS, p->head.event_name,
                                       CL_EVENT_UNKNOWN);
    json_object_put(root);
    return true;
}
