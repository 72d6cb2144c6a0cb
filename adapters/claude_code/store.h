/* Where sessions are kept and how one is held: the state directory, one state file per session,
 * and the lock that makes the hooks of one session (which Claude Code runs in parallel) take
 * turns.
 *
 *   <dir>/<session>.json   the state (state.h), replaced atomically (temp file + rename)
 *   <dir>/<session>.seen   responses already counted (seen.h)
 *   <dir>/<session>.lock   flock'd for the whole of an invocation's work on the session
 *
 * The lock is a file of its own because the state file is replaced by rename: a lock on the
 * replaced file would protect nothing. */
#ifndef CC_STORE_H
#define CC_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "state.h"

/* How long an invocation waits for its session's lock before giving up (one log line). */
#define CC_LOCK_WAIT_MS 5000

typedef struct cc_store {
    char dir[CC_PATH_MAX];
    char name[CC_ID_MAX + 24]; /* the session id, made safe as a file name */
    int lock_fd;               /* -1 when not held */
} cc_store;

/* MOSAIC_TELEMETRY_STATE_DIR, else $XDG_STATE_HOME/mosaic-telemetry/claude-code, else
 * ~/.local/state/mosaic-telemetry/claude-code. False when none can be formed. */
bool cc_state_dir(char *out, size_t len);

/* The session id as a file name: [A-Za-z0-9_-] kept, anything else '_' plus a hash of the
 * original so that ids differing only there stay apart. False for an empty or overlong id. */
bool cc_session_file_name(const char *session_id, char *out, size_t len);

enum {
    CC_OPEN_WAIT = 1,   /* wait up to CC_LOCK_WAIT_MS for the lock (else: busy is false, err "") */
    CC_OPEN_CREATE = 2, /* create dir (0700) when missing (else: a missing dir is false) */
};
/* Takes the session's lock. False with the reason in err. */
bool cc_store_open(cc_store *store, const char *dir, const char *file_name, int flags, char *err,
                   size_t errlen);
void cc_store_close(cc_store *store);

/* <dir>/<name><suffix>. */
void cc_store_path(const cc_store *store, const char *suffix, char *out, size_t len);

/* Reads the session; a missing file is a fresh session. An unreadable or corrupt one is also
 * replaced by a fresh session, and false returned with the reason in err. */
bool cc_store_load(const cc_store *store, cc_session *s, char *err, size_t errlen);
bool cc_store_save(const cc_store *store, const cc_session *s, char *err, size_t errlen);
/* Deletes the session's files (the lock last, while still held). */
void cc_store_remove(cc_store *store);

#endif
