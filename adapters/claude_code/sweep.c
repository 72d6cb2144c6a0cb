/* At SessionStart (at most once an hour), a look at the other sessions in the state directory,
 * so that no task is left behind by a session that will never run a hook again: an ended task
 * whose finisher died is finished, a task open for a day (Claude Code killed mid-turn) is ended
 * as cancelled, and the files of sessions idle for a week with nothing pending are deleted.
 * Sessions whose lock is held are busy, not forgotten, and are skipped. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hook.h"

#define OPEN_TASK_MAX_MS (24LL * 3600 * 1000)
#define IDLE_SESSION_S   (7 * 24 * 3600)
#define SWEEP_MAX        64   /* sessions looked at per sweep: keeps the hook short */
#define SWEEP_EVERY_S    3600 /* at most one sweep an hour: SessionStart stays one stat() */
#define STAMP_FILE       "sweep.stamp"

static void settle(cc_hook *h, time_t mtime)
{
    cc_session *s = h->session;
    if (s->task.status == CC_TASK_ENDED)
        cc_settle_overdue(h);
    else if (s->task.status == CC_TASK_OPEN && h->now_ms - s->task.last_ms >= OPEN_TASK_MAX_MS)
        cc_cancel_task(h);
    else if (s->task.status == CC_TASK_NONE && time(NULL) - mtime >= IDLE_SESSION_S)
        h->remove_session = true;
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

/* Worth opening: the file is older than the grace period (so not the work of a live hook). */
static bool stale(cc_hook *h, const char *file, time_t *mtime)
{
    char path[CC_PATH_MAX + 300];
    snprintf(path, sizeof path, "%s/%s", h->dir, file);
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    *mtime = st.st_mtime;
    return (int64_t)(time(NULL) - st.st_mtime) * 1000 >= h->grace_ms;
}

/* True (and the stamp renewed) when the last sweep is an hour old or more. */
static bool due(const cc_hook *h)
{
    char path[CC_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/" STAMP_FILE, h->dir);
    struct stat st;
    if (stat(path, &st) == 0 && time(NULL) - st.st_mtime < SWEEP_EVERY_S)
        return false;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0)
        close(fd);
    return true;
}

void cc_sweep(cc_hook *h)
{
    if (!due(h))
        return;
    char own[sizeof h->store.name];
    memcpy(own, h->store.name, sizeof own);
    DIR *d = opendir(h->dir);
    if (!d)
        return;
    const cc_payload *payload = h->payload;
    h->payload = NULL;
    struct dirent *e;
    char name[sizeof h->store.name];
    time_t mtime;
    for (int looked = 0; looked < SWEEP_MAX && (e = readdir(d)) != NULL;) {
        if (!session_name(e->d_name, name, sizeof name) || strcmp(name, own) == 0 ||
            !stale(h, e->d_name, &mtime))
            continue;
        looked++;
        if (!cc_hook_open_session(h, name, 0))
            continue;
        settle(h, mtime);
        cc_hook_close_session(h);
    }
    closedir(d);
    h->payload = payload;
}
