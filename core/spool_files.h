/* The spool's files (spool_files.c): names, listings, durable writes, reading, and the persistent
 * state. The lowest of the spool's files: the others call these, and these call none of them. */
#ifndef MT_SPOOL_FILES_H
#define MT_SPOOL_FILES_H

#include <dirent.h>

#include "buf.h"
#include "spool.h"
#include "write_fully.h"

#define MT_SPOOL_NAME_MAX       64
#define MT_SPOOL_FILE_MAX_BYTES (64u << 20) /* a pending file larger than this is not ours */

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

/* Serialises events as JSON lines into *out (an mt_buf); false when out of memory. */
bool mt_spool_serialise(const mosaic_event *events, size_t n, mt_buf *out);

/* Writes n JSON lines as one durable pending file named by unix_ms (through tmp); false with err
 * on failure. */
bool mt_spool_write_lines(mt_spool *spool, int64_t unix_ms, const char *lines, size_t len, size_t n,
                          char *err, size_t errlen);
/* The same for events, named by the time now. */
bool mt_spool_write(mt_spool *spool, const mosaic_event *events, size_t n, char *err,
                    size_t errlen);

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

#endif
