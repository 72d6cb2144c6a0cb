/* The on-disk store of prediction medians for short-lived processes; see estimates.h.
 *
 *   {"estimates": [{"task_type", "model", "provider", "complexity",   the four dimensions
 *                   "fetched_ms", "has_data",                          when, and whether the
 *                   "input_tokens", "output_tokens", "cost_usd_micros"}], server had data
 *    "wanted":    [{"task_type", "model", "provider", "complexity"}]} */
#define _GNU_SOURCE /* O_CLOEXEC */
#include "estimates.h"

#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "flock_wait.h"
#include "json.h"
#include "protocol.h"
#include "private_dir.h"

#define MAX_ESTIMATES  256 /* the oldest answers go first */
#define MAX_FILE_BYTES (1 << 20)
#define PATH_MAX_LEN   4200
#define LOCK_WAIT_MS   100

/* ---- the file ------------------------------------------------------------------------------- */

static void path_of(char *out, const char *dir, const char *name)
{
    snprintf(out, PATH_MAX_LEN, "%s/%s", dir, name);
}

static json_object *array_member(json_object *store, const char *key)
{
    json_object *array;
    if (!json_object_object_get_ex(store, key, &array) ||
        !json_object_is_type(array, json_type_array)) {
        array = json_object_new_array();
        json_object_object_add(store, key, array);
    }
    return array;
}

/* The store in dir, with both arrays present; an empty one when the file is missing or broken. */
static json_object *load(const char *dir)
{
    char path[PATH_MAX_LEN], text[4096];
    path_of(path, dir, KIT_ESTIMATES_FILE);
    json_object *store = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        json_tokener *tok = json_tokener_new();
        ssize_t got;
        size_t total = 0;
        while (tok && !store && (got = read(fd, text, sizeof text)) > 0 &&
               (total += (size_t)got) <= MAX_FILE_BYTES)
            store = json_tokener_parse_ex(tok, text, (int)got);
        json_tokener_free(tok);
        close(fd);
    }
    if (!json_object_is_type(store, json_type_object)) {
        json_object_put(store);
        store = json_object_new_object();
    }
    array_member(store, "estimates");
    array_member(store, "wanted");
    return store;
}

/* Replaces the file with store (write, then rename: readers see the old file or the new). */
static void save(const char *dir, json_object *store)
{
    char path[PATH_MAX_LEN], tmp[PATH_MAX_LEN + 32];
    path_of(path, dir, KIT_ESTIMATES_FILE);
    snprintf(tmp, sizeof tmp, "%s.%d.tmp", path, (int)getpid());
    const char *text = json_object_to_json_string_ext(store, JSON_C_TO_STRING_PLAIN);
    int fd = mt_create_fresh(AT_FDCWD, tmp, 0600);
    if (fd < 0)
        return;
    size_t len = strlen(text);
    bool ok = write(fd, text, len) == (ssize_t)len;
    close(fd);
    if (!ok || rename(tmp, path) != 0)
        unlink(tmp);
}

/* Writers take turns under estimates.lock: -1 when it cannot be had within LOCK_WAIT_MS (then
 * nothing is written: this is a cache, and a hook must not hang on a stopped process). */
static int lock_store(const char *dir)
{
    char path[PATH_MAX_LEN];
    path_of(path, dir, "estimates.lock");
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0 && !mt_flock_within(fd, LOCK_WAIT_MS)) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* ---- entries -------------------------------------------------------------------------------- */

static const char *string_member(json_object *entry, const char *key)
{
    json_object *value;
    return json_object_object_get_ex(entry, key, &value) &&
                   json_object_is_type(value, json_type_string)
               ? json_object_get_string(value)
               : NULL;
}

static int64_t int_member(json_object *entry, const char *key)
{
    json_object *value;
    return json_object_object_get_ex(entry, key, &value) ? json_object_get_int64(value) : 0;
}

static bool same_query(json_object *entry, const mosaic_prediction_query *q)
{
    const char *model = string_member(entry, "model");
    const char *task_type = string_member(entry, "task_type");
    const char *provider = string_member(entry, "provider");
    const char *complexity = string_member(entry, "complexity");
    return model && task_type && provider && complexity && strcmp(model, q->model) == 0 &&
           strcmp(task_type, mosaic_task_type_str(q->task_type)) == 0 &&
           strcmp(provider, mosaic_provider_str(q->provider)) == 0 &&
           strcmp(complexity, mosaic_complexity_str(q->complexity)) == 0;
}

/* The index of q's entry in array, or -1. */
static int find(json_object *array, const mosaic_prediction_query *q)
{
    for (size_t i = 0; i < json_object_array_length(array); i++)
        if (same_query(json_object_array_get_idx(array, i), q))
            return (int)i;
    return -1;
}

static json_object *query_object(const mosaic_prediction_query *q)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "task_type",
                           json_object_new_string(mosaic_task_type_str(q->task_type)));
    json_object_object_add(o, "model", json_object_new_string(q->model));
    json_object_object_add(o, "provider", json_object_new_string(mosaic_provider_str(q->provider)));
    json_object_object_add(o, "complexity",
                           json_object_new_string(mosaic_complexity_str(q->complexity)));
    return o;
}

/* The query an entry names; false when it names none that the protocol knows. q->model points
 * into the entry. */
static bool entry_query(json_object *entry, mosaic_prediction_query *q)
{
    q->model = string_member(entry, "model");
    const char *task_type = string_member(entry, "task_type");
    const char *provider = string_member(entry, "provider");
    const char *complexity = string_member(entry, "complexity");
    return q->model && task_type && provider && complexity &&
           mosaic_task_type_parse(task_type, &q->task_type) == MOSAIC_OK &&
           mosaic_provider_parse(provider, &q->provider) == MOSAIC_OK &&
           mosaic_complexity_parse(complexity, &q->complexity) == MOSAIC_OK;
}

/* ---- looking up ----------------------------------------------------------------------------- */

static void want(const char *dir, const mosaic_prediction_query *q)
{
    int lock = lock_store(dir);
    if (lock < 0)
        return;
    json_object *store = load(dir);
    json_object *wanted = array_member(store, "wanted");
    if (find(wanted, q) < 0 && json_object_array_length(wanted) < MT_MAX_QUERIES_PER_REQUEST) {
        json_object_array_add(wanted, query_object(q));
        save(dir, store);
    }
    json_object_put(store);
    close(lock);
}

bool kit_estimate_lookup(const mosaic_prediction_query *q, mt_estimate *out, void *user)
{
    const kit_estimate_source *source = user;
    if (!source || !source->dir || !q || !q->model)
        return false;
    json_object *store = load(source->dir);
    json_object *estimates = array_member(store, "estimates");
    int at = find(estimates, q);
    json_object *entry = at >= 0 ? json_object_array_get_idx(estimates, (size_t)at) : NULL;
    bool fresh = entry && mt_realtime_ms() - int_member(entry, "fetched_ms") < source->ttl_ms;
    bool found = fresh && int_member(entry, "has_data");
    if (found)
        *out = (mt_estimate){(uint64_t)int_member(entry, "input_tokens"),
                             (uint64_t)int_member(entry, "output_tokens"),
                             (uint64_t)int_member(entry, "cost_usd_micros")};
    json_object_put(store);
    if (!fresh)
        want(source->dir, q);
    return found;
}

/* ---- refreshing ----------------------------------------------------------------------------- */

typedef struct answers {
    mosaic_prediction_query queries[MT_MAX_QUERIES_PER_REQUEST];
    json_object *entries[MT_MAX_QUERIES_PER_REQUEST]; /* the answer to each, NULL when none came */
    size_t n;
} answers;

/* Adds the query an entry names, once. */
static void add_query(answers *a, json_object *entry)
{
    mosaic_prediction_query q;
    if (a->n == MT_MAX_QUERIES_PER_REQUEST || !entry_query(entry, &q))
        return;
    for (size_t i = 0; i < a->n; i++)
        if (a->queries[i].task_type == q.task_type && a->queries[i].provider == q.provider &&
            a->queries[i].complexity == q.complexity && strcmp(a->queries[i].model, q.model) == 0)
            return;
    a->queries[a->n++] = q;
}

/* What to ask for: everything wanted, then the stale answers, up to one request's worth. */
static void collect(json_object *store, int64_t ttl_ms, answers *a)
{
    json_object *wanted = array_member(store, "wanted");
    for (size_t i = 0; i < json_object_array_length(wanted); i++)
        add_query(a, json_object_array_get_idx(wanted, i));
    json_object *estimates = array_member(store, "estimates");
    int64_t now = mt_realtime_ms();
    for (size_t i = 0; i < json_object_array_length(estimates); i++) {
        json_object *entry = json_object_array_get_idx(estimates, i);
        if (now - int_member(entry, "fetched_ms") >= ttl_ms)
            add_query(a, entry);
    }
}

static json_object *answer_entry(const mosaic_prediction_query *q, const mosaic_prediction *p)
{
    json_object *entry = query_object(q);
    bool has_data = mosaic_prediction_has_data(p);
    json_object_object_add(entry, "fetched_ms", json_object_new_int64(mt_realtime_ms()));
    json_object_object_add(entry, "has_data", json_object_new_boolean(has_data));
    if (has_data) {
        json_object_object_add(
            entry, "input_tokens",
            json_object_new_int64((int64_t)mosaic_prediction_input_tokens(p).median));
        json_object_object_add(
            entry, "output_tokens",
            json_object_new_int64((int64_t)mosaic_prediction_output_tokens(p).median));
        json_object_object_add(
            entry, "cost_usd_micros",
            json_object_new_int64((int64_t)mosaic_prediction_cost_usd_micros(p).median));
    }
    return entry;
}

/* Asks the server; a->entries[i] gets each answer that came. */
static void ask(const mosaic_config *config, answers *a)
{
    mosaic_config *own = mosaic_config_clone(config);
    mosaic_client *client = NULL;
    /* The client must neither open the spool (it would start sending it) nor log: the flusher is
     * detached and its output goes nowhere. */
    if (own && mosaic_config_set_spool_dir(own, NULL) == MOSAIC_OK &&
        mosaic_client_new(own, &client, NULL, 0) == MOSAIC_OK) {
        mosaic_client_refresh_predictions(client, a->queries, a->n);
        for (size_t i = 0; i < a->n; i++) {
            mosaic_prediction *p = mosaic_client_get_prediction(client, &a->queries[i]);
            a->entries[i] = p ? answer_entry(&a->queries[i], p) : NULL;
            mosaic_prediction_free(p);
        }
    }
    mosaic_client_free(client);
    mosaic_config_free(own);
}

/* Removes the entry of q from array, if there is one. */
static void drop(json_object *array, const mosaic_prediction_query *q)
{
    int at = find(array, q);
    if (at >= 0)
        json_object_array_del_idx(array, (size_t)at, 1);
}

/* Merges the answers into the file as it is now (a hook may have added to it meanwhile). */
static void merge(const char *dir, answers *a)
{
    int lock = lock_store(dir);
    if (lock < 0)
        return;
    json_object *store = load(dir);
    json_object *estimates = array_member(store, "estimates");
    json_object *wanted = array_member(store, "wanted");
    for (size_t i = 0; i < a->n; i++) {
        if (!a->entries[i])
            continue; /* no answer: stays wanted or stale, for the next flusher */
        drop(wanted, &a->queries[i]);
        drop(estimates, &a->queries[i]);
        json_object_array_add(estimates, a->entries[i]); /* newest last */
        a->entries[i] = NULL;
    }
    size_t n = json_object_array_length(estimates);
    if (n > MAX_ESTIMATES)
        json_object_array_del_idx(estimates, 0, n - MAX_ESTIMATES);
    save(dir, store);
    json_object_put(store);
    close(lock);
}

bool kit_estimates_refresh(const mosaic_config *config, const char *dir)
{
    if (!config || !dir || !config->enabled || config->dry_run)
        return false;
    json_object *store = load(dir);
    answers a = {.n = 0};
    collect(store, (int64_t)(config->prediction_cache_ttl_seconds * 1000.0), &a);
    if (a.n > 0) {
        ask(config, &a); /* a.queries[i].model points into store: it stays alive until here */
        merge(dir, &a);
    }
    for (size_t i = 0; i < a.n; i++)
        json_object_put(a.entries[i]);
    json_object_put(store);
    return a.n > 0;
}

void kit_estimates_count(const char *dir, size_t *stored, size_t *with_data, size_t *wanted)
{
    json_object *store = load(dir);
    json_object *estimates = array_member(store, "estimates");
    *stored = json_object_array_length(estimates);
    *with_data = 0;
    for (size_t i = 0; i < *stored; i++)
        *with_data += int_member(json_object_array_get_idx(estimates, i), "has_data") != 0;
    *wanted = json_object_array_length(array_member(store, "wanted"));
    json_object_put(store);
}
