/* One chat-file line (docs/harnesses/gemini-cli.md, "What the chat file holds"): a message record
 * {id, timestamp, type, content, model, tokens, ...}, a {"$set": {...}} update (whose "messages"
 * replaces the whole list and whose "sessionId" marks a restarted chat), a {"$rewindTo": id}, or
 * the session's metadata. Contents and tool results, the long parts, are skipped unread. */
#include <string.h>

#include "chat.h"
#include "clock.h"
#include "jscan.h"

typedef struct reading {
    gm_chat_rec rec;
    char type[16], timestamp[40];
    bool has_id, is_rewind, restart;
    gm_rec_fn fn;
    void *user;
} reading;

static bool token_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    gm_tokens *t = user;
    uint64_t *v = KIT_JS_KEY_IS(key, n, "input")      ? &t->input
                  : KIT_JS_KEY_IS(key, n, "output")   ? &t->output
                  : KIT_JS_KEY_IS(key, n, "cached")   ? &t->cached
                  : KIT_JS_KEY_IS(key, n, "thoughts") ? &t->thoughts
                  : KIT_JS_KEY_IS(key, n, "tool")     ? &t->tool
                                                      : NULL;
    return v ? kit_js_u64_or_skip(c, v) : kit_js_skip(c);
}

/* A member of a message record, or of the line's top level (which is one, or carries $set or
 * $rewindTo). */
static bool record_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *r = user;
    if (KIT_JS_KEY_IS(key, n, "id"))
        return (r->has_id = kit_js_string(c, r->rec.id, sizeof r->rec.id)) || kit_js_skip(c);
    if (KIT_JS_KEY_IS(key, n, "type"))
        return kit_js_string_or_skip(c, r->type, sizeof r->type);
    if (KIT_JS_KEY_IS(key, n, "model"))
        return kit_js_string_or_skip(c, r->rec.model, sizeof r->rec.model);
    if (KIT_JS_KEY_IS(key, n, "timestamp"))
        return kit_js_string_or_skip(c, r->timestamp, sizeof r->timestamp);
    if (KIT_JS_KEY_IS(key, n, "tokens")) {
        r->rec.has_tokens = kit_js_peek(c) == '{';
        return kit_js_each_member(c, token_member, &r->rec.tokens);
    }
    if (KIT_JS_KEY_IS(key, n, "$rewindTo"))
        return (r->is_rewind = kit_js_string(c, r->rec.id, sizeof r->rec.id)) || kit_js_skip(c);
    return kit_js_skip(c);
}

static void start_record(reading *r)
{
    memset(&r->rec, 0, sizeof r->rec);
    r->type[0] = r->timestamp[0] = '\0';
    r->has_id = r->is_rewind = false;
}

/* Hands the record read to fn, when it is a message or a rewind. */
static void finish_record(reading *r)
{
    if (r->is_rewind) {
        r->rec.kind = GM_REC_REWIND;
        r->fn(&r->rec, r->user);
        return;
    }
    if (!r->has_id)
        return;
    r->rec.kind = GM_REC_MESSAGE;
    r->rec.gemini = strcmp(r->type, "gemini") == 0;
    if (!r->timestamp[0] || !mt_parse_timestamp(r->timestamp, &r->rec.at_ms))
        r->rec.at_ms = 0;
    r->fn(&r->rec, r->user);
}

/* $set.messages: each element a message record. */
static bool each_message(kit_js_cursor *c, reading *r)
{
    if (kit_js_peek(c) != '[')
        return kit_js_skip(c);
    c->p++;
    for (;;) {
        char next = kit_js_peek(c);
        if (next == ']') {
            c->p++;
            return true;
        }
        start_record(r);
        if (next != '{' || !kit_js_each_member(c, record_member, r))
            return false;
        finish_record(r);
        next = kit_js_peek(c);
        if (next == ',')
            c->p++;
        else if (next != ']')
            return false;
    }
}

static bool set_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    reading *r = user;
    if (KIT_JS_KEY_IS(key, n, "messages"))
        return each_message(c, r);
    if (KIT_JS_KEY_IS(key, n, "sessionId"))
        r->restart = true;
    return kit_js_skip(c);
}

static bool line_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    if (KIT_JS_KEY_IS(key, n, "$set")) {
        /* Its messages were handed over one by one: none is left for the line's end. */
        bool ok = kit_js_each_member(c, set_member, user);
        start_record(user);
        return ok;
    }
    return record_member(c, key, n, user);
}

bool gm_chat_line(const char *text, size_t len, gm_rec_fn fn, void *user)
{
    reading r = {.fn = fn, .user = user};
    start_record(&r);
    kit_js_cursor c = {text, text + len};
    char first = kit_js_peek(&c);
    if (first != '{')
        return first == 0; /* a blank line is skipped, as Gemini CLI skips it */
    /* The top level's members and a $set's messages share the record (a $set line has no id
     * of its own). */
    bool ok = kit_js_each_member(&c, line_member, &r);
    if (r.restart) {
        gm_chat_rec restart = {.kind = GM_REC_RESTART};
        fn(&restart, user);
    }
    if (ok && (r.has_id || r.is_rewind))
        finish_record(&r);
    return ok && kit_js_peek(&c) == 0;
}
