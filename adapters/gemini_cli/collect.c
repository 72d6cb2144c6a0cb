/* The task's share of the chat file (docs/harnesses/gemini-cli.md, "Tokens"). Before a task, what
 * the file already holds is only marked as seen (by message id). At the task's end the file is
 * read from there: a message is written again whole when its tokens or tool calls arrive, so the
 * last record of each id with tokens is the one that counts; a $rewindTo drops the messages it
 * rewinds, as Gemini CLI's own loader does; a $set.messages (a resume, a compression, the roll
 * back of a failed turn) only updates records, never removes one: the responses of a rolled-back
 * turn were billed all the same. A message seen before the task never counts again. A restarted
 * chat ($set.sessionId) inside the task is a compression. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hash.h"
#include "hook.h"
#include "seen_set.h"

/* One message of the task, its last record with tokens. */
typedef struct entry {
    uint64_t key;
    bool has_tokens;
    gm_tokens tokens;
    char model[GM_MODEL_MAX];
    int64_t at_ms;
} entry;

typedef struct reading {
    gm_session *s;
    kit_seen *seen;
    bool count; /* false: before the task, only mark what is there as seen */
    entry *entries;
    size_t n, cap;
    bool out_of_memory;
    uint32_t restarts;
} reading;

static uint64_t message_key(const char *id)
{
    return kit_hash(id, strlen(id), KIT_HASH_SEED ^ 3);
}

static entry *find(reading *rd, uint64_t key)
{
    for (size_t i = rd->n; i-- > 0;) /* a record written again is a recent one */
        if (rd->entries[i].key == key)
            return &rd->entries[i];
    return NULL;
}

static entry *append(reading *rd, uint64_t key)
{
    if (rd->n == rd->cap) {
        size_t cap = rd->cap ? rd->cap * 2 : 64;
        entry *grown = realloc(rd->entries, cap * sizeof *grown);
        if (!grown) {
            rd->out_of_memory = true;
            return NULL;
        }
        rd->entries = grown, rd->cap = cap;
    }
    entry *e = &rd->entries[rd->n++];
    memset(e, 0, sizeof *e);
    e->key = key;
    return e;
}

static void on_message(reading *rd, const gm_chat_rec *r)
{
    uint64_t key = message_key(r->id);
    if (kit_seen_has_pair(rd->seen, key))
        return; /* counted, or there before the task */
    if (!rd->count) {
        kit_seen_add(rd->seen, key, key, 0);
        return;
    }
    entry *e = find(rd, key);
    if (!e && !(e = append(rd, key)))
        return;
    /* A record without tokens (a history rewrite may give a response's id to its tool result)
     * leaves the tokens that came before it. */
    if (r->gemini && r->has_tokens) {
        e->has_tokens = true;
        e->tokens = r->tokens;
        memcpy(e->model, r->model, sizeof e->model);
        e->at_ms = r->at_ms;
    }
}

static void on_rewind(reading *rd, const gm_chat_rec *r)
{
    if (!rd->count)
        return;
    uint64_t key = message_key(r->id);
    size_t keep = 0; /* a target before the task: all of the task's messages come after it */
    for (size_t i = 0; i < rd->n; i++)
        if (rd->entries[i].key == key) {
            keep = i;
            break;
        }
    rd->n = keep;
}

static void on_record(const gm_chat_rec *r, void *user)
{
    reading *rd = user;
    switch (r->kind) {
    case GM_REC_MESSAGE: on_message(rd, r); break;
    case GM_REC_REWIND: on_rewind(rd, r); break;
    case GM_REC_RESTART: rd->restarts += rd->count; break;
    }
}

static uint64_t minus(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

/* The task's messages into the task record, under the token rule (docs/abi.md, "Tokens"):
 * cached is inside input; thoughts are billed as output; tool-use prompt tokens as input. */
static void count_entries(reading *rd)
{
    kit_task *t = &rd->s->task;
    for (size_t i = 0; i < rd->n; i++) {
        const entry *e = &rd->entries[i];
        kit_seen_add(rd->seen, e->key, e->key, 0);
        if (!e->has_tokens)
            continue;
        mt_usage usage = {.input = minus(e->tokens.input, e->tokens.cached) + e->tokens.tool,
                          .output = e->tokens.output + e->tokens.thoughts,
                          .cache_read = e->tokens.cached};
        kit_task_add_response(t, e->model, &usage, true, e->at_ms);
    }
    t->compactions += rd->restarts;
}

static void log_problems(gm_hook *h, uint64_t malformed, const char *first)
{
    if (h->collect_logged)
        return;
    if (malformed)
        gm_log("%s: %llu malformed line(s) skipped", gm_session_of(h)->chat,
               (unsigned long long)malformed);
    if (first[0])
        gm_log("%s", first);
    h->collect_logged = malformed || first[0];
}

void gm_hook_collect(gm_hook *h, bool count)
{
    gm_session *s = h->session;
    char seen_path[KIT_PATH_MAX + 200], err[256], first[KIT_PATH_MAX + 256] = "";
    struct stat st;
    if (!s->chat[0] || stat(s->chat, &st) != 0)
        return; /* no chat file (recording off), or not written yet */
    kit_store_path(&h->store, ".seen", seen_path, sizeof seen_path);
    kit_seen *seen = kit_seen_load(seen_path, s->seen_len);
    if (!seen) {
        gm_log("out of memory");
        return;
    }
    reading rd = {.s = s, .seen = seen, .count = count};
    uint64_t malformed = 0;
    gm_chat_read(s->chat, &s->pos, on_record, &rd, &malformed, NULL, first, sizeof first);
    if (rd.out_of_memory && !first[0])
        snprintf(first, sizeof first, "out of memory reading %s", s->chat);
    count_entries(&rd);
    free(rd.entries);
    if (!kit_seen_commit(seen, &s->seen_len, err, sizeof err) && !first[0])
        snprintf(first, sizeof first, "%s", err);
    kit_seen_free(seen);
    log_problems(h, malformed, first);
}
