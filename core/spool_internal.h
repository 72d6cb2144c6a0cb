/* What the spool's files share: its struct, file names, and small I/O helpers. */
#ifndef MT_SPOOL_INTERNAL_H
#define MT_SPOOL_INTERNAL_H

#include <pthread.h>

#include "spool.h"

#define MT_SPOOL_NAME_MAX       64
#define MT_SPOOL_FILE_MAX_BYTES (64u << 20) /* a pending file larger than this is not ours */

struct mt_spool {
    char *dir;
    int dir_fd, pending_fd, tmp_fd, claims_fd, quarantine_fd;
    mt_spool_limits limits;
    mt_logger log;
    pthread_mutex_t lock;               /* this process's claim directory and appends counter */
    char claim_name[MT_SPOOL_NAME_MAX]; /* "" until the first claim */
    int claim_fd, claim_lock_fd;
    unsigned appends;
};

/* A pending file's name: "<13-digit unix ms>-<16 hex>-<events>.jsonl". */
typedef struct mt_spool_name {
    char text[MT_SPOOL_NAME_MAX];
    int64_t unix_ms;
    size_t events;
} mt_spool_name;

bool mt_spool_name_make(mt_spool_name *name, int64_t unix_ms, size_t events);
bool mt_spool_name_parse(const char *text, mt_spool_name *name);

/* The pending files of a directory, oldest first; free with free(). */
mt_spool_name *mt_spool_list(int dir_fd, size_t *count);

/* Writes events as one durable file into pending (through tmp); false with err on failure. */
bool mt_spool_write(mt_spool *spool, const mosaic_event *events, size_t n, char *err,
                    size_t errlen);

/* Reads and parses a claimed file's events (malloc'd); false when it is unreadable or corrupt,
 * with the reason in why. */
bool mt_spool_read_events(int dir_fd, const char *name, mosaic_event **events, size_t *n, char *why,
                          size_t whylen);

/* Adds to the persistent counters and sets the last error (NULL: leave it, "": clear it). */
void mt_spool_state_update(mt_spool *spool, uint64_t evicted, uint64_t quarantined,
                           const char *last_error);
/* Reads the persistent counters. */
void mt_spool_state_read(mt_spool *spool, uint64_t *evicted, uint64_t *quarantined,
                         char *last_error, size_t len);

/* Claims from a listing made earlier, starting at *cursor (advanced past what it looked at):
 * listing a large directory for every batch would cost more than the sending. */
mosaic_status mt_spool_claim_listed(mt_spool *spool, const mt_spool_name *names, size_t count,
                                    size_t *cursor, size_t max_events, mt_spool_batch **out);

/* Returns the claims of flushers that are gone to pending. */
void mt_spool_recover(mt_spool *spool);

#endif
