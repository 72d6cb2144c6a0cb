/* The task's share of the rollouts (docs/harnesses/codex.md, "Tokens"): the session's own, read
 * from the saved position, and each subagent's. Tokens come from the per-response
 * token_usage_record lines, each response counted once (the seen set, by response id); a rollout
 * without them (older Codex) gives the change of total_token_usage instead, which a repeated
 * last_token_usage cannot inflate. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "hash.h"
#include "hook.h"
#include "seen_set.h"

typedef struct reading {
    cx_session *s;
    kit_seen *seen;
    bool count;       /* false: before the task, only the running state moves */
    bool main_thread; /* the session's own rollout (not a subagent's) */
    char model[CX_MODEL_MAX];
} reading;

uint64_t cx_call_key(const char *call_id)
{
    return kit_hash(call_id, strlen(call_id), KIT_HASH_SEED);
}

static uint64_t minus(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

/* Codex's figures to the token rule (docs/abi.md, "Tokens"): cached (and cache writes) are
 * inside input_tokens, reasoning inside output_tokens. */
static void add_usage(reading *rd, const cx_tokens *u, int64_t at_ms)
{
    mt_usage usage = {.input = minus(u->input, u->cached + u->cache_write),
                      .output = u->output,
                      .cache_write_5m = u->cache_write,
                      .cache_read = u->cached};
    kit_task_add_response(&rd->s->task, rd->model, &usage, rd->main_thread, at_ms);
}

static bool seen_before(kit_seen *seen, const char *id)
{
    if (!id[0])
        return false;
    uint64_t key = kit_hash(id, strlen(id), KIT_HASH_SEED ^ 2);
    if (kit_seen_has_pair(seen, key))
        return true;
    kit_seen_add(seen, key, key, 0);
    return false;
}

/* total_token_usage moved on: its change is one or more responses (a smaller total is a new
 * thread's, a new baseline). */
static void on_total(reading *rd, const cx_line *l)
{
    cx_session *s = rd->s;
    const cx_tokens *now = &l->usage, *was = &s->total;
    bool grew = now->input >= was->input && now->output >= was->output &&
                now->cached >= was->cached && now->cache_write >= was->cache_write;
    cx_tokens delta = {now->input - was->input, now->cached - was->cached,
                       now->cache_write - was->cache_write, now->output - was->output, 0};
    if (grew && rd->count && !s->has_records && (delta.input || delta.output))
        add_usage(rd, &delta, l->at_ms);
    s->total = *now;
}

static void on_command(kit_task *t, const cx_line *l)
{
    uint64_t key = cx_call_key(l->id);
    for (size_t i = 0; i < t->n_pending; i++)
        if (t->pending[i].key == key) {
            kit_task_gate_finished(t, key, (mosaic_quality_gate)t->pending[i].gate,
                                   l->exit_code == 0);
            return;
        }
}

static void on_line(const cx_line *l, void *user)
{
    reading *rd = user;
    cx_session *s = rd->s;
    kit_task *t = &s->task;
    bool mine = rd->count && rd->main_thread;
    switch (l->kind) {
    case CX_LINE_MODEL:
        memcpy(rd->model, l->model, sizeof rd->model);
        if (rd->main_thread)
            memcpy(s->model, l->model, sizeof s->model);
        break;
    case CX_LINE_RESPONSE:
        s->has_records = true;
        if (rd->count && !seen_before(rd->seen, l->id))
            add_usage(rd, &l->usage, l->at_ms);
        break;
    case CX_LINE_TOTAL:
    case CX_LINE_STARTED:
        if (l->kind == CX_LINE_TOTAL && rd->main_thread)
            on_total(rd, l);
        if (mine && l->window)
            t->context_window = l->window;
        break;
    case CX_LINE_COMPLETE: s->turn_failed = mine ? l->error : s->turn_failed; break;
    case CX_LINE_COMPACTED:
        if (mine && t->precompacts_unmatched > 0)
            t->precompacts_unmatched--;
        else if (mine && t->compactions < UINT32_MAX)
            t->compactions++;
        break;
    case CX_LINE_COMMAND:
        if (rd->count)
            on_command(t, l);
        break;
    default: break;
    }
}

typedef struct problems {
    uint64_t malformed;
    char first[KIT_PATH_MAX + 256];
} problems;

static void read_one(reading *rd, const char *path, kit_file_pos *pos, problems *pb)
{
    char why[KIT_PATH_MAX + 256];
    struct stat st;
    if (stat(path, &st) != 0)
        return; /* a rollout not written yet is normal */
    if (!cx_rollout_read(path, pos, on_line, rd, &pb->malformed, why, sizeof why) && !pb->first[0])
        snprintf(pb->first, sizeof pb->first, "%s", why);
}

/* A subagent's rollout: from where it was left, else from its start. */
static void read_subagent(reading *rd, const char *path, problems *pb)
{
    kit_file_pos pos = {kit_seen_offset(rd->seen, path), 0};
    memcpy(rd->model, rd->s->model, sizeof rd->model);
    read_one(rd, path, &pos, pb);
    kit_seen_set_offset(rd->seen, path, pos.offset);
}

void cx_hook_collect(cx_hook *h, bool count)
{
    cx_session *s = h->session;
    char seen_path[KIT_PATH_MAX + 200], err[256];
    kit_store_path(&h->store, ".seen", seen_path, sizeof seen_path);
    kit_seen *seen = kit_seen_load(seen_path, s->seen_len);
    if (!seen) {
        cx_log("out of memory");
        return;
    }
    reading rd = {.s = s, .seen = seen, .count = count, .main_thread = true};
    memcpy(rd.model, s->model, sizeof rd.model);
    problems pb = {0, ""};
    if (s->rollout[0])
        read_one(&rd, s->rollout, &s->pos, &pb);
    rd.main_thread = false;
    for (size_t i = 0; count && i < s->task.n_extra_paths; i++)
        read_subagent(&rd, s->task.extra_paths[i], &pb);
    if (!kit_seen_commit(seen, &s->seen_len, err, sizeof err) && !pb.first[0])
        snprintf(pb.first, sizeof pb.first, "%s", err);
    kit_seen_free(seen);
    if (h->collect_logged)
        return;
    if (pb.malformed)
        cx_log("%s: %llu malformed line(s) skipped", s->rollout, (unsigned long long)pb.malformed);
    if (pb.first[0])
        cx_log("%s", pb.first);
    h->collect_logged = pb.malformed || pb.first[0];
}
