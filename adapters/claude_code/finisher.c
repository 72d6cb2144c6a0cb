/* Work that must not hold Claude Code up: finishing a task after Stop, and sending the spool.
 *
 * When Stop fires, the transcript may not hold the turn's last response yet (it is written
 * asynchronously, harness-hooks.md §1.4). So Stop only marks the task ended, and a detached child
 * waits for the grace period, then reads the transcript once more and makes the event. If that
 * child dies, the next hook of the session (or a SessionStart's sweep of other sessions) finds
 * the task overdue and does the same. Whoever comes first does it, under the session's lock;
 * the task is then gone, so the event is made exactly once. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hook.h"

#define LOG_FILE     "hook.log" /* the finisher's diagnostics, in the state directory */
#define LOG_MAX_SIZE (1 << 20)  /* past this the log starts over */

void cc_start_flush(cc_hook *h)
{
    char err[256];
    if (mosaic_config_validate(h->config, err, sizeof err) != MOSAIC_OK) {
        cc_log("the event waits in the spool, not sent: %s", err);
        return;
    }
    /* `flush --background` keeps one flusher at a time and detaches it. */
    char *argv[] = {"flush", "--background", NULL};
    cmd_flush(h->globals, 2, argv);
}

/* The child's stdio: Claude Code reads the hook's pipes until every writer closes them, so the
 * child must not keep them; its diagnostics go to a log file in the state directory. */
static void detach(const char *dir)
{
    setsid();
    char path[CC_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/" LOG_FILE, dir);
    struct stat st;
    int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC;
    if (stat(path, &st) == 0 && st.st_size > LOG_MAX_SIZE)
        flags |= O_TRUNC;
    int log = open(path, flags, 0600);
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
        dup2(log >= 0 ? log : devnull, STDERR_FILENO);
    }
    if (devnull > STDERR_FILENO)
        close(devnull);
    if (log > STDERR_FILENO)
        close(log);
}

static void sleep_ms(int64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* In the child: the task this Stop ended, unless someone finished it (or began another). */
static void finish(cc_hook *h, const char *name, const char *event_id)
{
    if (!cc_hook_open_session(h, name, CC_OPEN_WAIT)) /* a state dir deleted meanwhile stays so */
        return;
    const cc_task *t = &h->session->task;
    if (t->status == CC_TASK_ENDED && strcmp(t->event_id, event_id) == 0)
        cc_finalize_task(h);
    else if (h->session->fresh && t->status == CC_TASK_NONE)
        h->remove_session = true; /* the session was removed meanwhile: leave no file behind */
    cc_hook_close_session(h);
}

void cc_spawn_finisher(cc_hook *h)
{
    char name[sizeof h->store.name], event_id[sizeof h->session->task.event_id];
    memcpy(name, h->store.name, sizeof name);
    memcpy(event_id, h->session->task.event_id, sizeof event_id);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        cc_log("cannot start the finisher (%s); the next hook of the session finishes the task",
               strerror(errno));
    if (pid != 0)
        return;
    detach(h->dir);
    sleep_ms(h->grace_ms);
    h->now_ms = cc_now_ms();
    h->spooled = false;
    finish(h, name, event_id);
    if (h->spooled)
        cc_start_flush(h);
    _exit(0);
}
