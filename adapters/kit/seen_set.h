/* What a session has already counted, kept beside its state in <session>.seen and loaded only
 * when a transcript is read: the responses counted (so that none counts twice, within a task or
 * across the session) and how far each side file (a subagent's transcript) was read.
 *
 * A response is known by two 64-bit hashes the adapter makes: `pair` (what makes it unique, e.g.
 * its message id and request id) and `id` (the response alone), with flags of the adapter's
 * (bits 0-15). The adapter decides what counts as a duplicate; the set remembers.
 *
 * The file is a sequence of fixed-size records, appended under the session's lock. Only the
 * first `committed` bytes are trusted: the adapter records that value in the same atomic write
 * of its state that records the transcript offset, so a crash between the two writes cannot
 * leave responses marked as seen that the state never counted. A file grown large is rewritten
 * compacted, which no length alone could describe across a crash: the value also carries the
 * file's generation (seen_set.c), and is to be kept as it is. */
#ifndef KIT_SEEN_SET_H
#define KIT_SEEN_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kit_seen kit_seen;

/* The committed value: the file's length, under its generation's top bits. */
#define KIT_SEEN_GEN_SHIFT 40
static inline uint64_t kit_seen_bytes(uint64_t committed)
{
    return committed & ((1ull << KIT_SEEN_GEN_SHIFT) - 1);
}

/* Loads the first `committed` bytes of path (a missing file is empty). NULL when memory runs
 * out. */
kit_seen *kit_seen_load(const char *path, uint64_t committed);
void kit_seen_free(kit_seen *seen);

/* True when a response with this pair hash was added. */
bool kit_seen_has_pair(const kit_seen *seen, uint64_t pair);
/* The flags of every response added with this id hash, OR'ed, plus KIT_SEEN_ID_KNOWN; 0 when
 * none was. */
#define KIT_SEEN_ID_KNOWN (1u << 31)
uint32_t kit_seen_id_flags(const kit_seen *seen, uint64_t id);
/* Records a response as counted (flags: bits 0-15). */
void kit_seen_add(kit_seen *seen, uint64_t pair, uint64_t id, uint32_t flags);

/* How far a side file was read (0: never). */
uint64_t kit_seen_offset(const kit_seen *seen, const char *path);
bool kit_seen_known(const kit_seen *seen, const char *path);
void kit_seen_set_offset(kit_seen *seen, const char *path, uint64_t offset);

/* Writes what was added since load (compacting the file when it grew large) and returns the
 * new committed value in *committed. False with err when the file cannot be written. */
bool kit_seen_commit(kit_seen *seen, uint64_t *committed, char *err, size_t errlen);

#endif
