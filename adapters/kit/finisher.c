/* The deferred finisher (finisher.h). */
#include "finisher.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "session_store.h"

#define LOG_MAX_SIZE (1 << 20) /* past this the log starts over */

/* The child's stdio: no terminal, no pipe of the harness's; diagnostics to a log file. */
static void detach(const char *dir)
{
    setsid();
    char path[KIT_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/" KIT_FINISHER_LOG, dir);
    struct stat st;
    int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW;
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

bool kit_finish_later(const char *log_dir, int64_t delay_ms, kit_finish_fn fn, void *user)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid != 0)
        return pid > 0;
    detach(log_dir);
    sleep_ms(delay_ms);
    fn(user);
    _exit(0);
}
