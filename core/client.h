/* The client's state, shared by the public calls (client.c), the sending thread (worker.c) and
 * the fork handlers (fork.c). One mutex guards everything but the atomic counters. */
#ifndef MT_CLIENT_H
#define MT_CLIENT_H

#include <pthread.h>

#include "config.h"
#include "predictions.h"
#include "spool.h"
#include "queue.h"
#include "stats.h"
#include "submitter.h"

struct mosaic_client {
    mosaic_config *config; /* a private copy */
    mt_logger log;
    pthread_mutex_t lock;
    pthread_cond_t wake;    /* the worker waits on it; stop/flush/a full batch signal it */
    pthread_cond_t settled; /* flush and stop wait on it for the worker's answer */
    mt_queue queue;
    size_t batch_size;
    int64_t interval_ms;
    bool started;        /* start() was called: send in the background */
    bool stop_requested; /* stop() is under way */
    bool stopped;        /* stop() finished: track is a no-op */
    bool thread_running;
    bool thread_exited;
    pthread_t thread;
    uint64_t flush_requested, flush_completed;
    mosaic_status flush_result;
    int64_t flush_deadline_ms;
    int64_t hold_until_ms;                /* no background sending before this (monotonic ms) */
    _Atomic int64_t transfer_deadline_ms; /* read by the transport during a transfer */
    mt_stats stats;
    mt_transport *transport; /* NULL until the worker needs one (and again in a forked child) */
    mt_submitter submitter;
    mt_predictions *predictions;
    mt_spool *spool; /* NULL: memory only */
    bool spool_due;  /* send what the spool holds at the next round (set by start) */
    /* Keep what this client delivers in the spool's delivered record, for the command's local
     * history (spool.h): there is a spool, and MOSAIC_TELEMETRY_HISTORY is not "off". */
    bool record_delivered;
    mosaic_client *next_registered; /* fork.c's list */
};

/* Starts the sending thread if it is not running; lock held. False if it could not start. */
bool mt_worker_ensure_locked(mosaic_client *client);

/* Waits on cond until the monotonic time until_ms (or a signal); lock held. */
void mt_cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock, int64_t until_ms);
/* A condition variable that measures time on CLOCK_MONOTONIC. */
int mt_cond_init_monotonic(pthread_cond_t *cond);

/* fork.c: clients are registered so that a forked child can reset them. */
void mt_fork_register(mosaic_client *client);
void mt_fork_unregister(mosaic_client *client);

#endif
