/* The client's public calls: make, start, track, flush, stop, free, and its counters. */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "err.h"
#include "protocol.h"

#define FREE_STOP_TIMEOUT_MS 2000
/* How long stop waits past its deadline for the thread to tear a transfer down. */
#define STOP_GRACE_MS 250

static void init_submitter(mosaic_client *c)
{
    mt_submitter *s = &c->submitter;
    s->sender.log = &c->log;
    s->sender.clock = mt_system_clock;
    s->sender.max_retries = c->config->max_retries;
    s->sender.backoff_base_ms = c->config->backoff_base_ms;
    s->sender.backoff_cap_ms = c->config->backoff_cap_ms;
    s->sender.stats = &c->stats;
    s->sender.what = "events";
    s->api_key = c->config->api_key;
    s->dry_run = c->config->dry_run;
}

static char *join_url(const char *base, const char *path)
{
    size_t len = strlen(base) + strlen(path) + 1;
    char *url = malloc(len);
    if (url)
        snprintf(url, len, "%s%s", base, path);
    return url;
}

static mosaic_status init_client(mosaic_client *c, const mosaic_config *config, char *err,
                                 size_t errlen)
{
    c->config = mosaic_config_clone(config);
    if (!c->config)
        return MOSAIC_ERR_NO_MEMORY;
    c->log = c->config->log;
    c->batch_size = c->config->batch_size;
    c->interval_ms = (int64_t)(c->config->submit_interval_seconds * 1000.0);
    atomic_init(&c->transfer_deadline_ms, INT64_MAX);
    if (pthread_mutex_init(&c->lock, NULL) || mt_cond_init_monotonic(&c->wake) ||
        mt_cond_init_monotonic(&c->settled))
        return MOSAIC_ERR_SYSTEM;
    init_submitter(c);
    if (!c->config->enabled)
        return MOSAIC_OK; /* a no-op client needs no queue and no URLs */
    c->submitter.url = join_url(c->config->server_url, MT_EVENTS_PATH);
    if (c->config->spool_dir) {
        mt_spool_limits limits;
        mt_config_spool_limits(c->config, &limits);
        if (mt_spool_open(c->config->spool_dir, &limits, &c->log, &c->spool, err, errlen))
            return MOSAIC_ERR_SYSTEM;
        /* The command's history (docs/history.md), from the environment or the config file. */
        const char *history = mt_config_history(c->config);
        c->record_delivered = !(history && strcmp(history, "off") == 0);
    }
    c->predictions = mt_predictions_new(c->config, &c->log);
    if (!c->submitter.url || !c->predictions ||
        !mt_queue_init(&c->queue, c->config->max_queue_size))
        return MOSAIC_ERR_NO_MEMORY;
    return MOSAIC_OK;
}

static void destroy_client(mosaic_client *c)
{
    mt_predictions_free(c->predictions);
    mt_spool_close(c->spool);
    if (c->transport)
        c->transport->ops->destroy(c->transport);
    mt_queue_free(&c->queue);
    free(c->submitter.url);
    pthread_cond_destroy(&c->settled);
    pthread_cond_destroy(&c->wake);
    pthread_mutex_destroy(&c->lock);
    mosaic_config_free(c->config);
    free(c);
}

MOSAIC_API mosaic_status mosaic_client_new(const mosaic_config *config, mosaic_client **out,
                                           char *err, size_t errlen)
{
    if (!out) {
        mt_set_error(err, errlen, "out: must not be NULL");
        return MOSAIC_ERR_INVALID_ARGUMENT;
    }
    *out = NULL;
    mosaic_status status = mosaic_config_validate(config, err, errlen);
    if (status != MOSAIC_OK)
        return status;
    mosaic_client *c = calloc(1, sizeof *c);
    if (!c) {
        mt_set_error(err, errlen, "out of memory");
        return MOSAIC_ERR_NO_MEMORY;
    }
    char why[300] = "";
    status = init_client(c, config, why, sizeof why);
    if (status != MOSAIC_OK) {
        mt_set_error(err, errlen, "%s", why[0] ? why : mosaic_status_str(status));
        destroy_client(c);
        return status;
    }
    mt_fork_register(c);
    char shape[200];
    if (mt_config_shape_warning(c->config, shape, sizeof shape)) /* once: the client's only */
        mt_log(&c->config->log, MOSAIC_LOG_WARN, "%s; sent as given: the server decides", shape);
    *out = c;
    return MOSAIC_OK;
}

MOSAIC_API mosaic_status mosaic_client_start(mosaic_client *c)
{
    if (!c)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    if (!c->config->enabled)
        return MOSAIC_OK;
    pthread_mutex_lock(&c->lock);
    mosaic_status status = c->stopped || c->stop_requested ? MOSAIC_ERR_STOPPED : MOSAIC_OK;
    if (status == MOSAIC_OK) {
        c->started = true;
        c->spool_due = c->spool != NULL;       /* a client that starts sends what the spool holds */
        if (c->queue.size > 0 || c->spool_due) /* and what was tracked before start */
            mt_worker_ensure_locked(c);
        pthread_cond_signal(&c->wake); /* a thread already running starts its interval */
    }
    pthread_mutex_unlock(&c->lock);
    return status;
}

MOSAIC_API void mosaic_client_track(mosaic_client *c, const mosaic_event *event)
{
    if (!c || !event || !c->config->enabled)
        return;
    pthread_mutex_lock(&c->lock);
    if (c->stopped || c->stop_requested) {
        pthread_mutex_unlock(&c->lock);
        return;
    }
    size_t dropped = mt_queue_push(&c->queue, event);
    bool wake_worker = c->started && c->queue.size == c->batch_size;
    if (c->started && !c->thread_running)
        mt_worker_ensure_locked(c); /* the thread starts with the first event */
    pthread_mutex_unlock(&c->lock);
    mt_count(&c->stats.tracked, 1);
    if (dropped)
        mt_count(&c->stats.dropped_overflow, dropped);
    /* Signal only on reaching a batch: a futex call per event would cost more than the copy. */
    if (wake_worker)
        pthread_cond_signal(&c->wake);
}

/* Makes a transfer or a wait in progress end by deadline, at once; lock held (the worker reads
 * the deadline under it before each wait, so the signal cannot be missed). */
static void pull_in_deadline_locked(mosaic_client *c, int64_t deadline)
{
    if (atomic_load(&c->transfer_deadline_ms) > deadline)
        atomic_store(&c->transfer_deadline_ms, deadline);
    pthread_cond_signal(&c->wake);
    if (c->transport)
        c->transport->ops->wake(c->transport);
}

/* Asks the worker for a flush and waits for its answer until deadline; lock held. */
static mosaic_status request_flush_locked(mosaic_client *c, int64_t deadline)
{
    if (!mt_worker_ensure_locked(c))
        return MOSAIC_ERR_SYSTEM;
    uint64_t ticket = ++c->flush_requested;
    if (deadline > c->flush_deadline_ms || c->flush_completed + 1 == ticket)
        c->flush_deadline_ms = deadline;
    pull_in_deadline_locked(c, deadline); /* a background round in progress keeps it too */
    while (c->flush_completed < ticket && !c->thread_exited) {
        if (mt_monotonic_ms() >= deadline)
            return MOSAIC_ERR_TIMEOUT;
        mt_cond_wait_until(&c->settled, &c->lock, deadline);
    }
    return c->flush_completed >= ticket ? c->flush_result : MOSAIC_ERR_STOPPED;
}

MOSAIC_API mosaic_status mosaic_client_flush(mosaic_client *c, uint32_t timeout_ms)
{
    if (!c)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    if (!c->config->enabled)
        return MOSAIC_OK;
    pthread_mutex_lock(&c->lock);
    mosaic_status status = MOSAIC_ERR_STOPPED;
    if (!c->stopped && !c->stop_requested)
        status = c->queue.size == 0 && !c->thread_running
                     ? MOSAIC_OK
                     : request_flush_locked(c, mt_monotonic_ms() + timeout_ms);
    pthread_mutex_unlock(&c->lock);
    return status;
}

/* Waits for the worker to finish its final round, then joins it; lock held on entry and exit. */
static mosaic_status finish_worker_locked(mosaic_client *c, int64_t deadline)
{
    while (!c->thread_exited && mt_monotonic_ms() < deadline + STOP_GRACE_MS)
        mt_cond_wait_until(&c->settled, &c->lock, deadline + STOP_GRACE_MS);
    mosaic_status status = c->flush_result;
    if (!c->thread_exited)
        status = MOSAIC_ERR_TIMEOUT;
    pthread_mutex_unlock(&c->lock);
    /* The transport checks the deadline between polls of at most a few hundred ms, so the
     * thread is at most that far from exiting even when the grace period ran out. */
    pthread_join(c->thread, NULL);
    pthread_mutex_lock(&c->lock);
    c->thread_running = false;
    if (status == MOSAIC_OK && mt_monotonic_ms() > deadline && c->queue.size > 0)
        status = MOSAIC_ERR_TIMEOUT;
    return status;
}

/* What stop could not send by its deadline goes to the spool, when there is one, rather than
 * being lost at free; lock held, the worker gone. */
static void spool_leftovers_locked(mosaic_client *c)
{
    if (!c->spool || c->queue.size == 0)
        return;
    size_t n = c->queue.size;
    mosaic_event *events = malloc(n * sizeof *events);
    if (!events)
        return;
    mt_queue_pop(&c->queue, events, n);
    char err[300];
    if (mt_spool_append(c->spool, events, n, err, sizeof err) == MOSAIC_OK) {
        mt_count(&c->stats.spooled, n);
    } else {
        mt_log(&c->log, MOSAIC_LOG_ERROR, "%s; %zu events could not be kept", err, n);
        mt_queue_push_front(&c->queue, events, n);
    }
    free(events);
}

MOSAIC_API mosaic_status mosaic_client_stop(mosaic_client *c, uint32_t timeout_ms)
{
    if (!c)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    if (!c->config->enabled)
        return MOSAIC_OK;
    pthread_mutex_lock(&c->lock);
    if (c->stopped || c->stop_requested) {
        /* Another thread's stop is under way: returning before it ends would let the caller
         * free the client under the running worker. */
        while (!c->stopped)
            pthread_cond_wait(&c->settled, &c->lock);
        pthread_mutex_unlock(&c->lock);
        return MOSAIC_OK;
    }
    int64_t deadline = mt_monotonic_ms() + timeout_ms;
    c->stop_requested = true;
    c->flush_deadline_ms = deadline;
    c->flush_result = MOSAIC_OK;
    mosaic_status status = MOSAIC_OK;
    /* A final flush needs the thread; with no time for one (timeout 0) none is started. */
    bool final_flush = c->queue.size > 0 && timeout_ms > 0;
    if (!c->thread_running && final_flush && !mt_worker_ensure_locked(c))
        status = MOSAIC_ERR_SYSTEM;
    if (c->thread_running) {
        pull_in_deadline_locked(c, deadline);
        status = finish_worker_locked(c, deadline);
    }
    spool_leftovers_locked(c);
    c->stopped = true;
    c->started = false;
    pthread_cond_broadcast(&c->settled);
    pthread_mutex_unlock(&c->lock);
    return status;
}

MOSAIC_API void mosaic_client_free(mosaic_client *c)
{
    if (!c)
        return;
    mosaic_client_stop(c, FREE_STOP_TIMEOUT_MS);
    mt_fork_unregister(c);
    mt_count(&c->stats.dropped_shutdown, c->queue.size);
    if (c->queue.size)
        mt_log(&c->log, MOSAIC_LOG_WARN, "%zu events were never sent", c->queue.size);
    destroy_client(c);
}

MOSAIC_API size_t mosaic_client_queue_size(const mosaic_client *c)
{
    if (!c)
        return 0;
    mosaic_client *mutable = (mosaic_client *)c; /* locking does not change what it reads */
    pthread_mutex_lock(&mutable->lock);
    size_t size = c->queue.size;
    pthread_mutex_unlock(&mutable->lock);
    return size;
}

MOSAIC_API bool mosaic_client_is_running(const mosaic_client *c)
{
    if (!c)
        return false;
    mosaic_client *mutable = (mosaic_client *)c;
    pthread_mutex_lock(&mutable->lock);
    bool running = c->started && !c->stopped;
    pthread_mutex_unlock(&mutable->lock);
    return running;
}

MOSAIC_API mosaic_status mosaic_client_get_stats(const mosaic_client *c, mosaic_stats *out)
{
    if (!c || !out || out->struct_size < sizeof(uint32_t))
        return MOSAIC_ERR_INVALID_ARGUMENT;
    mosaic_stats all = {.struct_size = out->struct_size};
    const mt_stats *s = &c->stats;
    all.tracked = atomic_load(&s->tracked);
    all.queued = mosaic_client_queue_size(c);
    all.accepted = atomic_load(&s->accepted);
    all.duplicates = atomic_load(&s->duplicates);
    all.rejected = atomic_load(&s->rejected);
    all.dropped_overflow = atomic_load(&s->dropped_overflow);
    all.dropped_bad_batch = atomic_load(&s->dropped_bad_batch);
    all.dropped_too_large = atomic_load(&s->dropped_too_large);
    all.dropped_shutdown = atomic_load(&s->dropped_shutdown);
    all.dry_run = atomic_load(&s->dry_run);
    all.requests = atomic_load(&s->requests);
    all.failed_requests = atomic_load(&s->failed_requests);
    all.retries = atomic_load(&s->retries);
    all.kept_for_later = atomic_load(&s->kept_for_later);
    all.split_batches = atomic_load(&s->split_batches);
    all.spooled = atomic_load(&s->spooled);
    all.resent_with_fallback = atomic_load(&s->resent_with_fallback);
    /* An older caller's smaller struct gets only the fields it knows. */
    size_t size = out->struct_size < sizeof all ? out->struct_size : sizeof all;
    memcpy(out, &all, size);
    return MOSAIC_OK;
}
