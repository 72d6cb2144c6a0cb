/* What the spool's files share: its struct, the helpers of spool_files.h, and what one spool file
 * offers the others. Calls between them go one way only, from the top down:
 *   spool.c, spool_flush.c -> spool_prune.c -> spool_claim.c -> spool_segment.c -> spool_files.c
 * (a file may also call any file further down the line, never one up it). */
#ifndef MT_SPOOL_INTERNAL_H
#define MT_SPOOL_INTERNAL_H

#include <pthread.h>

#include "spool_files.h"

struct mt_spool {
    char *dir;
    int dir_fd, open_fd, pending_fd, tmp_fd, claims_fd, quarantine_fd;
    mt_spool_limits limits;
    mt_logger log;
    pthread_mutex_t lock;               /* this process's claim directory */
    char claim_name[MT_SPOOL_NAME_MAX]; /* "" until the first claim */
    int claim_fd, claim_lock_fd;
};

/* The open segment (spool_segment.c): appends go to it, flushers seal it into pending/. */
bool mt_spool_segment_append(mt_spool *spool, const char *lines, size_t len, size_t n, char *err,
                             size_t errlen);
/* Seals the open segment into pending/ when it holds events. */
void mt_spool_segment_seal(mt_spool *spool);
/* What the open segment holds; false (and zeros, born -1) when it holds nothing. */
bool mt_spool_segment_peek(mt_spool *spool, size_t *events, uint64_t *bytes, int64_t *born_ms);

/* Claims (spool_claim.c). */

/* The pending files, oldest first, after sealing the open segment when they hold fewer than
 * `enough` events. Sealing only then keeps the segment growing while older files wait: during an
 * outage every hook starts a flush that cannot deliver, and sealing each time would leave files
 * of one event, which cost a later flush far more per event than the segments of a hundred. */
mt_spool_name *mt_spool_list_sendable(mt_spool *spool, size_t enough, size_t *count);

/* Claims from a listing made earlier, starting at *cursor (advanced past what it looked at):
 * listing a large directory for every batch would cost more than the sending. */
mosaic_status mt_spool_claim_listed(mt_spool *spool, const mt_spool_name *names, size_t count,
                                    size_t *cursor, size_t max_events, mt_spool_batch **out);

/* Evicts the oldest events of a pending file: as many as it takes to shed events_over events and
 * bytes_over bytes (the file is rewritten without them). What went is added to *events and
 * *bytes. False when the file was claimed meanwhile or could not be rewritten (nothing changed). */
bool mt_spool_evict_head(mt_spool *spool, const mt_spool_name *name, size_t events_over,
                         uint64_t bytes_over, size_t *events, uint64_t *bytes);

/* Returns the claims of flushers that are gone to pending. */
void mt_spool_recover(mt_spool *spool);

#endif
