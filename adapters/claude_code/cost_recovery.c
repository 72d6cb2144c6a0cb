/* Recovering unrecorded usage from cost-state lines (see cost_recovery.h). */
#include "cost_recovery.h"

#include <stdio.h>
#include <string.h>

/* Whether a transcript's model name and a cost-state key name the same model: equal once a
 * trailing "-YYYYMMDD" date and a "[...]" tag (as in "[1m]") are set aside. */
static size_t stem_length(const char *model)
{
    size_t n = strcspn(model, "[");
    if (n > 9 && model[n - 9] == '-' && strspn(model + n - 8, "0123456789") >= 8)
        n -= 9;
    return n;
}

static bool same_model(const char *a, const char *b)
{
    size_t n = stem_length(a);
    return n == stem_length(b) && strncmp(a, b, n) == 0;
}

static cc_model_usage *entry(cc_cost_state *c, const char *model)
{
    for (size_t i = 0; i < c->n; i++)
        if (same_model(c->models[i].model, model))
            return &c->models[i];
    if (c->n == CC_COST_MODELS)
        return NULL;
    cc_model_usage *m = &c->models[c->n++];
    memset(m, 0, sizeof *m);
    snprintf(m->model, sizeof m->model, "%s", model);
    return m;
}

static const mt_usage *usage_of(const cc_cost_state *c, const char *model)
{
    static const mt_usage none;
    for (size_t i = 0; i < c->n; i++)
        if (same_model(c->models[i].model, model))
            return &c->models[i].usage;
    return &none;
}

void cc_cost_count(cc_session *s, const char *model, const mt_usage *u)
{
    cc_model_usage *m = entry(&s->counted, model);
    if (!m)
        return;
    m->usage.input += u->input;
    m->usage.output += u->output;
    m->usage.cache_read += u->cache_read;
    m->usage.cache_write_5m += u->cache_write_5m;
    m->usage.cache_write_1h += u->cache_write_1h;
}

/* now - before - counted, never below zero (a line that counts less than the transcripts did
 * adds nothing). */
static uint64_t beyond(uint64_t now, uint64_t before, uint64_t counted)
{
    uint64_t known = before + counted;
    return now > known ? now - known : 0;
}

void cc_cost_recover(cc_session *s, const cc_cost_state *line)
{
    for (size_t i = 0; s->cost_base_known && i < line->n; i++) {
        const cc_model_usage *now = &line->models[i];
        const mt_usage *b = usage_of(&s->cost_base, now->model);
        const mt_usage *c = usage_of(&s->counted, now->model);
        mt_usage extra = {
            .input = beyond(now->usage.input, b->input, c->input),
            .output = beyond(now->usage.output, b->output, c->output),
            .cache_read = beyond(now->usage.cache_read, b->cache_read, c->cache_read),
            .cache_write_5m =
                beyond(now->usage.cache_write_5m, b->cache_write_5m, c->cache_write_5m),
            .cache_write_1h =
                beyond(now->usage.cache_write_1h, b->cache_write_1h, c->cache_write_1h),
        };
        bool any = extra.input || extra.output || extra.cache_read || extra.cache_write_5m ||
                   extra.cache_write_1h;
        if (any && s->task.status != KIT_TASK_NONE)
            kit_task_add_response(&s->task, now->model, &extra, false, 0);
    }
    s->cost_base = *line;
    s->cost_base_known = true;
    s->counted.n = 0;
}

typedef struct last_line {
    cc_cost_state cost;
    bool found;
} last_line;

static void keep_cost_state(cc_line_kind kind, const cc_reply *reply, void *user)
{
    last_line *last = user;
    if (kind == CC_LINE_COST_STATE) {
        last->cost = reply->cost;
        last->found = true;
    }
}

/* Claude Code writes a cost-state line as its process exits, so the one a resumed session starts
 * from is near the transcript's end: only this much of the end is searched (less than the
 * foreground read budget, line_reader.h). A line cut at the start is no cost-state line. */
#define BASE_SEARCH_BYTES (16u << 20)

void cc_cost_find_base(cc_session *s)
{
    last_line last = {.found = false};
    kit_file_pos pos = {0, 0};
    if (s->pos.offset > BASE_SEARCH_BYTES)
        pos.offset = s->pos.offset - BASE_SEARCH_BYTES;
    char err[512];
    if (s->transcript[0])
        cc_transcript_read(s->transcript, &pos, keep_cost_state, &last, NULL, err, sizeof err);
    s->cost_base.n = 0;
    if (last.found)
        s->cost_base = last.cost;
    s->counted.n = 0;
    s->cost_base_known = true;
}
