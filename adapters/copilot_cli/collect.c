/* The task's share of the session's events.jsonl (docs/harnesses/copilot-cli.md, "Tokens"),
 * read from the saved position: each session.usage_record line is one model request, counted
 * once (the seen set, by the line's id); a shell tool's start names a gate when the classifier
 * finds one, and its completion gives the exit code. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "classify.h"
#include "hash.h"
#include "hook.h"
#include "seen_set.h"

typedef struct reading {
    cp_session *s;
    kit_seen *seen;
    bool count; /* false: before the task, only the position and the model move */
} reading;

static uint64_t key_of(const char *id, uint64_t seed)
{
    return kit_hash(id, strlen(id), seed);
}

static uint64_t minus(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

/* Copilot's figures to the token rule (docs/abi.md, "Tokens"): cache reads (and writes) are
 * inside inputTokens, reasoning inside outputTokens. */
static void add_usage(reading *rd, const cp_line *l)
{
    const cp_tokens *u = &l->usage;
    kit_task *t = &rd->s->task;
    mt_usage usage = {.input = minus(u->input, u->cache_read + u->cache_write),
                      .output = u->output,
                      .cache_write_5m = u->cache_write,
                      .cache_read = u->cache_read};
    kit_task_add_response(t, l->model[0] ? l->model : rd->s->model, &usage, true, l->at_ms);
    if (l->max_prompt)
        t->context_window = l->max_prompt;
}

static bool seen_before(kit_seen *seen, const char *id)
{
    if (!id[0])
        return false;
    uint64_t key = key_of(id, KIT_HASH_SEED ^ 2);
    if (kit_seen_has_pair(seen, key))
        return true;
    kit_seen_add(seen, key, key, 0);
    return false;
}

static void on_tool_done(kit_task *t, const cp_line *l)
{
    uint64_t key = key_of(l->id, KIT_HASH_SEED);
    for (size_t i = 0; i < t->n_pending; i++)
        if (t->pending[i].key == key) {
            kit_task_gate_finished(t, key, (mosaic_quality_gate)t->pending[i].gate,
                                   l->exit_code == 0);
            return;
        }
}

static void on_line(const cp_line *l, void *user)
{
    reading *rd = user;
    kit_task *t = &rd->s->task;
    mosaic_quality_gate gate;
    switch (l->kind) {
    case CP_LINE_START: memcpy(rd->s->model, l->model, sizeof rd->s->model); break;
    case CP_LINE_USAGE:
        if (rd->count && !seen_before(rd->seen, l->id))
            add_usage(rd, l);
        break;
    case CP_LINE_TOOL_START:
        if (rd->count && mt_classify_gate(l->command, &gate))
            kit_task_gate_started(t, key_of(l->id, KIT_HASH_SEED), gate);
        break;
    case CP_LINE_TOOL_DONE:
        if (rd->count)
            on_tool_done(t, l);
        break;
    default: break;
    }
}

void cp_hook_collect(cp_hook *h, bool count)
{
    cp_session *s = h->session;
    struct stat st;
    if (!s->log[0] || stat(s->log, &st) != 0)
        return; /* a log not written yet is normal */
    char seen_path[KIT_PATH_MAX + 200], why[KIT_PATH_MAX + 256] = "";
    kit_store_path(&h->store, ".seen", seen_path, sizeof seen_path);
    kit_seen *seen = kit_seen_load(seen_path, s->seen_len);
    if (!seen) {
        cp_log("out of memory");
        return;
    }
    reading rd = {.s = s, .seen = seen, .count = count};
    uint64_t malformed = 0;
    cp_log_read(s->log, &s->pos, on_line, &rd, &malformed, why, sizeof why);
    char err[256];
    if (!kit_seen_commit(seen, &s->seen_len, err, sizeof err) && !why[0])
        snprintf(why, sizeof why, "%s", err);
    kit_seen_free(seen);
    if (h->collect_logged)
        return;
    if (malformed)
        cp_log("%s: %llu malformed line(s) skipped", s->log, (unsigned long long)malformed);
    if (why[0])
        cp_log("%s", why);
    h->collect_logged = malformed || why[0];
}
