/* One transcript line: is it an API response's usage, a compaction boundary, or neither? Only
 * the members needed are read; message.content, which holds most of the bytes, is stepped over
 * with the scanner's memchr-based string skip. */
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
    if (KIT_JS_KEY_IS(key, n, "timestamp"))
        return kit_js_string_or_skip(c, f->timestamp, sizeof f->timestamp);
    if (KIT_JS_KEY_IS(key, n, "message"))
        return kit_js_each_member(c, message_member, rd);
    return kit_js_skip(c);
}

/* Cache writes as the transcript splits them. The total (cache_creation_input_tokens) is what
 * counts, as in ccusage; the split only says how much of it was written for an hour. Without a
 * split (older versions) every write is a 5-minute one, which is what they were. */
static void split_cache_writes(const line_fields *f, mt_usage *u)
{
    uint64_t total = f->has_total ? f->cache_creation : f->write_5m + f->write_1h;
    uint64_t one_hour = f->has_split ? f->write_1h : 0;
    if (one_hour > total)
        one_hour = total;
    u->cache_write_1h = one_hour;
    u->cache_write_5m = total - one_hour;
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
    memset(r, 0, sizeof *r);
    line_fields f = {0};
    reading rd = {&f, r};
    kit_js_cursor c = {line, line + len};
    if (kit_js_peek(&c) != '{' || !kit_js_each_member(&c, top_member, &rd) || !f.type)
        return CC_LINE_OTHER;
    if (KIT_JS_KEY_IS(f.type, f.type_len, "system") && f.subtype &&
        KIT_JS_KEY_IS(f.subtype, f.subtype_len, "compact_boundary"))
        return CC_LINE_COMPACT;
    if (!KIT_JS_KEY_IS(f.type, f.type_len, "assistant") || !f.has_usage ||
        strcmp(r->model, "<synthetic>") == 0)
        return CC_LINE_OTHER;
    split_cache_writes(&f, &r->usage);
    fill_ids(&f, r);
    if (!mt_parse_timestamp(f.timestamp, &r->at_ms))
        r->at_ms = 0;
    return CC_LINE_REPLY;
}
