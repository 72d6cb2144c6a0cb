/* The sending thread: waits for a full batch, the interval, a flush or a stop, then drains the
 * queue in batches through the submitter; a round that is not just for a full batch then sends
 * what the spool holds too, once the queue is delivered. It holds the client's lock except while
 * sending (and spooling what was kept). */
#include <stdlib.h>
#include <time.h>

#include "client.h"
#include "clock.h"
#include "random.h"
#include "transport_curl.h"

int mt_cond_init_monotonic(pthread_cond_t *cond)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(cond, &attr);
    pthread_condattr_destroy(&attr);
    return rc;
}

void mt_cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock, int64_t until_ms)
{
    if (until_ms == INT64_MAX) {
        pthread_cond_wait(cond, lock);
        return;
    }
    struct timespec ts = {until_ms / 1000, (until_ms % 1000) * 1000000L};
    pthread_cond_timedwait(cond, lock, &ts);
}

/* The sender's clock: its sleeps wake when stop() signals, so a new deadline is seen at once. */
static int64_t client_now(void *ctx)
{
    (void)ctx;
    return mt_monotonic_ms();
}

static void client_sleep_until(void *ctx, int64_t until_ms)
{
    mosaic_client *c = ctx;
    pthread_mutex_lock(&c->lock);
    /* The deadline is read under the lock that stop() and flush() hold when they lower it and
     * signal, so a deadline pulled in just before this wait cannot be missed. */
    int64_t deadline = atomic_load(&c->transfer_deadline_ms);
    int64_t limit = until_ms < deadline ? until_ms : deadline;
    if (mt_monotonic_ms() < limit)
        mt_cond_wait_until(&c->wake, &c->lock, limit);
    pthread_mutex_unlock(&c->lock);
}

static double client_random(void *ctx)
{
    (void)ctx;
    return mt_random_unit();
}

/* Whether the worker has something to do now; lock held. A full batch does not count while
 * background sending is held back (after an auth failure, or a round that kept events): without
 * that, the worker would spin on the lock, resending to a server that just refused. */
static bool work_waiting(const mosaic_client *c, int64_t next_due)
{
    if (c->stop_requested || c->flush_requested != c->flush_completed)
        return true;
    if (!c->started)
        return false;
    if (c->spool_due)
        return true;
    int64_t now = mt_monotonic_ms();
    return now >= next_due || (c->queue.size >= c->batch_size && now >= c->hold_until_ms);
}

/* When the worker should look again: the next interval, or the end of a hold if sooner. */
static int64_t next_wake(const mosaic_client *c, int64_t next_due)
{
    if (!c->started)
        return INT64_MAX;
    if (c->hold_until_ms > mt_monotonic_ms() && c->hold_until_ms < next_due)
        return c->hold_until_ms;
    return next_due;
}

/* Moves the events the submitter kept to the front of the batch buffer, in order. */
static size_t compact_kept(mosaic_event *events, const mt_fate *fates, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (fates[i] == MT_FATE_KEPT)
            events[kept++] = events[i];
    return kept;
}

/* Sends one batch with the lock released; returns how many events were kept. Kept events go to
 * the spool when there is one (durable, written outside the lock: track never waits on a
 * disk), else back in front of the queue. */
static size_t send_batch(mosaic_client *c, mosaic_event *events, mt_fate *fates, size_t n)
{
    pthread_mutex_unlock(&c->lock);
    mt_submit(&c->submitter, events, n, fates, &c->transfer_deadline_ms);
    if (c->record_delivered)
        mt_spool_record_delivered(c->spool, events, fates, n);
    size_t kept = compact_kept(events, fates, n);
    char err[300];
    bool spooled = kept && c->spool && !mt_spool_append(c->spool, events, kept, err, sizeof err);
    if (kept && c->spool && !spooled)
        mt_log(&c->log, MOSAIC_LOG_WARN, "%s; kept in memory instead", err);
    pthread_mutex_lock(&c->lock);
    if (c->submitter.held) {
        int64_t until = mt_monotonic_ms() + c->interval_ms;
        if (until > c->hold_until_ms)
            c->hold_until_ms = until;
    }
    mt_count(&c->stats.kept_for_later, kept);
    if (spooled)
        mt_count(&c->stats.spooled, kept);
    else /* the buffer's own space: this path cannot run out of memory */
        mt_count(&c->stats.dropped_overflow, mt_queue_push_front(&c->queue, events, kept));
    return kept;
}

/* Sends what is queued: everything when `all`, else only full batches. */
static mosaic_status drain(mosaic_client *c, mosaic_event *events, mt_fate *fates, bool all)
{
    size_t budget = c->queue.size; /* events tracked meanwhile wait for the next round */
    while (budget > 0 && (all || c->queue.size >= c->batch_size)) {
        if (mt_monotonic_ms() >= atomic_load(&c->transfer_deadline_ms))
            return MOSAIC_ERR_TIMEOUT;
        size_t n = mt_queue_pop(&c->queue, events, budget < c->batch_size ? budget : c->batch_size);
        budget -= n;
        if (send_batch(c, events, fates, n) > 0)
            return mt_monotonic_ms() >= atomic_load(&c->transfer_deadline_ms) ? MOSAIC_ERR_TIMEOUT
                                                                              : MOSAIC_ERR_PENDING;
    }
    return MOSAIC_OK;
}

static bool ensure_transport(mosaic_client *c)
{
    if (!c->transport && !c->config->dry_run) {
        c->transport = mt_transport_curl_new(c->config, &c->log);
        c->submitter.sender.transport = c->transport;
    }
    return c->transport || c->config->dry_run;
}

/* What the client's own drain of the spool settled goes to the delivered record. */
static bool record_settled(void *user, const mosaic_event *events, const mt_fate *fates, size_t n,
                           char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    mt_spool_record_delivered(user, events, fates, n);
    return true;
}

/* Sends what the spool holds, the lock released; the client's own queue went first. */
static mosaic_status drain_spool(mosaic_client *c)
{
    pthread_mutex_unlock(&c->lock);
    mt_spool_observer record = {NULL, record_settled, c->spool};
    mosaic_status status =
        mt_spool_flush_observed(c->spool, &c->submitter, c->batch_size, &c->transfer_deadline_ms,
                                c->record_delivered ? &record : NULL, NULL);
    pthread_mutex_lock(&c->lock);
    if (c->submitter.held) {
        int64_t until = mt_monotonic_ms() + c->interval_ms;
        if (until > c->hold_until_ms)
            c->hold_until_ms = until;
    }
    return status;
}

static void run_round(mosaic_client *c, mosaic_event *events, mt_fate *fates, int64_t *next_due)
{
    bool flushing = c->stop_requested || c->flush_requested != c->flush_completed;
    uint64_t target = c->flush_requested;
    int64_t now = mt_monotonic_ms();
    bool due = now >= *next_due;
    if (due)
        *next_due = now + c->interval_ms;
    atomic_store(&c->transfer_deadline_ms, flushing ? c->flush_deadline_ms : INT64_MAX);
    /* Taken now: a start() while this round sends asks for another round, not for this one. */
    bool spool_requested = c->spool_due;
    c->spool_due = false;
    bool whole = flushing || due || spool_requested; /* not just a full batch */
    mosaic_status status = MOSAIC_ERR_PENDING;
    if (!events || !fates)
        status = MOSAIC_ERR_NO_MEMORY;
    else if (!ensure_transport(c))
        status = MOSAIC_ERR_NETWORK;
    else if (flushing || now >= c->hold_until_ms)
        status = drain(c, events, fates, whole);
    if (status == MOSAIC_OK && whole && c->spool)
        status = drain_spool(c);
    /* A round that could not deliver everything holds background sending until the next
     * interval: the events wait there, the server is not pressed again at once. */
    if (status != MOSAIC_OK && c->hold_until_ms < *next_due)
        c->hold_until_ms = *next_due;
    if (flushing) {
        c->flush_completed = target;
        c->flush_result = status;
        pthread_cond_broadcast(&c->settled);
    }
}

static void *worker_main(void *arg)
{
    mosaic_client *c = arg;
    mosaic_event *events = malloc(c->batch_size * sizeof *events);
    mt_fate *fates = malloc(c->batch_size * sizeof *fates);
    pthread_mutex_lock(&c->lock);
    /* docs/protocol.md, "Retries and deadlines": the first flush at a random point of the first
     * interval. */
    int64_t next_due = mt_monotonic_ms() + (int64_t)(mt_random_unit() * (double)c->interval_ms);
    for (;;) {
        while (!work_waiting(c, next_due))
            mt_cond_wait_until(&c->wake, &c->lock, next_wake(c, next_due));
        /* A stop that arrives while a round sends gets a final round of its own. */
        bool stopping = c->stop_requested;
        run_round(c, events, fates, &next_due);
        if (stopping)
            break;
    }
    c->thread_exited = true;
    pthread_cond_broadcast(&c->settled);
    pthread_mutex_unlock(&c->lock);
    free(events);
    free(fates);
    return NULL;
}

bool mt_worker_ensure_locked(mosaic_client *c)
{
    if (c->thread_running)
        return true;
    c->submitter.sender.clock = (mt_clock){client_now, client_sleep_until, client_random, c};
    c->thread_exited = false;
    if (pthread_create(&c->thread, NULL, worker_main, c) != 0) {
        mt_log(&c->log, MOSAIC_LOG_ERROR, "could not start the sending thread; events stay queued");
        return false;
    }
    c->thread_running = true;
    return true;
}
