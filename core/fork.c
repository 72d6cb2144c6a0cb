/* After fork() the child has the parent's memory but none of its threads: each client's queue
 * (already being sent by the parent) is emptied, its thread forgotten and its connection left
 * alone (closing it could disturb the parent's TLS stream). The next track or flush in the child
 * starts a thread of its own. */
#include <pthread.h>

#include "client.h"

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;
static mosaic_client *registry;

/* Holding every lock across fork() means the child inherits them in a known state. */
static void before_fork(void)
{
    pthread_mutex_lock(&registry_lock);
    for (mosaic_client *c = registry; c; c = c->next_registered) {
        pthread_mutex_lock(&c->lock);
        mt_predictions_lock(c->predictions);
    }
}

static void after_fork_parent(void)
{
    for (mosaic_client *c = registry; c; c = c->next_registered) {
        mt_predictions_unlock(c->predictions);
        pthread_mutex_unlock(&c->lock);
    }
    pthread_mutex_unlock(&registry_lock);
}

static void reset_in_child(mosaic_client *c)
{
    mt_queue_clear(&c->queue);
    c->thread_running = false;
    c->thread_exited = false;
    c->flush_completed = c->flush_requested;
    c->transport = NULL; /* leaked on purpose: see above */
    c->submitter.sender.transport = NULL;
    atomic_store(&c->transfer_deadline_ms, INT64_MAX);
    mt_cond_init_monotonic(&c->wake);
    mt_cond_init_monotonic(&c->settled);
    mt_predictions_after_fork(c->predictions);
    if (c->spool)
        mt_spool_forget_claim(c->spool);
}

static void after_fork_child(void)
{
    for (mosaic_client *c = registry; c; c = c->next_registered) {
        reset_in_child(c);
        mt_predictions_unlock(c->predictions);
        pthread_mutex_unlock(&c->lock);
    }
    pthread_mutex_unlock(&registry_lock);
}

static void install_handlers(void)
{
    pthread_atfork(before_fork, after_fork_parent, after_fork_child);
}

void mt_fork_register(mosaic_client *c)
{
    pthread_once(&handlers_once, install_handlers);
    pthread_mutex_lock(&registry_lock);
    c->next_registered = registry;
    registry = c;
    pthread_mutex_unlock(&registry_lock);
}

void mt_fork_unregister(mosaic_client *c)
{
    pthread_mutex_lock(&registry_lock);
    for (mosaic_client **link = &registry; *link; link = &(*link)->next_registered) {
        if (*link == c) {
            *link = c->next_registered;
            break;
        }
    }
    pthread_mutex_unlock(&registry_lock);
}
