/* The sweep of a state directory (sweep.h). */
#include "sweep.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "session_store.h"
#include "private_dir.h"

static int64_t mtime_ms(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000 + st->st_mtim.tv_nsec / 1000000;
}

bool kit_sweep_due(const char *dir, int64_t now_ms)
{
    char path[KIT_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/" KIT_SWEEP_STAMP, dir);
    struct stat st;
    /* A stamp ahead of now by less than the period is another hook's that read the clock a
     * moment later; one further ahead is from a clock set back since, and must not hold off
     * the sweeps until the clock catches up with it. */
    int64_t age = stat(path, &st) == 0 ? now_ms - mtime_ms(&st) : INT64_MAX;
    if (age > -KIT_SWEEP_EVERY_MS && age < KIT_SWEEP_EVERY_MS)
        return false;
    int fd = mt_create_fresh(AT_FDCWD, path, 0600);
    if (fd >= 0) {
        /* The stamp's time is the caller's clock, so that a driven clock is believed. */
        struct timespec at[2] = {{now_ms / 1000, (now_ms % 1000) * 1000000L},
                                 {now_ms / 1000, (now_ms % 1000) * 1000000L}};
        futimens(fd, at);
        close(fd);
    }
    return true;
}

/* "<name>.json" -> name; false for anything else. */
static bool session_name(const char *file, char *name, size_t cap)
{
    size_t n = strlen(file);
    if (n <= 5 || n - 5 >= cap || strcmp(file + n - 5, ".json") != 0)
        return false;
    memcpy(name, file, n - 5);
    name[n - 5] = '\0';
    return true;
}

/* Worth a visit: older than min_age_ms; its mtime in *mtime. */
static bool stale(const kit_sweep *sw, const char *file, int64_t *mtime)
{
    char path[KIT_PATH_MAX + 300];
    snprintf(path, sizeof path, "%s/%s", sw->dir, file);
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    *mtime = mtime_ms(&st);
    return sw->now_ms - *mtime >= sw->min_age_ms;
}

void kit_sweep_sessions(const kit_sweep *sw)
{
    DIR *d = opendir(sw->dir);
    if (!d)
        return;
    struct dirent *e;
    char name[KIT_ID_MAX + 24];
    int64_t mtime;
    for (int looked = 0; looked < KIT_SWEEP_MAX && (e = readdir(d)) != NULL;) {
        if (!session_name(e->d_name, name, sizeof name) || strcmp(name, sw->own) == 0 ||
            !stale(sw, e->d_name, &mtime))
            continue;
        looked++;
        sw->visit(name, mtime, sw->user);
    }
    closedir(d);
}
