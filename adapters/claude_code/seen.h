/* What a session has already read, kept beside its state in <session>.seen and loaded only when
 * a transcript is read: the API responses counted (so that none counts twice, within a task or
 * across the session) and how far each subagent transcript was read.
 *
 * The file is a sequence of fixed-size records, appended under the session's lock. Only the
 * first `committed` bytes are trusted: the session state records that length in the same atomic
 * write that records the transcript offset, so a crash between the two writes cannot leave
 * responses marked as seen that the state never counted. */
#ifndef CC_SEEN_H
#define CC_SEEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "transcript.h"

typedef struct cc_seen cc_seen;

/* Loads the first `committed` bytes of path (a missing file is empty). NULL when memory runs
 * out. */
cc_seen *cc_seen_load(const char *path, uint64_t committed);
void cc_seen_free(cc_seen *seen);

/* True when the reply was counted before (the same message.id and requestId; or the same
 * message.id where either line is a sidechain's replay, ccusage's rule); otherwise it is
 * recorded as counted and false is returned. Replies without a message.id are never
 * duplicates. */
bool cc_seen_check_and_add(cc_seen *seen, const cc_reply *reply);

/* How far a subagent transcript was read (0: never). */
uint64_t cc_seen_offset(const cc_seen *seen, const char *path);
bool cc_seen_known(const cc_seen *seen, const char *path);
void cc_seen_set_offset(cc_seen *seen, const char *path, uint64_t offset);

/* Writes what was added since load (compacting the file when it grew large) and returns the
 * new committed length in *committed. False with err when the file cannot be written. */
bool cc_seen_commit(cc_seen *seen, uint64_t *committed, char *err, size_t errlen);

#endif
