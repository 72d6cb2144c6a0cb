/* The task's share of the session's messages file (docs/harnesses/cline.md, "Tokens"):
 * <id>.messages.json is rewritten whole as the conversation grows, so it is read whole, and each
 * assistant message's `metrics` is counted once (the seen set, by the message's id). The
 * manifest <id>.json gives the session's model and first prompt. */
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
static void add_message(cl_session *s, json_object *message, json_object *metrics)
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
    kit_task_add_response(&s->task, model[0] ? model : s->model, &usage, true,
                          kit_json_i64(message, "ts"));
}

/* Each assistant message with metrics not seen before: counted (count) or only marked. */
static void walk(cl_session *s, kit_seen *seen, json_object *messages, bool count)
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
            add_message(s, m, metrics);
    }
}

/* A session file's object; NULL when it does not exist yet (normal) or cannot be read (err). */
static json_object *read_file(const cl_hook *h, const char *suffix, char *err, size_t errlen)
{
    char path[KIT_PATH_MAX];
    struct stat st;
    if (!cl_session_file(cl_session_of(h)->id, suffix, path, sizeof path) || stat(path, &st) != 0)
        return NULL;
    bool existed;
    return kit_settings_read(path, &existed, err, errlen);
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

void cl_hook_collect(cl_hook *h, bool count)
{
    cl_session *s = h->session;
    char why[KIT_PATH_MAX + 256] = "", err[256];
    read_manifest(h, NULL, 0, why, sizeof why);
    json_object *file = read_file(h, ".messages.json", why, sizeof why);
    json_object *messages = file ? kit_json_array(file, "messages") : NULL;
    char seen_path[KIT_PATH_MAX + 200];
    kit_store_path(&h->store, ".seen", seen_path, sizeof seen_path);
    kit_seen *seen = messages ? kit_seen_load(seen_path, s->seen_len) : NULL;
    if (seen) {
        walk(s, seen, messages, count);
        if (!kit_seen_commit(seen, &s->seen_len, err, sizeof err) && !why[0])
            snprintf(why, sizeof why, "%s", err);
        kit_seen_free(seen);
    } else if (messages) {
        snprintf(why, sizeof why, "out of memory");
    }
    json_object_put(file);
    log_once(h, why);
}
