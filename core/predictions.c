#include "predictions.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "clock.h"
#include "json.h"
#include "prediction.h"
#include "protocol.h"
#include "sender.h"
#include "transport_curl.h"
#include "wire.h"

#define BUCKETS 64

typedef struct entry {
    struct entry *next;
    int64_t expires_at_ms; /* monotonic */
    mosaic_prediction prediction;
} entry;

struct mt_predictions {
    pthread_mutex_t lock;      /* the cache, the async count, closing */
    pthread_cond_t changed;    /* an async refresh ended, or closing began */
    pthread_mutex_t send_lock; /* one refresh on the transport at a time */
    const mosaic_config *config;
    const mt_logger *log;
    mt_transport *transport;
    mt_sender sender;
    char *url;
    int64_t ttl_ms;
    int64_t request_budget_ms; /* a request with its retries, from request_timeout_seconds */
    entry *buckets[BUCKETS];
    int async_running;
    bool closing;
    _Atomic int64_t deadline_ms; /* pulled to 0 when closing: cuts a transfer in flight */
};

/* ---- the cache ------------------------------------------------------------------------------ */

static unsigned bucket_of(int task_type, const char *model, int provider, int complexity)
{
    uint32_t hash = 2166136261u; /* FNV-1a */
    for (const char *p = model; *p; p++)
        hash = (hash ^ (unsigned char)*p) * 16777619u;
    hash = (hash ^ (uint32_t)task_type) * 16777619u;
    hash = (hash ^ (uint32_t)provider) * 16777619u;
    hash = (hash ^ (uint32_t)complexity) * 16777619u;
    return hash % BUCKETS;
}

static bool same_query(const mosaic_prediction *p, const mosaic_prediction_query *q)
{
    return p->task_type == (int)q->task_type && p->provider == (int)q->provider &&
           p->complexity == (int)q->complexity && strcmp(p->model, q->model) == 0;
}

/* Finds the entry for q, dropping expired ones on the way; lock held. */
static entry **find_slot(mt_predictions *m, const mosaic_prediction_query *q, int64_t now)
{
    entry **link =
        &m->buckets[bucket_of((int)q->task_type, q->model, (int)q->provider, (int)q->complexity)];
    while (*link) {
        entry *e = *link;
        if (e->expires_at_ms <= now) {
            *link = e->next;
            free(e);
            continue;
        }
        if (same_query(&e->prediction, q))
            return link;
        link = &e->next;
    }
    return link;
}

static void cache_put(mt_predictions *m, const mosaic_prediction *p)
{
    mosaic_prediction_query q = {(mosaic_task_type)p->task_type, p->model,
                                 (mosaic_provider)p->provider, (mosaic_complexity)p->complexity};
    int64_t now = mt_monotonic_ms();
    pthread_mutex_lock(&m->lock);
    entry **slot = find_slot(m, &q, now);
    entry *e = *slot ? *slot : calloc(1, sizeof *e);
    if (e) {
        e->prediction = *p;
        e->expires_at_ms = now + m->ttl_ms;
        if (!*slot)
            *slot = e;
    }
    pthread_mutex_unlock(&m->lock);
}

static void cache_clear(mt_predictions *m)
{
    for (int i = 0; i < BUCKETS; i++) {
        while (m->buckets[i]) {
            entry *next = m->buckets[i]->next;
            free(m->buckets[i]);
            m->buckets[i] = next;
        }
    }
}

mosaic_prediction *mt_predictions_get(mt_predictions *m, const mosaic_prediction_query *q)
{
    mosaic_prediction *copy = NULL;
    pthread_mutex_lock(&m->lock);
    entry **slot = find_slot(m, q, mt_monotonic_ms());
    if (*slot && (copy = malloc(sizeof *copy)))
        *copy = (*slot)->prediction;
    pthread_mutex_unlock(&m->lock);
    return copy;
}

/* ---- refreshing ----------------------------------------------------------------------------- */

static bool query_ok(const mosaic_prediction_query *q)
{
    return q->model && *q->model && strlen(q->model) <= MT_MODEL_MAX_BYTES &&
           mt_enum_str(&mt_task_type_table, (int)q->task_type) &&
           mt_enum_str(&mt_provider_table, (int)q->provider) &&
           mt_enum_str(&mt_complexity_table, (int)q->complexity);
}

static char *queries_body(const mosaic_prediction_query *queries, size_t n)
{
    json_object *root = json_object_new_object(), *list = json_object_new_array();
    for (size_t i = 0; list && i < n; i++)
        json_object_array_add(list, mt_query_to_object((int)queries[i].task_type, queries[i].model,
                                                       (int)queries[i].provider,
                                                       (int)queries[i].complexity));
    char *body = NULL;
    if (root && list) {
        json_object_object_add(root, "queries", list);
        list = NULL;
        const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
        body = text ? strdup(text) : NULL;
    }
    json_object_put(list);
    json_object_put(root);
    return body;
}

/* Caches each result of a 200 answer under the query it was sent for (results come in order). */
static mosaic_status store_results(mt_predictions *m, const mosaic_prediction_query *queries,
                                   size_t n, const mt_http_response *response)
{
    char err[200];
    json_object *root = mt_json_parse(response->body.data ? response->body.data : "",
                                      response->body.len, err, sizeof err);
    json_object *results;
    mosaic_status status = MOSAIC_OK;
    if (!root || !json_object_object_get_ex(root, "results", &results) ||
        !json_object_is_type(results, json_type_array) || json_object_array_length(results) != n) {
        mt_log(m->log, MOSAIC_LOG_WARN, "predictions: answer without %zu results", n);
        json_object_put(root);
        return MOSAIC_ERR_PARSE;
    }
    for (size_t i = 0; i < n; i++) {
        mosaic_prediction p = {.task_type = (int)queries[i].task_type,
                               .provider = (int)queries[i].provider,
                               .complexity = (int)queries[i].complexity};
        snprintf(p.model, sizeof p.model, "%s", queries[i].model);
        if (mt_prediction_from_result(json_object_array_get_idx(results, i), &p, err, sizeof err))
            cache_put(m, &p);
        else {
            mt_log(m->log, MOSAIC_LOG_WARN, "predictions: result %zu unreadable: %s", i, err);
            status = MOSAIC_ERR_PARSE;
        }
    }
    json_object_put(root);
    return status;
}

static mosaic_status answer_status(const mt_http_response *response, mt_send_result result)
{
    if (result == MT_SEND_CUT)
        return MOSAIC_ERR_TIMEOUT;
    if (response->status == 0)
        return MOSAIC_ERR_NETWORK;
    return response->status == 200 ? MOSAIC_OK : MOSAIC_ERR_HTTP;
}

/* One request of at most MT_MAX_QUERIES_PER_REQUEST queries; send_lock held. */
static mosaic_status refresh_chunk(mt_predictions *m, const mosaic_prediction_query *queries,
                                   size_t n)
{
    char *body = queries_body(queries, n);
    if (!body)
        return MOSAIC_ERR_NO_MEMORY;
    /* The endpoint is public: the API key is not sent there (docs/protocol.md, "Transport"). */
    mt_http_request request = {m->url, body, strlen(body), NULL, &m->deadline_ms};
    mt_http_response response = {0};
    mt_send_result result = mt_sender_post(&m->sender, &request, &response);
    mosaic_status status = answer_status(&response, result);
    if (status == MOSAIC_OK)
        status = store_results(m, queries, n, &response);
    else if (response.status)
        mt_log(m->log, MOSAIC_LOG_WARN, "predictions: HTTP %ld", response.status);
    mt_buf_free(&response.body);
    free(body);
    return status;
}

/* Each request, its retries and waits included, gets request_timeout_seconds: a refresh never
 * blocks its caller longer than that per 50 queries, even behind a long Retry-After. Armed under
 * the cache lock so that a free() in progress (which pulls the deadline to 0) always wins. */
static bool arm_deadline(mt_predictions *m)
{
    pthread_mutex_lock(&m->lock);
    bool open = !m->closing;
    if (open)
        atomic_store(&m->deadline_ms, mt_monotonic_ms() + m->request_budget_ms);
    pthread_mutex_unlock(&m->lock);
    return open;
}

/* Written under both locks: refreshes read it under send_lock, free (to wake it) under lock. */
static void publish_transport(mt_predictions *m, mt_transport *transport)
{
    pthread_mutex_lock(&m->lock);
    m->transport = transport;
    m->sender.transport = transport;
    pthread_mutex_unlock(&m->lock);
}

mosaic_status mt_predictions_refresh(mt_predictions *m, const mosaic_prediction_query *queries,
                                     size_t n)
{
    if (!queries || n == 0)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++)
        if (!query_ok(&queries[i]))
            return MOSAIC_ERR_INVALID_ARGUMENT;
    pthread_mutex_lock(&m->send_lock);
    mosaic_status status = MOSAIC_OK;
    if (!m->transport)
        publish_transport(m, mt_transport_curl_new(m->config, m->log));
    if (!m->transport)
        status = MOSAIC_ERR_NETWORK;
    for (size_t done = 0; status == MOSAIC_OK && done < n; done += MT_MAX_QUERIES_PER_REQUEST) {
        size_t chunk =
            n - done < MT_MAX_QUERIES_PER_REQUEST ? n - done : MT_MAX_QUERIES_PER_REQUEST;
        if (!arm_deadline(m))
            status = MOSAIC_ERR_STOPPED;
        else
            status = refresh_chunk(m, queries + done, chunk);
    }
    pthread_mutex_unlock(&m->send_lock);
    return status;
}

/* ---- async ---------------------------------------------------------------------------------- */

typedef struct async_job {
    mt_predictions *owner;
    mosaic_prediction_query *queries;
    char (*models)[MT_MODEL_MAX_BYTES + 1];
    size_t n;
    mosaic_prediction_done_fn done;
    void *user;
} async_job;

static void free_job(async_job *job)
{
    free(job->queries);
    free(job->models);
    free(job);
}

static void *async_main(void *arg)
{
    async_job *job = arg;
    mt_predictions *m = job->owner;
    mosaic_status status = mt_predictions_refresh(m, job->queries, job->n);
    /* Counted out before the callback: free waits for the refresh, not for the callback, so a
     * callback may free the client. Nothing below touches the client. */
    pthread_mutex_lock(&m->lock);
    m->async_running--;
    pthread_cond_broadcast(&m->changed);
    pthread_mutex_unlock(&m->lock);
    if (job->done)
        job->done(status, job->user);
    free_job(job);
    return NULL;
}

/* Copies the queries (and their model strings) so the caller's may go away at once. */
static async_job *copy_job(mt_predictions *m, const mosaic_prediction_query *queries, size_t n,
                           mosaic_prediction_done_fn done, void *user)
{
    async_job *job = calloc(1, sizeof *job);
    if (!job)
        return NULL;
    *job = (async_job){
        m, calloc(n, sizeof *job->queries), calloc(n, sizeof *job->models), n, done, user};
    if (!job->queries || !job->models) {
        free_job(job);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        job->queries[i] = queries[i];
        snprintf(job->models[i], sizeof job->models[i], "%s", queries[i].model);
        job->queries[i].model = job->models[i];
    }
    return job;
}

mosaic_status mt_predictions_refresh_async(mt_predictions *m,
                                           const mosaic_prediction_query *queries, size_t n,
                                           mosaic_prediction_done_fn done, void *user)
{
    if (!queries || n == 0)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++)
        if (!query_ok(&queries[i]))
            return MOSAIC_ERR_INVALID_ARGUMENT;
    async_job *job = copy_job(m, queries, n, done, user);
    if (!job)
        return MOSAIC_ERR_NO_MEMORY;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    pthread_mutex_lock(&m->lock);
    bool started = !m->closing && pthread_create(&thread, &attr, async_main, job) == 0;
    if (started)
        m->async_running++;
    pthread_mutex_unlock(&m->lock);
    pthread_attr_destroy(&attr);
    if (!started) {
        free_job(job);
        return MOSAIC_ERR_SYSTEM;
    }
    return MOSAIC_OK;
}

/* ---- lifetime ------------------------------------------------------------------------------- */

static void predictions_sleep_until(void *ctx, int64_t until_ms)
{
    mt_predictions *m = ctx;
    pthread_mutex_lock(&m->lock);
    if (!m->closing)
        mt_cond_wait_until(&m->changed, &m->lock, until_ms);
    pthread_mutex_unlock(&m->lock);
}

static int64_t predictions_now(void *ctx)
{
    (void)ctx;
    return mt_monotonic_ms();
}

static double predictions_random(void *ctx)
{
    (void)ctx;
    return mt_random_unit();
}

mt_predictions *mt_predictions_new(const mosaic_config *config, const mt_logger *log)
{
    mt_predictions *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->config = config;
    m->log = log;
    m->ttl_ms = (int64_t)(config->prediction_cache_ttl_seconds * 1000.0);
    m->request_budget_ms = (int64_t)(config->request_timeout_seconds * 1000.0);
    atomic_init(&m->deadline_ms, INT64_MAX);
    m->sender =
        (mt_sender){.log = log,
                    .clock = {predictions_now, predictions_sleep_until, predictions_random, m},
                    .max_retries = config->max_retries,
                    .backoff_base_ms = config->backoff_base_ms,
                    .backoff_cap_ms = config->backoff_cap_ms,
                    .what = "predictions"};
    size_t len = strlen(config->server_url) + sizeof MT_PREDICTIONS_PATH;
    m->url = malloc(len);
    if (!m->url || pthread_mutex_init(&m->lock, NULL) || pthread_mutex_init(&m->send_lock, NULL) ||
        mt_cond_init_monotonic(&m->changed)) {
        free(m->url);
        free(m);
        return NULL;
    }
    snprintf(m->url, len, "%s%s", config->server_url, MT_PREDICTIONS_PATH);
    return m;
}

void mt_predictions_free(mt_predictions *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    m->closing = true;
    atomic_store(&m->deadline_ms, 0);
    pthread_cond_broadcast(&m->changed);
    if (m->transport)
        m->transport->ops->wake(m->transport);
    while (m->async_running > 0)
        pthread_cond_wait(&m->changed, &m->lock);
    cache_clear(m);
    pthread_mutex_unlock(&m->lock);
    if (m->transport)
        m->transport->ops->destroy(m->transport);
    pthread_cond_destroy(&m->changed);
    pthread_mutex_destroy(&m->send_lock);
    pthread_mutex_destroy(&m->lock);
    free(m->url);
    free(m);
}

void mt_predictions_lock(mt_predictions *m)
{
    if (m)
        pthread_mutex_lock(&m->lock);
}

void mt_predictions_unlock(mt_predictions *m)
{
    if (m)
        pthread_mutex_unlock(&m->lock);
}

void mt_predictions_after_fork(mt_predictions *m)
{
    if (!m)
        return;
    /* The parent's refresh threads do not exist here; one may have held send_lock. */
    m->async_running = 0;
    m->transport = NULL; /* the parent's connection: left alone, as in fork.c */
    m->sender.transport = NULL;
    pthread_mutex_init(&m->send_lock, NULL);
    mt_cond_init_monotonic(&m->changed);
}

/* ---- the public calls ----------------------------------------------------------------------- */

MOSAIC_API mosaic_status mosaic_client_refresh_predictions(mosaic_client *c,
                                                           const mosaic_prediction_query *queries,
                                                           size_t n)
{
    if (!c)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    if (!c->predictions)
        return MOSAIC_ERR_DISABLED;
    return mt_predictions_refresh(c->predictions, queries, n);
}

MOSAIC_API mosaic_status
mosaic_client_refresh_predictions_async(mosaic_client *c, const mosaic_prediction_query *queries,
                                        size_t n, mosaic_prediction_done_fn done, void *user)
{
    if (!c)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    if (!c->predictions)
        return MOSAIC_ERR_DISABLED;
    return mt_predictions_refresh_async(c->predictions, queries, n, done, user);
}

MOSAIC_API mosaic_prediction *mosaic_client_get_prediction(mosaic_client *c,
                                                           const mosaic_prediction_query *query)
{
    if (!c || !c->predictions || !query || !query_ok(query))
        return NULL;
    return mt_predictions_get(c->predictions, query);
}
