/* The task's share of the session's messages files (docs/harnesses/cline.md, "Tokens"):
 * <id>.messages.json, and agent_<agent id>.messages.json beside it for each agent the session
 * spawned, are rewritten whole as the conversations grow, so each is read whole, and each
 * assistant message's `metrics` is counted once (the seen set, by the message's id). The
 * manifest <id>.json gives the session's model and first prompt. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "hash.h"
#include "hook.h"
#include "json_fields.h"
#include "paths.h"
#include "seen_set.h"
#include "settings_file.h"

static uint64_t minus(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

/* Cline's figures to the token rule (docs/abi.md, "Tokens"): cache reads (and writes) are
 * inside inputTokens, reasoning inside outputTokens. */
static void add_message(cl_session *s, json_object *message, json_object *metrics, bool main)
{
    uint64_t input = kit_json_u64(metrics, "inputTokens");
    uint64_t read = kit_json_u64(metrics, "cacheReadTokens");
    uint64_t write = kit_json_u64(metrics, "cacheWriteTokens");
    mt_usage usage = {.input = minus(input, read + write),
                      .output = kit_json_u64(metrics, "outputTokens"),
                      .cache_write_5m = write,
                      .cache_read = read};
    char model[KIT_MODEL_MAX] = "";
    json_object *info;
    if (json_object_object_get_ex(message, "modelInfo", &info))
        kit_json_text(info, "id", model, sizeof model);
    kit_task_add_response(&s->task, model[0] ? model : s->model, &usage, main,
                          kit_json_i64(message, "ts"));
}

/* Each assistant message with metrics not seen before: counted (count) or only marked. */
static void walk(cl_session *s, kit_seen *seen, json_object *messages, bool count, bool main)
{
    size_t n = json_object_array_length(messages);
    for (size_t i = 0; i < n; i++) {
        json_object *m = json_object_array_get_idx(messages, i), *metrics;
        char role[16] = "", id[CL_ID_MAX] = "";
        kit_json_text(m, "role", role, sizeof role);
        kit_json_text(m, "id", id, sizeof id);
        if (strcmp(role, "assistant") != 0 || !id[0] ||
            !json_object_object_get_ex(m, "metrics", &metrics))
            continue;
        uint64_t key = kit_hash(id, strlen(id), KIT_HASH_SEED ^ 2);
        if (kit_seen_has_pair(seen, key))
            continue;
        kit_seen_add(seen, key, key, 0);
        if (count)
            add_message(s, m, metrics, main);
    }
}

/* A JSON file's object; NULL when it does not exist (normal) or cannot be read (err). */
static json_object *read_json(const char *path, char *err, size_t errlen)
{
    struct stat st;
    bool existed;
    return stat(path, &st) == 0 ? kit_settings_read(path, &existed, err, errlen) : NULL;
}

/* One of the session's files (its manifest, its messages). */
static json_object *read_file(const cl_hook *h, const char *suffix, char *err, size_t errlen)
{
    char path[KIT_PATH_MAX];
    return cl_session_file(cl_session_of(h)->id, suffix, path, sizeof path)
               ? read_json(path, err, errlen)
               : NULL;
}

static void read_manifest(cl_hook *h, char *prompt, size_t len, char *err, size_t errlen)
{
    json_object *manifest = read_file(h, ".json", err, errlen);
    if (!manifest)
        return;
    cl_session *s = h->session;
    char model[KIT_MODEL_MAX] = "";
    kit_json_text(manifest, "model", model, sizeof model);
    if (model[0])
        memcpy(s->model, model, sizeof s->model);
    if (prompt)
        kit_json_text(manifest, "prompt", prompt, len);
    json_object_put(manifest);
}

static void log_once(cl_hook *h, const char *why)
{
    if (why[0] && !h->collect_logged)
        cl_log("%s", why);
    h->collect_logged = h->collect_logged || why[0];
}

bool cl_manifest_prompt(cl_hook *h, char *prompt, size_t len)
{
    char why[KIT_PATH_MAX + 256] = "";
    prompt[0] = '\0';
    read_manifest(h, prompt, len, why, sizeof why);
    log_once(h, why);
    return prompt[0] != '\0';
}

/* One messages file (NULL: none) walked, then released. */
static void walk_file(cl_hook *h, kit_seen *seen, json_object *file, bool count, bool main)
{
    json_object *messages = file ? kit_json_array(file, "messages") : NULL;
    if (messages)
        walk(cl_session_of(h), seen, messages, count, main);
    json_object_put(file);
}

/* The spawned agents' messages files: agent_*.messages.json in the session's directory. */
static void walk_agents(cl_hook *h, kit_seen *seen, bool count, char *why, size_t len)
{
    char dir[KIT_PATH_MAX], path[KIT_PATH_MAX + 300];
    if (!cl_session_file(cl_session_of(h)->id, "", dir, sizeof dir))
        return;
    *strrchr(dir, '/') = '\0';
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name), suffix = strlen(".messages.json");
        if (strncmp(e->d_name, "agent_", 6) != 0 || n <= suffix ||
            strcmp(e->d_name + n - suffix, ".messages.json") != 0)
            continue;
        char err[KIT_PATH_MAX + 256] = "";
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        walk_file(h, seen, read_json(path, err, sizeof err), count, false);
        if (err[0] && !why[0])
            snprintf(why, len, "%s", err);
    }
    if (d)
        closedir(d);
}

void cl_hook_collect(cl_hook *h, bool count)
{
    cl_session *s = h->session;
    char why[KIT_PATH_MAX + 256] = "", err[256];
    read_manifest(h, NULL, 0, why, sizeof why);
    char seen_path[KIT_PATH_MAX + 200];
    kit_store_path(&h->store, ".seen", seen_path, sizeof seen_path);
    kit_seen *seen = kit_seen_load(seen_path, s->seen_len);
    if (seen) {
        walk_file(h, seen, read_file(h, ".messages.json", why, sizeof why), count, true);
        walk_agents(h, seen, count, why, sizeof why);
        if (!kit_seen_commit(seen, &s->seen_len, err, sizeof err) && !why[0])
            snprintf(why, sizeof why, "%s", err);
        kit_seen_free(seen);
    } else {
        snprintf(why, sizeof why, "out of memory");
    }
    log_once(h, why);
}
