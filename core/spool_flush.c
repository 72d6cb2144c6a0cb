/* Sending what the spool holds: claim, submit in requests of batch_size, settle. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "spool_internal.h"

#define MAX_PASSES 4

static void tally(mt_spool_flush_result *r, const mt_fate *fates, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (fates[i]) {
        case MT_FATE_ACCEPTED:
        case MT_FATE_DRY_RUN: r->accepted++; break;
        case MT_FATE_DUPLICATE: r->duplicates++; break;
        case MT_FATE_REJECTED: r->rejected++; break;
        case MT_FATE_DROPPED:
        case MT_FATE_TOO_LARGE: r->dropped++; break;
        case MT_FATE_KEPT: r->kept++; break;
        }
    }
}

/* Why events were kept, for `status`. */
static void note_kept(mt_spool *s, const mt_submitter *sub, bool deadline_passed, uint64_t kept)
{
    char line[256];
    snprintf(line, sizeof line, "%llu events kept: %s", (unsigned long long)kept,
             sub->held         ? sub->last_hold_cause
             : deadline_passed ? "the deadline came first"
                               : "the server could not be reached or kept failing");
    mt_spool_note_error(s, line);
}

/* Submits a claimed batch in requests of at most batch_size; true when nothing was kept. */
static bool send_batch(mt_submitter *sub, const mt_spool_batch *batch, mt_fate *fates,
                       size_t batch_size, const _Atomic int64_t *deadline_ms)
{
    const mosaic_event *events = mt_spool_batch_events(batch);
    const size_t *json_len;
    char *const *json = mt_spool_batch_json(batch, &json_len);
    size_t n = mt_spool_batch_size(batch);
    bool all_settled = true;
    for (size_t off = 0; off < n; off += batch_size) {
        size_t chunk = n - off < batch_size ? n - off : batch_size;
        if (!all_settled) { /* after a failure the rest stays for later */
            memset(fates + off, 0, chunk * sizeof *fates);
            continue;
        }
        mt_submit_serialised(sub, events + off, json + off, json_len + off, chunk, fates + off,
                             deadline_ms);
        for (size_t i = 0; i < chunk; i++)
            all_settled = all_settled && fates[off + i] != MT_FATE_KEPT;
    }
    return all_settled;
}

/* ---- the pipeline ---------------------------------------------------------------------------
 * The sending thread (the caller) only sends. A helper thread claims the next batch from the
 * directory, and settles the one just sent, meanwhile: renames, reads, parsing and unlinks of
 * one batch overlap the network wait of another. Without a helper thread the same steps run
 * inline. */

typedef struct pipeline {
    mt_spool *spool;
    size_t batch_size;
    const mt_spool_observer *observer; /* NULL: none */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    mt_spool_name *names; /* the current listing of pending/ (the helper's) */
    size_t count, cursor;
    int passes;
    bool exhausted; /* no more batches will come */
    bool stopping;  /* the sender is done */
    mosaic_status claim_status;
    mt_spool_batch *ready; /* claimed, not yet sent */
    mt_spool_batch *sent;  /* sent, to be settled by its fates */
    mt_fate *sent_fates;
} pipeline;

/* Claims the next batch into p->ready, listing the directory again when the listing is used up
 * (a few passes pick up files appended meanwhile, and bound the work when appends never stop).
 * Lock not held. */
static void claim_next(pipeline *p)
{
    mt_spool_batch *batch = NULL;
    mosaic_status status = MOSAIC_OK;
    while (!batch && status == MOSAIC_OK) {
        if (p->cursor >= p->count) {
            if (p->passes == MAX_PASSES || (p->passes > 0 && p->count == 0))
                break;
            free(p->names);
            p->names = mt_spool_list_sendable(p->spool, p->batch_size, &p->count);
            p->cursor = 0;
            p->passes++;
            continue;
        }
        status =
            mt_spool_claim_listed(p->spool, p->names, p->count, &p->cursor, p->batch_size, &batch);
    }
    pthread_mutex_lock(&p->lock);
    p->ready = batch;
    p->exhausted = !batch;
    p->claim_status = status;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

/* Settles the batch sent last, if any; lock held on entry and exit. */
static bool settle_sent(pipeline *p)
{
    if (!p->sent)
        return false;
    mt_spool_batch *batch = p->sent;
    mt_fate *fates = p->sent_fates;
    p->sent = NULL;
    p->sent_fates = NULL;
    pthread_mutex_unlock(&p->lock);
    mt_spool_settle(p->spool, batch, fates); /* NULL fates (out of memory): all kept */
    free(fates);
    pthread_mutex_lock(&p->lock);
    pthread_cond_broadcast(&p->changed);
    return true;
}

static void *helper_main(void *arg)
{
    pipeline *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        if (settle_sent(p))
            continue;
        if (p->stopping)
            break;
        if (!p->ready && !p->exhausted) {
            pthread_mutex_unlock(&p->lock);
            claim_next(p);
            pthread_mutex_lock(&p->lock);
            continue;
        }
        pthread_cond_wait(&p->changed, &p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* The next claimed batch, or NULL when there is none. */
static mt_spool_batch *take_ready(pipeline *p, bool threaded)
{
    if (!threaded && !p->ready && !p->exhausted)
        claim_next(p);
    pthread_mutex_lock(&p->lock);
    while (!p->ready && !p->exhausted)
        pthread_cond_wait(&p->changed, &p->lock);
    mt_spool_batch *batch = p->ready;
    p->ready = NULL;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return batch;
}

/* Hands a sent batch over for settling (waiting while the previous one is still being settled). */
static void hand_over(pipeline *p, mt_spool_batch *batch, mt_fate *fates, bool threaded)
{
    pthread_mutex_lock(&p->lock);
    while (p->sent)
        pthread_cond_wait(&p->changed, &p->lock);
    p->sent = batch;
    p->sent_fates = fates;
    if (threaded)
        pthread_cond_broadcast(&p->changed);
    else
        settle_sent(p);
    pthread_mutex_unlock(&p->lock);
}

/* The observer's word on a batch about to be sent (fates NULL) or just sent; true when it has
 * none. A refusal becomes the spool's last error. */
static bool observed(pipeline *p, const mt_spool_batch *batch, const mt_fate *fates)
{
    const mt_spool_observer *o = p->observer;
    const mosaic_event *events = mt_spool_batch_events(batch);
    size_t n = mt_spool_batch_size(batch);
    char err[256] = "";
    bool ok = !o      ? true
              : fates ? !o->settled || o->settled(o->user, events, fates, n, err, sizeof err)
                      : !o->claimed || o->claimed(o->user, events, n, err, sizeof err);
    if (!ok)
        mt_spool_note_error(p->spool, err[0] ? err : "the flush's observer refused a batch");
    return ok;
}

/* Sends batches until there are none, one is not delivered, or the deadline passes. */
static mosaic_status send_all(pipeline *p, mt_submitter *sub, const _Atomic int64_t *deadline_ms,
                              bool threaded, mt_spool_flush_result *r)
{
    for (;;) {
        if (deadline_ms && mt_monotonic_ms() >= atomic_load(deadline_ms))
            return MOSAIC_ERR_TIMEOUT;
        mt_spool_batch *batch = take_ready(p, threaded);
        if (!batch)
            return p->claim_status;
        size_t n = mt_spool_batch_size(batch);
        if (!observed(p, batch, NULL)) { /* not sent: it stays in the spool */
            r->kept += n;
            hand_over(p, batch, NULL, threaded);
            return MOSAIC_ERR_SYSTEM;
        }
        mt_fate *fates = calloc(n, sizeof *fates); /* calloc: MT_FATE_KEPT is 0 */
        bool settled = fates && send_batch(sub, batch, fates, p->batch_size, deadline_ms);
        bool refused = fates && !observed(p, batch, fates);
        if (refused) /* sent, but unrecorded: kept, the server answers the next one duplicate */
            memset(fates, 0, n * sizeof *fates);
        if (fates)
            tally(r, fates, n);
        else
            r->kept += n;
        hand_over(p, batch, fates, threaded);
        if (refused)
            return MOSAIC_ERR_SYSTEM;
        if (!settled) {
            bool late = deadline_ms && mt_monotonic_ms() >= atomic_load(deadline_ms);
            note_kept(p->spool, sub, late, r->kept);
            return late ? MOSAIC_ERR_TIMEOUT : MOSAIC_ERR_PENDING;
        }
    }
}

/* Stops the helper (it settles what was sent first) and returns an unsent claim to pending. */
static void finish(pipeline *p, pthread_t helper, bool threaded)
{
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    if (threaded)
        pthread_join(helper, NULL);
    if (p->ready)
        mt_spool_settle(p->spool, p->ready, NULL);
    free(p->names);
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
}

mosaic_status mt_spool_flush(mt_spool *s, mt_submitter *sub, size_t batch_size,
                             const _Atomic int64_t *deadline_ms, mt_spool_flush_result *result)
{
    return mt_spool_flush_observed(s, sub, batch_size, deadline_ms, NULL, result);
}

mosaic_status mt_spool_flush_observed(mt_spool *s, mt_submitter *sub, size_t batch_size,
                                      const _Atomic int64_t *deadline_ms,
                                      const mt_spool_observer *observer,
                                      mt_spool_flush_result *result)
{
    mt_spool_flush_result local = {0};
    mt_spool_flush_result *r = result ? result : &local;
    memset(r, 0, sizeof *r);
    if (!s || !sub || batch_size == 0)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    mt_spool_prune(s);
    pipeline p = {.spool = s, .batch_size = batch_size, .observer = observer};
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);
    pthread_t helper;
    bool threaded = pthread_create(&helper, NULL, helper_main, &p) == 0;
    mosaic_status status = send_all(&p, sub, deadline_ms, threaded, r);
    finish(&p, helper, threaded);
    if (status == MOSAIC_OK && r->accepted + r->duplicates > 0)
        mt_spool_note_error(s, ""); /* delivered again: the last error is history */
    return status;
}
