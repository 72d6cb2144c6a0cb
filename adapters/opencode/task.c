/* What the plugin's payloads do to the session (docs/harnesses/opencode.md, "Tasks and
 * outcomes"):
 *
 *   begin  a task opens (the prompt classified, then forgotten); a task still open never got its
 *          end (OpenCode was killed) and is reported first, as cancelled
 *   end    the whole task: each response under the token rule, OpenCode's own cost, gates from
 *          shell commands and their exit status, files from edits, compactions; reported at once
 *
 * The plugin spawns each payload's hook detached, so an end can overtake its own begin: the
 * task's user message id tells them apart.
 */
#include <string.h>

#include "classify.h"
#include "hook.h"
#include "task_replay.h"

/* OpenCode's provider ids that name a provider of the event's list; any other (a gateway, a
 * cloud that hosts several families, a provider of the user's own) leaves the provider to the
 * model's name. */
static int provider_of(const char *id)
{
    static const char *const KNOWN[] = {"anthropic", "openai", "google",     "mistral",
                                        "deepseek",  "xai",    "openrouter", "ollama"};
    mosaic_provider provider;
    for (size_t i = 0; i < sizeof KNOWN / sizeof *KNOWN; i++)
        if (strcmp(id, KNOWN[i]) == 0 && mosaic_provider_parse(id, &provider) == MOSAIC_OK)
            return (int)provider;
    return -1;
}

void oc_finalize_task(oc_hook *h)
{
    oc_session *s = h->session;
    kit_frame_emit(h, MOSAIC_HARNESS_OPENCODE);
    /* Made or not, the task is done: retrying a broken config at every hook helps nobody. */
    memcpy(s->last_message_id, s->message_id, sizeof s->last_message_id);
    s->message_id[0] = '\0';
    kit_task_reset(&s->task);
}

void oc_end_unstopped(oc_hook *h)
{
    kit_task *t = &((oc_session *)h->session)->task;
    kit_task_end_at_last_activity(t, h->now_ms);
    t->outcome = MOSAIC_OUTCOME_CANCELLED;
}

static void open_task(oc_hook *h, int64_t start_ms, int task_type)
{
    oc_session *s = h->session;
    const oc_payload *p = h->payload;
    if (s->task.status == KIT_TASK_OPEN)
        oc_end_unstopped(h);
    if (s->task.status == KIT_TASK_ENDED)
        oc_finalize_task(h);
    kit_task_begin(&s->task, start_ms > 0 ? start_ms : h->now_ms, task_type);
    /* The model the message was sent to names a task that ends without a response (OpenCode
     * killed, the first request failed); any response's model outweighs it. */
    kit_task_default_model(&s->task, p->model);
    s->task.provider = provider_of(p->provider);
    memcpy(s->message_id, p->message_id, sizeof s->message_id);
}

static void begin(oc_hook *h)
{
    oc_session *s = h->session;
    const oc_payload *p = h->payload;
    if (p->message_id[0] &&
        (strcmp(p->message_id, s->last_message_id) == 0 ||
         (s->task.status == KIT_TASK_OPEN && strcmp(p->message_id, s->message_id) == 0)))
        return; /* its end came first, or it is here twice */
    mosaic_task_type type = mt_classify_task_type(p->prompt);
    open_task(h, p->start_ms, type == MOSAIC_TASK_TYPE_UNKNOWN ? -1 : (int)type);
}

/* The token rule (docs/abi.md, "Tokens"): OpenCode's input leaves the cache out and its output
 * leaves reasoning out; both are put back. */
static void add_response(kit_task *t, const oc_response *r)
{
    mt_usage usage = {.input = r->input,
                      .output = r->output + r->reasoning,
                      .cache_write_5m = r->cache_write,
                      .cache_read = r->cache_read};
    kit_task_add_response(t, r->model, &usage, !r->subagent, r->completed_ms);
}

/* The provider OpenCode named for the model the event will carry (the most output, the first on
 * a tie), when it is one of the event's list. */
static int task_provider(const oc_payload *p)
{
    const oc_response *top = NULL;
    uint64_t top_output = 0;
    for (size_t i = 0; i < p->n_responses; i++) {
        const oc_response *r = &p->responses[i];
        uint64_t output = 0;
        for (size_t j = 0; j < p->n_responses; j++)
            if (strcmp(p->responses[j].model, r->model) == 0)
                output += p->responses[j].output + p->responses[j].reasoning;
        if (!top || output > top_output)
            top = r, top_output = output;
    }
    return top ? provider_of(top->provider) : -1;
}

static void add_responses(kit_task *t, const oc_payload *p)
{
    uint64_t cost = 0;
    for (size_t i = 0; i < p->n_responses; i++) {
        add_response(t, &p->responses[i]);
        cost += p->responses[i].cost_micros;
    }
    /* OpenCode's own cost is the task's; a model OpenCode has no price for costs 0 there, and
     * is then priced from the price table as every response was. */
    if (cost > 0)
        t->cost_micros = cost;
    int provider = task_provider(p);
    if (provider >= 0 || p->n_responses)
        t->provider = provider;
}

static void add_tools(kit_task *t, const oc_payload *p)
{
    for (size_t i = 0; i < p->n_tools; i++) {
        const oc_tool *tool = &p->tools[i];
        mosaic_quality_gate gate;
        if (tool->is_bash && tool->command && tool->has_exit &&
            mt_classify_gate(tool->command, &gate))
            kit_task_gate_finished(t, 0, gate, tool->exit == 0);
        else if (tool->file && tool->file[0])
            kit_task_touch_file(t, tool->file);
    }
}

/* success; failure on an error of the session or of its last response; cancelled when that
 * error is the user's abort; partial when a gate's last run failed. */
static int outcome_of(const kit_task *t, const oc_payload *p)
{
    const char *error = p->error;
    for (size_t i = p->n_responses; !error[0] && i-- > 0;)
        if (!p->responses[i].subagent) {
            error = p->responses[i].error;
            break;
        }
    if (strcmp(error, "MessageAbortedError") == 0)
        return MOSAIC_OUTCOME_CANCELLED;
    if (error[0])
        return MOSAIC_OUTCOME_FAILURE;
    return t->gates_failed ? MOSAIC_OUTCOME_PARTIAL : MOSAIC_OUTCOME_SUCCESS;
}

static void end(oc_hook *h)
{
    oc_session *s = h->session;
    const oc_payload *p = h->payload;
    if (p->message_id[0] && strcmp(p->message_id, s->last_message_id) == 0)
        return; /* reported already (without an id, nothing tells: each end is a task) */
    if (s->task.status != KIT_TASK_OPEN || strcmp(p->message_id, s->message_id) != 0)
        open_task(h, p->start_ms, -1); /* its begin is late or lost */
    kit_task *t = &s->task;
    if (p->start_ms > 0)
        t->start_ms = p->start_ms;
    t->end_ms = p->end_ms >= t->start_ms ? p->end_ms : h->now_ms;
    add_responses(t, p);
    add_tools(t, p);
    t->compactions += p->compactions;
    t->outcome = outcome_of(t, p);
    t->status = KIT_TASK_ENDED;
    oc_finalize_task(h);
}

void oc_apply_event(oc_hook *h)
{
    const oc_payload *p = h->payload;
    if (p->head.event == OC_EVENT_BEGIN) {
        begin(h);
        h->sweep = true; /* tasks of OpenCode processes that were killed */
    } else if (p->head.event == OC_EVENT_END) {
        end(h);
    }
}
