/* Reading the task's share of its transcripts (see collect.h). */
#include "collect.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cost_recovery.h"
#include "hash.h"
#include "seen_set.h"

typedef struct reading {
    cc_session *session;
    kit_seen *seen;
    bool main_thread;
    bool has_cost;      /* a cost-state line was read: recovered once every file is read */
    cc_cost_state cost; /* the last one */
} reading;

#define SEEN_SIDECHAIN 1u /* the seen set's flag of a reply from a sidechain */

/* True when the reply was counted before: the same message.id and requestId; or the same
 * message.id where either line is a sidechain's, since a /btw sidechain replays parent responses
 * under new request ids (ccusage's rule). Otherwise it is recorded as counted. Replies without
 * a message.id are never duplicates. */
static bool seen_before(kit_seen *seen, const cc_reply *reply)
{
    if (!reply->has_id)
        return false;
    if (kit_seen_has_pair(seen, reply->pair_hash))
        return true;
    uint32_t flags = kit_seen_id_flags(seen, reply->id_hash);
    if (flags && (reply->sidechain || (flags & SEEN_SIDECHAIN)))
        return true;
    kit_seen_add(seen, reply->pair_hash, reply->id_hash, reply->sidechain ? SEEN_SIDECHAIN : 0);
    return false;
}

static void count(reading *rd, const char *model, const mt_usage *usage, bool main, int64_t at_ms)
{
    kit_task_add_response(&rd->session->task, model, usage, main, at_ms);
    cc_cost_count(rd->session, model, usage);
}

static uint64_t more(uint64_t now, uint64_t *kept)
{
    uint64_t extra = now > *kept ? now - *kept : 0;
    *kept += extra;
    return extra;
}

/* A later line of the response counted last: before 2.1.98 the first lines of a response held
 * streaming placeholder usage, so each field counts at its largest (ccusage keeps the first). */
static void count_larger(reading *rd, const cc_reply *reply, bool main)
{
    mt_usage *kept = &rd->session->last_usage;
    mt_usage extra = {
        .input = more(reply->usage.input, &kept->input),
        .output = more(reply->usage.output, &kept->output),
        .cache_read = more(reply->usage.cache_read, &kept->cache_read),
        .cache_write_5m = more(reply->usage.cache_write_5m, &kept->cache_write_5m),
        .cache_write_1h = more(reply->usage.cache_write_1h, &kept->cache_write_1h),
    };
    if (extra.input || extra.output || extra.cache_read || extra.cache_write_5m ||
        extra.cache_write_1h)
        count(rd, reply->model, &extra, main, reply->at_ms);
}

static void on_reply(reading *rd, const cc_reply *reply)
{
    cc_session *s = rd->session;
    bool main = rd->main_thread && !reply->sidechain;
    if (seen_before(rd->seen, reply)) {
        if (reply->has_id && reply->pair_hash == s->last_pair)
            count_larger(rd, reply, main);
        return;
    }
    count(rd, reply->model, &reply->usage, main, reply->at_ms);
    s->last_pair = reply->has_id ? reply->pair_hash : 0;
    s->last_usage = reply->usage;
    if (main)
        s->trailing_api_error = false;
}

static void on_line(cc_line_kind kind, const cc_reply *reply, void *user)
{
    reading *rd = user;
    cc_session *s = rd->session;
    if (kind == CC_LINE_REPLY) {
        on_reply(rd, reply);
    } else if (!rd->main_thread) {
        return; /* a subagent's compactions and errors are not the session's */
    } else if (kind == CC_LINE_COMPACT) {
        if (s->boundaries < UINT32_MAX)
            s->boundaries++;
        cc_sync_compactions(s);
    } else if (kind == CC_LINE_API_ERROR) {
        s->trailing_api_error = true;
        s->api_error_ms = reply->at_ms;
    } else if (kind == CC_LINE_REQUEST) {
        snprintf(s->fallback_model, sizeof s->fallback_model, "%s", reply->model);
    } else if (kind == CC_LINE_COST_STATE) {
        rd->cost = reply->cost;
        rd->has_cost = true;
    }
}

typedef struct progress {
    uint64_t bytes;
    bool ok;
    char *err;
    size_t errlen;
} progress;

static void read_one(reading *rd, const char *path, kit_file_pos *pos, progress *pg)
{
    uint64_t bytes = 0;
    char why[512];
    if (!cc_transcript_read(path, pos, on_line, rd, &bytes, why, sizeof why) && pg->ok) {
        pg->ok = false;
        snprintf(pg->err, pg->errlen, "%s", why);
    }
    pg->bytes += bytes;
}

/* A subagent transcript: from where it was left, or from its start when it is new to the task
 * (a file untouched since before the task began belongs to an earlier one). */
static void read_subagent(reading *rd, const char *path, int64_t task_start_ms, progress *pg)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return;
    bool known = kit_seen_known(rd->seen, path);
    int64_t mtime_ms = (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
    kit_file_pos pos = {known ? kit_seen_offset(rd->seen, path) : 0, 0};
    if (!known && mtime_ms < task_start_ms - 1000)
        pos.offset = (uint64_t)st.st_size;
    else if (pos.offset != (uint64_t)st.st_size || !known)
        read_one(rd, path, &pos, pg);
    kit_seen_set_offset(rd->seen, path, pos.offset);
}

static bool is_agent_file(const char *name)
{
    size_t n = strlen(name);
    return strncmp(name, "agent-", 6) == 0 && n > 12 && strcmp(name + n - 6, ".jsonl") == 0;
}

/* <transcript dir>/<session id>/subagents/agent-*.jsonl */
static void read_subagent_dir(reading *rd, const cc_session *s, const kit_store *store,
                              progress *pg)
{
    const char *slash = strrchr(s->transcript, '/');
    if (!slash)
        return;
    char dir[KIT_PATH_MAX + 256];
    snprintf(dir, sizeof dir, "%.*s/%s/subagents", (int)(slash - s->transcript), s->transcript,
             store->name);
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[sizeof dir + 256];
    while ((e = readdir(d)) != NULL) {
        if (!is_agent_file(e->d_name))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        read_subagent(rd, path, s->task.start_ms, pg);
    }
    closedir(d);
}

bool cc_collect(cc_session *s, const kit_store *store, uint64_t *bytes_read, char *err,
                size_t errlen)
{
    char seen_path[KIT_PATH_MAX + 200];
    kit_store_path(store, ".seen", seen_path, sizeof seen_path);
    kit_seen *seen = kit_seen_load(seen_path, s->seen_len);
    progress pg = {0, true, err, errlen};
    if (!seen) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    reading rd = {.session = s, .seen = seen, .main_thread = true};
    if (s->transcript[0])
        read_one(&rd, s->transcript, &s->pos, &pg);
    rd.main_thread = false;
    if (s->transcript[0])
        read_subagent_dir(&rd, s, store, &pg);
    for (size_t i = 0; i < s->task.n_extra_paths; i++)
        read_subagent(&rd, s->task.extra_paths[i], s->task.start_ms, &pg);
    if (rd.has_cost)
        cc_cost_recover(s, &rd.cost);
    char why[512];
    if (!kit_seen_commit(seen, &s->seen_len, why, sizeof why) && pg.ok) {
        pg.ok = false;
        snprintf(err, errlen, "%s", why);
    }
    kit_seen_free(seen);
    if (bytes_read)
        *bytes_read = pg.bytes;
    return pg.ok;
}
