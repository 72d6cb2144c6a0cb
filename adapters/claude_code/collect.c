/* Reading the task's share of its transcripts (see collect.h). */
#include "collect.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "hash.h"
#include "seen_set.h"

typedef struct reading {
    kit_task *task;
    kit_seen *seen;
    bool main_thread;
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

static void on_line(cc_line_kind kind, const cc_reply *reply, void *user)
{
    reading *rd = user;
    kit_task *t = rd->task;
    if (kind == CC_LINE_COMPACT && rd->main_thread) {
        /* A PreCompact hook already counted the compaction this boundary closes. */
        if (t->precompacts_unmatched > 0)
            t->precompacts_unmatched--;
        else if (t->compactions < UINT32_MAX)
            t->compactions++;
    } else if (kind == CC_LINE_REPLY && !seen_before(rd->seen, reply)) {
        kit_task_add_response(t, reply->model, &reply->usage, rd->main_thread && !reply->sidechain,
                              reply->at_ms);
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
    reading rd = {&s->task, seen, true};
    if (s->transcript[0])
        read_one(&rd, s->transcript, &s->pos, &pg);
    rd.main_thread = false;
    if (s->transcript[0])
        read_subagent_dir(&rd, s, store, &pg);
    for (size_t i = 0; i < s->task.n_extra_paths; i++)
        read_subagent(&rd, s->task.extra_paths[i], s->task.start_ms, &pg);
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
