/* One transcript line: is it an API response's usage, a compaction boundary, or neither? Only
 * the members needed are read; message.content, which holds most of the bytes, is stepped over
 * with the scanner's memchr-based string skip. */
#include <string.h>

#include "clock.h"
#include "jscan.h"
#include "transcript.h"

uint64_t cc_hash(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t hash = seed;
    for (size_t i = 0; i < len; i++)
        hash = (hash ^ p[i]) * 1099511628211ull;
    return hash ? hash : 1;
}

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

static bool read_cache_split(js_cursor *c, line_fields *f)
{
    if (!js_enter(c))
        return js_skip(c);
    f->has_split = true;
    const char *key;
    size_t n;
    int more;
    while ((more = js_next_key(c, &key, &n)) == 1) {
        uint64_t *target = JS_KEY_IS(key, n, "ephemeral_5m_input_tokens")   ? &f->write_5m
                           : JS_KEY_IS(key, n, "ephemeral_1h_input_tokens") ? &f->write_1h
                                                                            : NULL;
        if (!(target && js_u64(c, target)) && !js_skip(c))
            return false;
    }
    return more == 0;
}

static bool read_usage_member(js_cursor *c, const char *key, size_t n, line_fields *f, mt_usage *u)
{
    uint64_t *target = NULL;
    if (JS_KEY_IS(key, n, "input_tokens"))
        target = &u->input;
    else if (JS_KEY_IS(key, n, "output_tokens"))
        target = &u->output;
    else if (JS_KEY_IS(key, n, "cache_read_input_tokens"))
        target = &u->cache_read;
    else if (JS_KEY_IS(key, n, "cache_creation_input_tokens")) {
        target = &f->cache_creation;
        f->has_total = true;
    } else if (JS_KEY_IS(key, n, "cache_creation"))
        return read_cache_split(c, f);
    if (target && js_u64(c, target))
        return true;
    return js_skip(c);
}

static bool read_usage(js_cursor *c, line_fields *f, mt_usage *u)
{
    if (!js_enter(c))
        return js_skip(c);
    f->has_usage = true;
    const char *key;
    size_t n;
    int more;
    while ((more = js_next_key(c, &key, &n)) == 1)
        if (!read_usage_member(c, key, n, f, u))
            return false;
    return more == 0;
}

static bool read_message(js_cursor *c, line_fields *f, cc_reply *r)
{
    if (!js_enter(c))
        return js_skip(c);
    const char *key;
    size_t n;
    int more;
    while ((more = js_next_key(c, &key, &n)) == 1) {
        bool ok;
        if (JS_KEY_IS(key, n, "id"))
            ok = js_raw_string(c, &f->message_id, &f->message_id_len) || js_skip(c);
        else if (JS_KEY_IS(key, n, "model"))
            ok = js_string(c, r->model, sizeof r->model) || js_skip(c);
        else if (JS_KEY_IS(key, n, "usage"))
            ok = read_usage(c, f, &r->usage);
        else
            ok = js_skip(c);
        if (!ok)
            return false;
    }
    return more == 0;
}

static bool read_top_member(js_cursor *c, const char *key, size_t n, line_fields *f, cc_reply *r)
{
    if (JS_KEY_IS(key, n, "type"))
        return js_raw_string(c, &f->type, &f->type_len) || js_skip(c);
    if (JS_KEY_IS(key, n, "subtype"))
        return js_raw_string(c, &f->subtype, &f->subtype_len) || js_skip(c);
    if (JS_KEY_IS(key, n, "requestId"))
        return js_raw_string(c, &f->request_id, &f->request_id_len) || js_skip(c);
    if (JS_KEY_IS(key, n, "isSidechain"))
        return js_bool(c, &r->sidechain) || js_skip(c);
    if (JS_KEY_IS(key, n, "timestamp"))
        return js_string(c, f->timestamp, sizeof f->timestamp) || js_skip(c);
    if (JS_KEY_IS(key, n, "message"))
        return read_message(c, f, r);
    return js_skip(c);
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
    r->id_hash = cc_hash(f->message_id, f->message_id_len, CC_HASH_SEED);
    uint64_t h = cc_hash("", 1, r->id_hash); /* a separator, so "ab"+"c" != "a"+"bc" */
    r->pair_hash = cc_hash(f->request_id ? f->request_id : "", f->request_id_len, h);
}

cc_line_kind cc_line_parse(const char *line, size_t len, cc_reply *r)
{
    memset(r, 0, sizeof *r);
    line_fields f = {0};
    js_cursor c = {line, line + len};
    if (!js_enter(&c))
        return CC_LINE_OTHER;
    const char *key;
    size_t n;
    int more;
    while ((more = js_next_key(&c, &key, &n)) == 1)
        if (!read_top_member(&c, key, n, &f, r))
            return CC_LINE_OTHER;
    if (more != 0 || !f.type)
        return CC_LINE_OTHER;
    if (JS_KEY_IS(f.type, f.type_len, "system") && f.subtype &&
        JS_KEY_IS(f.subtype, f.subtype_len, "compact_boundary"))
        return CC_LINE_COMPACT;
    if (!JS_KEY_IS(f.type, f.type_len, "assistant") || !f.has_usage ||
        strcmp(r->model, "<synthetic>") == 0)
        return CC_LINE_OTHER;
    split_cache_writes(&f, &r->usage);
    fill_ids(&f, r);
    if (!mt_parse_timestamp(f.timestamp, &r->at_ms))
        r->at_ms = 0;
    return CC_LINE_REPLY;
}
