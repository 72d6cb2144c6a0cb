/* Where an adapter keeps its sessions and how one is held: a state directory per harness, a few
 * files per session, and the lock that makes the hooks of one session (which harnesses run in
 * parallel) take turns.
 *
 *   <dir>/<session>.json   the adapter's state, replaced atomically (temp file + rename)
 *   <dir>/<session>.seen   what was already counted (seen_set.h)
 *   <dir>/<session>.lock   flock'd for the whole of an invocation's work on the session
 *
 * The lock is a file of its own because the state file is replaced by rename: a lock on the
 * replaced file would protect nothing. What the state holds is the adapter's business: the store
 * moves text. */
#ifndef KIT_SESSION_STORE_H
#define KIT_SESSION_STORE_H

#include <stdbool.h>
#include <stddef.h>

#define KIT_PATH_MAX 4096
#define KIT_ID_MAX   128 /* the longest session id kept (longer ones are refused) */

/* How long an invocation waits for its session's lock before giving up (one log line). */
#define KIT_LOCK_WAIT_MS 5000
/* A state file larger than this is not one of ours. */
#define KIT_STATE_FILE_MAX (4u << 20)

typedef struct kit_store {
    char dir[KIT_PATH_MAX];
    char name[KIT_ID_MAX + 24]; /* the session id, made safe as a file name */
    int lock_fd;                /* -1 when not held */
} kit_store;

/* The adapter's state directory: $<override_env> when set (override_env may be NULL), else
 * $XDG_STATE_HOME/mosaic-telemetry/<harness>, else ~/.local/state/mosaic-telemetry/<harness>.
 * False when none can be formed. */
bool kit_state_dir(const char *override_env, const char *harness, char *out, size_t len);

/* The session id as a file name: [A-Za-z0-9_-] kept, anything else '_' plus a hash of the
 * original so that ids differing only there stay apart. False for an empty or overlong id. */
bool kit_session_file_name(const char *session_id, char *out, size_t len);

enum {
    KIT_OPEN_WAIT = 1, /* wait up to KIT_LOCK_WAIT_MS for the lock (else: busy is false, err "") */
    KIT_OPEN_CREATE = 2, /* create dir (0700) when missing (else: a missing dir is false) */
};
/* Takes the session's lock. False with the reason in err ("" when busy without KIT_OPEN_WAIT). */
bool kit_store_open(kit_store *store, const char *dir, const char *file_name, int flags, char *err,
                    size_t errlen);
void kit_store_close(kit_store *store);

/* <dir>/<name><suffix>. */
void kit_store_path(const kit_store *store, const char *suffix, char *out, size_t len);

/* The session's state text (malloc'd, NUL-terminated, at most KIT_STATE_FILE_MAX bytes). NULL
 * when there is none (*missing true) or it cannot be read (errno says why). */
char *kit_store_read(const kit_store *store, size_t *len, bool *missing);
/* Replaces the state with text (temp file + rename). False with the reason in err. */
bool kit_store_write(const kit_store *store, const char *text, char *err, size_t errlen);
/* Deletes the session's files: the state, the seen set, then the lock (last, while held). */
void kit_store_remove(kit_store *store);

#endif
