/* One transcript line: is it an API response's usage, a compaction boundary, or neither? Only
 * the members needed are read; message.content, which holds most of the bytes, is stepped over
 * with the scanner's memchr-based string skip. */
#include <stddef.h>
#include <string.h>

#include "clock.h"
#include "hash.h"
#include "jscan.h"
#include "transcript.h"

/* What the top level and message say, before deciding what the line is. */
typedef struct line_fields {
    const char *type, *subtype, *request_id, *message_id;
    size_t type_len, subtype_len, request_id_len, message_id_len;
    bool has_usage;
    bool api_error;              /* isApiErrorMessage: true */
    bool has_total;              /* cache_creation_input_tokens present */
    uint64_t cache_creation;     /* cache_creation_input_tokens */
    bool has_split;              /* cache_creation {...} present */
    uint64_t write_5m, write_1h; /* its ephemeral_5m_/ephemeral_1h_input_tokens */
    char timestamp[32];
} line_fields;

/* What a member reader fills: the raw members, and the reply they become. */
typedef struct reading {
    line_fields *f;
    cc_reply *r;
} reading;

static bool cache_split_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    line_fields *f = user;
    uint64_t *target = KIT_JS_KEY_IS(key, n, "ephemeral_5m_input_tokens")   ? &f->write_5m
                       : KIT_JS_KEY_IS(key, n, "ephemeral_1h_input_tokens") ? &f->write_1h
                                                                            : NULL;
    return target ? kit_js_u64_or_skip(c, target) : kit_js_skip(c);
}

static bool usage_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *rd = user;
    line_fields *f = rd->f;
    mt_usage *u = &rd->r->usage;
    if (KIT_JS_KEY_IS(key, n, "input_tokens"))
        return kit_js_u64_or_skip(c, &u->input);
    if (KIT_JS_KEY_IS(key, n, "output_tokens"))
        return kit_js_u64_or_skip(c, &u->output);
    if (KIT_JS_KEY_IS(key, n, "cache_read_input_tokens"))
        return kit_js_u64_or_skip(c, &u->cache_read);
    if (KIT_JS_KEY_IS(key, n, "cache_creation_input_tokens")) {
        f->has_total = true;
        return kit_js_u64_or_skip(c, &f->cache_creation);
    }
    if (KIT_JS_KEY_IS(key, n, "cache_creation")) {
        f->has_split = f->has_split || kit_js_peek(c) == '{';
        return kit_js_each_member(c, cache_split_member, f);
    }
    return kit_js_skip(c);
}

static bool message_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *rd = user;
    line_fields *f = rd->f;
    if (KIT_JS_KEY_IS(key, n, "id"))
        return kit_js_raw_string(c, &f->message_id, &f->message_id_len) || kit_js_skip(c);
    if (KIT_JS_KEY_IS(key, n, "model"))
        return kit_js_string_or_skip(c, rd->r->model, sizeof rd->r->model);
    if (KIT_JS_KEY_IS(key, n, "usage")) {
        f->has_usage = f->has_usage || kit_js_peek(c) == '{';
        return kit_js_each_member(c, usage_member, rd);
    }
    return kit_js_skip(c);
}

/* Cache writes as usage splits them. Before 2.1.152 a transcript could say
 * cache_creation_input_tokens: 0 beside non-zero 5-minute and 1-hour parts, so the larger of the
 * total and the sum of the parts counts; the parts say how much was written for an hour.
 * Without parts (older versions) every write is a 5-minute one, which is what they were. */
static void split_cache_writes(uint64_t total, uint64_t write_5m, uint64_t write_1h, bool has_split,
                               mt_usage *u)
{
    uint64_t parts = write_5m + write_1h;
    if (parts > total)
        total = parts;
    uint64_t one_hour = has_split ? write_1h : 0;
    u->cache_write_1h = one_hour;
    u->cache_write_5m = total - one_hour;
}

/* One model's entry of a cost-state line's modelUsage (camelCase, unlike message.usage). */
typedef struct model_usage_fields {
    cc_model_usage *m;
    uint64_t total, write_5m, write_1h;
} model_usage_fields;

static bool model_usage_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    model_usage_fields *f = user;
    uint64_t *target = KIT_JS_KEY_IS(key, n, "inputTokens")                ? &f->m->usage.input
                       : KIT_JS_KEY_IS(key, n, "outputTokens")             ? &f->m->usage.output
                       : KIT_JS_KEY_IS(key, n, "cacheReadInputTokens")     ? &f->m->usage.cache_read
                       : KIT_JS_KEY_IS(key, n, "cacheCreationInputTokens") ? &f->total
                       : KIT_JS_KEY_IS(key, n, "cacheCreationEphemeral5mInputTokens") ? &f->write_5m
                       : KIT_JS_KEY_IS(key, n, "cacheCreationEphemeral1hInputTokens") ? &f->write_1h
                                                                                      : NULL;
    return target ? kit_js_u64_or_skip(c, target) : kit_js_skip(c);
}

/* modelUsage: {"<model>": {...}, ...}; models past CC_COST_MODELS are left out. */
static bool cost_model_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    cc_cost_state *cost = user;
    if (cost->n == CC_COST_MODELS || kit_js_peek(c) != '{')
        return kit_js_skip(c);
    model_usage_fields f = {.m = &cost->models[cost->n]};
    memset(f.m, 0, sizeof *f.m);
    size_t len = n < sizeof f.m->model - 1 ? n : sizeof f.m->model - 1;
    memcpy(f.m->model, key, len);
    f.m->model[len] = '\0';
    if (!kit_js_each_member(c, model_usage_member, &f))
        return false;
    split_cache_writes(f.total, f.write_5m, f.write_1h, true, &f.m->usage);
    cost->n++;
    return true;
}

/* An api-request line's params: the model asked for. */
static bool params_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    cc_reply *r = user;
    if (KIT_JS_KEY_IS(key, n, "model"))
        return kit_js_string_or_skip(c, r->model, sizeof r->model);
    return kit_js_skip(c);
}

static bool top_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *rd = user;
    line_fields *f = rd->f;
    if (KIT_JS_KEY_IS(key, n, "type"))
        return kit_js_raw_string(c, &f->type, &f->type_len) || kit_js_skip(c);
    if (KIT_JS_KEY_IS(key, n, "subtype"))
        return kit_js_raw_string(c, &f->subtype, &f->subtype_len) || kit_js_skip(c);
    if (KIT_JS_KEY_IS(key, n, "requestId"))
        return kit_js_raw_string(c, &f->request_id, &f->request_id_len) || kit_js_skip(c);
    if (KIT_JS_KEY_IS(key, n, "isSidechain"))
        return kit_js_bool_or_skip(c, &rd->r->sidechain);
    if (KIT_JS_KEY_IS(key, n, "isApiErrorMessage"))
        return kit_js_bool_or_skip(c, &f->api_error);
    if (KIT_JS_KEY_IS(key, n, "modelUsage")) {
        rd->r->cost.n = 0;
        return kit_js_each_member(c, cost_model_member, &rd->r->cost);
    }
    if (KIT_JS_KEY_IS(key, n, "timestamp"))
        return kit_js_string_or_skip(c, f->timestamp, sizeof f->timestamp);
    if (KIT_JS_KEY_IS(key, n, "message"))
        return kit_js_each_member(c, message_member, rd);
    if (KIT_JS_KEY_IS(key, n, "params"))
        return kit_js_each_member(c, params_member, rd->r);
    return kit_js_skip(c);
}

static void fill_ids(const line_fields *f, cc_reply *r)
{
    r->has_id = f->message_id != NULL;
    if (!r->has_id)
        return;
    r->id_hash = kit_hash(f->message_id, f->message_id_len, KIT_HASH_SEED);
    uint64_t h = kit_hash("", 1, r->id_hash); /* a separator, so "ab"+"c" != "a"+"bc" */
    r->pair_hash = kit_hash(f->request_id ? f->request_id : "", f->request_id_len, h);
}

cc_line_kind cc_line_parse(const char *line, size_t len, cc_reply *r)
{
    memset(r, 0, offsetof(cc_reply, cost)); /* the cost part is only for cost-state lines */
    r->cost.n = 0;
    line_fields f = {0};
    reading rd = {&f, r};
    kit_js_cursor c = {line, line + len};
    if (kit_js_peek(&c) != '{' || !kit_js_each_member(&c, top_member, &rd) || !f.type)
        return CC_LINE_OTHER;
    if (KIT_JS_KEY_IS(f.type, f.type_len, "system") && f.subtype &&
        KIT_JS_KEY_IS(f.subtype, f.subtype_len, "compact_boundary"))
        return CC_LINE_COMPACT;
    if (KIT_JS_KEY_IS(f.type, f.type_len, "cost-state"))
        return CC_LINE_COST_STATE;
    if (KIT_JS_KEY_IS(f.type, f.type_len, "api-request"))
        return r->model[0] ? CC_LINE_REQUEST : CC_LINE_OTHER;
    if (!KIT_JS_KEY_IS(f.type, f.type_len, "assistant"))
        return CC_LINE_OTHER;
    if (!mt_parse_timestamp(f.timestamp, &r->at_ms))
        r->at_ms = 0;
    if (f.api_error || strcmp(r->model, "<synthetic>") == 0)
        return r->sidechain ? CC_LINE_OTHER : CC_LINE_API_ERROR;
    if (!f.has_usage)
        return CC_LINE_OTHER;
    split_cache_writes(f.has_total ? f.cache_creation : 0, f.write_5m, f.write_1h, f.has_split,
                       &r->usage);
    fill_ids(&f, r);
    return CC_LINE_REPLY;
}
