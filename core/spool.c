/* The spool's directory: opening, closing, and appending. */
#define _GNU_SOURCE /* O_DIRECTORY, O_CLOEXEC */
#include "spool_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "private_dir.h"
#include "random.h"

bool mt_spool_default_dir(char *out, size_t len)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    int n = -1;
    if (state && *state)
        n = snprintf(out, len, "%s/mosaic-telemetry/spool", state);
    else if (home && *home)
        n = snprintf(out, len, "%s/.local/state/mosaic-telemetry/spool", home);
    return n > 0 && (size_t)n < len;
}

/* ---- opening -------------------------------------------------------------------------------- */

static int open_subdir(int dir_fd, const char *name)
{
    if (mkdirat(dir_fd, name, 0700) != 0 && errno != EEXIST)
        return -1;
    return openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
}

/* Proves the spool can be written before anyone counts on it. */
static bool writable(int dir_fd)
{
    char probe[64];
    snprintf(probe, sizeof probe, ".probe-%d", (int)getpid());
    int fd = mt_create_fresh(dir_fd, probe, 0600);
    if (fd < 0)
        return false;
    close(fd);
    unlinkat(dir_fd, probe, 0);
    return true;
}

/* The spool's directory must be the user's own (private_dir.h); its subdirectories are made
 * there and never reached through a link. */
static bool open_dirs(mt_spool *s, char *why, size_t whylen)
{
    s->dir_fd = mt_private_dir_open(s->dir, why, whylen);
    if (s->dir_fd < 0)
        return false;
    errno = 0;
    s->open_fd = open_subdir(s->dir_fd, "open");
    s->pending_fd = open_subdir(s->dir_fd, "pending");
    s->tmp_fd = open_subdir(s->dir_fd, "tmp");
    s->claims_fd = open_subdir(s->dir_fd, "claims");
    s->quarantine_fd = open_subdir(s->dir_fd, "quarantine");
    if (s->open_fd >= 0 && s->pending_fd >= 0 && s->tmp_fd >= 0 && s->claims_fd >= 0 &&
        s->quarantine_fd >= 0 && writable(s->tmp_fd))
        return true;
    mt_set_error(why, whylen, "%s: cannot create or write its subdirectories: %s", s->dir,
                 strerror(errno ? errno : EACCES));
    return false;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

mosaic_status mt_spool_open(const char *dir, const mt_spool_limits *limits, const mt_logger *log,
                            mt_spool **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!dir || !*dir) {
        mt_set_error(err, errlen, "spool_dir: must not be empty");
        return MOSAIC_ERR_INVALID_ARGUMENT;
    }
    mt_spool *s = calloc(1, sizeof *s);
    if (!s || !(s->dir = strdup(dir))) {
        free(s);
        mt_set_error(err, errlen, "out of memory");
        return MOSAIC_ERR_NO_MEMORY;
    }
    s->dir_fd = s->open_fd = s->pending_fd = s->tmp_fd = s->claims_fd = s->quarantine_fd = -1;
    s->claim_fd = s->claim_lock_fd = -1;
    s->limits = limits ? *limits
                       : (mt_spool_limits){MT_SPOOL_DEFAULT_MAX_EVENTS, MT_SPOOL_DEFAULT_MAX_BYTES,
                                           MT_SPOOL_DEFAULT_MAX_AGE_MS};
    s->log = log ? *log : (mt_logger){MOSAIC_LOG_WARN, NULL, NULL};
    pthread_mutex_init(&s->lock, NULL);
    char why[512];
    if (!open_dirs(s, why, sizeof why)) {
        mt_set_error(err, errlen, "spool_dir: %s", why);
        mt_spool_close(s);
        return MOSAIC_ERR_SYSTEM;
    }
    *out = s;
    return MOSAIC_OK;
}

void mt_spool_close(mt_spool *s)
{
    if (!s)
        return;
    if (s->claim_fd >= 0) { /* anything still claimed goes back; then the claim itself */
        size_t n = 0;
        mt_spool_name *left = mt_spool_list(s->claim_fd, &n);
        for (size_t i = 0; i < n; i++)
            renameat(s->claim_fd, left[i].text, s->pending_fd, left[i].text);
        free(left);
        unlinkat(s->claim_fd, ".lock", 0);
        unlinkat(s->claims_fd, s->claim_name, AT_REMOVEDIR);
    }
    int *fds[] = {&s->claim_lock_fd, &s->claim_fd,   &s->quarantine_fd, &s->claims_fd,
                  &s->tmp_fd,        &s->pending_fd, &s->open_fd,       &s->dir_fd};
    for (size_t i = 0; i < sizeof fds / sizeof *fds; i++)
        close_fd(fds[i]);
    pthread_mutex_destroy(&s->lock);
    free(s->dir);
    free(s);
}

const char *mt_spool_dir(const mt_spool *s)
{
    return s ? s->dir : NULL;
}

mosaic_status mt_spool_append(mt_spool *s, const mosaic_event *events, size_t n, char *err,
                              size_t errlen)
{
    if (!s || !events || n == 0)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    mt_buf lines = {0};
    bool ok = mt_spool_serialise(events, n, &lines);
    if (!ok)
        mt_set_error(err, errlen, "spool: out of memory");
    ok = ok && mt_spool_segment_append(s, lines.data, lines.len, n, err, errlen);
    mt_buf_free(&lines);
    if (!ok)
        return MOSAIC_ERR_SYSTEM;
    /* Pruning lists the directory: done by one append in MT_SPOOL_PRUNE_EVERY, chosen at random
     * so that hooks which each append once still share the work. */
    if (mt_random_unit() * MT_SPOOL_PRUNE_EVERY < 1.0)
        mt_spool_prune(s);
    return MOSAIC_OK;
}
