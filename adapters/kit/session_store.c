/* The state directory and one session's files in it (see session_store.h). */
#include "session_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flock_wait.h"
#include "hash.h"
#include "write_fully.h"
#include "private_dir.h"

bool kit_state_dir(const char *override_env, const char *harness, char *out, size_t len)
{
    const char *own = override_env ? getenv(override_env) : NULL;
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    int n = -1;
    if (own && *own)
        n = snprintf(out, len, "%s", own);
    else if (xdg && *xdg)
        n = snprintf(out, len, "%s/mosaic-telemetry/%s", xdg, harness);
    else if (home && *home)
        n = snprintf(out, len, "%s/.local/state/mosaic-telemetry/%s", home, harness);
    return n > 0 && (size_t)n < len;
}

static bool safe_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-';
}

bool kit_session_file_name(const char *id, char *out, size_t len)
{
    size_t n = strlen(id);
    if (n == 0 || n > 100 || len < n + 18)
        return false;
    bool changed = false;
    for (size_t i = 0; i < n; i++) {
        out[i] = safe_char(id[i]) ? id[i] : '_';
        changed |= out[i] != id[i];
    }
    out[n] = '\0';
    if (changed) /* "a/b" and "a:b" must not share a file */
        snprintf(out + n, len - n, "-%016llx", (unsigned long long)kit_hash(id, n, KIT_HASH_SEED));
    return true;
}

void kit_store_path(const kit_store *store, const char *suffix, char *out, size_t len)
{
    snprintf(out, len, "%s/%s%s", store->dir, store->name, suffix);
}

/* True when fd is still the file at path: a lock file deleted (by SessionEnd) and made anew
 * while we waited would otherwise let two processes think they hold the lock. */
static bool still_linked(int fd, const char *path)
{
    struct stat held, now;
    return fstat(fd, &held) == 0 && stat(path, &now) == 0 && held.st_ino == now.st_ino &&
           held.st_dev == now.st_dev;
}

/* 1: locked; 0: busy past the wait; -1: error (errno). */
static int lock_once(const char *path, long wait_ms, int *out)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return -1;
    if (!mt_flock_within(fd, (int)wait_ms)) {
        int saved = errno;
        close(fd);
        errno = saved;
        return errno == EWOULDBLOCK ? 0 : -1;
    }
    *out = fd;
    return 1;
}

bool kit_store_open(kit_store *store, const char *dir, const char *name, int flags, char *err,
                    size_t errlen)
{
    long wait_ms = flags & KIT_OPEN_WAIT ? KIT_LOCK_WAIT_MS : 0;
    snprintf(store->dir, sizeof store->dir, "%s", dir);
    snprintf(store->name, sizeof store->name, "%s", name);
    store->lock_fd = -1;
    struct stat st;
    if (stat(dir, &st) != 0 && !(flags & KIT_OPEN_CREATE)) {
        snprintf(err, errlen, "the state directory %s is gone", dir);
        return false;
    }
    /* Made when missing; refused when another user could plant links or state in it. */
    char why[KIT_PATH_MAX + 100];
    int dir_fd = mt_private_dir_open(dir, why, sizeof why);
    if (dir_fd < 0) {
        snprintf(err, errlen, "the state directory %s", why);
        return false;
    }
    close(dir_fd);
    char path[KIT_PATH_MAX + 200];
    kit_store_path(store, ".lock", path, sizeof path);
    for (int attempt = 0; attempt < 8; attempt++) {
        int fd = -1, got = lock_once(path, wait_ms, &fd);
        if (got < 0) {
            snprintf(err, errlen, "cannot lock %s: %s", path, strerror(errno));
            return false;
        }
        if (got == 0) {
            if (wait_ms)
                snprintf(err, errlen, "%s: still locked after %ld ms", path, wait_ms);
            else if (errlen)
                err[0] = '\0';
            return false;
        }
        if (still_linked(fd, path)) {
            store->lock_fd = fd;
            return true;
        }
        close(fd);
    }
    snprintf(err, errlen, "%s: kept being replaced", path);
    return false;
}

void kit_store_close(kit_store *store)
{
    if (store->lock_fd >= 0)
        close(store->lock_fd); /* releases the flock */
    store->lock_fd = -1;
}

char *kit_store_read(const kit_store *store, size_t *len, bool *missing)
{
    char path[KIT_PATH_MAX + 200];
    kit_store_path(store, ".json", path, sizeof path);
    *missing = false;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *missing = errno == ENOENT;
        return NULL;
    }
    struct stat st;
    size_t size = fstat(fd, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size : 0;
    char *buf = size <= KIT_STATE_FILE_MAX ? malloc(size + 1) : NULL;
    if (!buf)
        errno = size > KIT_STATE_FILE_MAX ? EFBIG : ENOMEM;
    size_t have = 0;
    while (buf && have < size) {
        ssize_t n = read(fd, buf + have, size - have);
        if (n == 0)
            break;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            free(buf);
            buf = NULL;
        } else {
            have += (size_t)n;
        }
    }
    close(fd);
    if (!buf)
        return NULL;
    buf[have] = '\0';
    *len = have;
    return buf;
}

static bool write_file(const char *path, const char *text)
{
    int fd = mt_create_fresh(AT_FDCWD, path, 0600);
    if (fd < 0)
        return false;
    bool written = mt_write_fully(fd, text, strlen(text));
    /* No fsync: losing the state to a power cut loses telemetry, never the user's work, and the
     * rename still makes every reader see a whole file. */
    return close(fd) == 0 && written;
}

bool kit_store_write(const kit_store *store, const char *text, char *err, size_t errlen)
{
    char path[KIT_PATH_MAX + 200], tmp[KIT_PATH_MAX + 200];
    kit_store_path(store, ".json", path, sizeof path);
    kit_store_path(store, ".json.tmp", tmp, sizeof tmp);
    bool ok = write_file(tmp, text) && rename(tmp, path) == 0;
    if (!ok) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
    }
    return ok;
}

void kit_store_remove(kit_store *store)
{
    char path[KIT_PATH_MAX + 200];
    static const char *const SUFFIXES[] = {".json", ".seen", ".lock"};
    for (size_t i = 0; i < 3; i++) {
        kit_store_path(store, SUFFIXES[i], path, sizeof path);
        unlink(path);
    }
}
