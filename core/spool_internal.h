/* What the spool's files share: its struct, file names, and small I/O helpers. */
#ifndef MT_SPOOL_INTERNAL_H
#define MT_SPOOL_INTERNAL_H

#include <dirent.h>
#include <pthread.h>

#include "buf.h"
#include "spool.h"

#define MT_SPOOL_NAME_MAX       64
#define MT_SPOOL_FILE_MAX_BYTES (64u << 20) /* a pending file larger than this is not ours */

struct mt_spool {
    char *dir;
    int dir_fd, open_fd, pending_fd, tmp_fd, claims_fd, quarantine_fd;
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

/* A listing of the directory open as dir_fd, from its first entry (closedir it); NULL on error. */
DIR *mt_spool_opendir(int dir_fd);

/* The pending files of a directory, oldest first; free with free(). */
mt_spool_name *mt_spool_list(int dir_fd, size_t *count);

/* write(2) until all of it is written; false with errno on failure. */
bool mt_write_fully(int fd, const void *data, size_t len);

/* Serialises events as JSON lines into *out (an mt_buf); false when out of memory. */
bool mt_spool_serialise(const mosaic_event *events, size_t n, mt_buf *out);

/* Writes n JSON lines as one durable pending file named by unix_ms (through tmp); false with err
 * on failure. */
bool mt_spool_write_lines(mt_spool *spool, int64_t unix_ms, const char *lines, size_t len, size_t n,
                          char *err, size_t errlen);
/* The same for events, named by the time now. */
bool mt_spool_write(mt_spool *spool, const mosaic_event *events, size_t n, char *err,
                    size_t errlen);

/* The open segment (spool_segment.c): appends go to it, flushers seal it into pending/. */
bool mt_spool_segment_append(mt_spool *spool, const char *lines, size_t len, size_t n, char *err,
                             size_t errlen);
/* Seals the open segment into pending/ when it holds events. */
void mt_spool_segment_seal(mt_spool *spool);
/* What the open segment holds; false (and zeros, born -1) when it holds nothing. */
bool mt_spool_segment_peek(mt_spool *spool, size_t *events, uint64_t *bytes, int64_t *born_ms);

/* A spool file's whole text, NUL-terminated (malloc'd; *len without the NUL); NULL with the
 * reason in why. */
char *mt_spool_read_text(int dir_fd, const char *name, size_t *len, char *why, size_t whylen);

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
