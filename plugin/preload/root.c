/* The root of a task in the bare form (`LD_PRELOAD=.../libmosaic-telemetry-preload.so command`).
 * It makes the channel and names it in the environment for its descendants; when it exits it
 * writes its end and starts `mosaic-telemetry run --finish <channel>`, which turns the channel
 * into the task's event and starts a background flush. Handing the task to a command keeps the
 * engine (libcurl, json-c, a flush thread) out of the host process, even at its exit.
 *
 * The finishing command is found at load time, so that the exit path only formats and spawns:
 * MOSAIC_TELEMETRY_CLI, else next to the shim or in ../bin or ../../bin from it (the build tree,
 * /usr/lib/<arch> -> /usr/bin), else on PATH. Without one there is no task at all. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "shim.h"

#define CLI_NAME "mosaic-telemetry"

extern char **environ;

/* Only a root needs these: allocated then, so that the shim's zero-filled data stays within
 * one page for every other process (one mapping fewer at load). */
typedef struct finisher {
    char cli_path[SHIM_PATH_MAX];
    posix_spawnattr_t attr;
    posix_spawn_file_actions_t actions;
} finisher;

static finisher *armed;

static bool cli_at(char *out, const char *dir, const char *relative)
{
    int n = snprintf(out, SHIM_PATH_MAX, "%s/%s", dir, relative);
    return n > 0 && n < SHIM_PATH_MAX && access(out, X_OK) == 0;
}

static bool cli_next_to_shim(char *out)
{
    Dl_info info;
    char self[PATH_MAX];
    if (!dladdr((void *)cli_next_to_shim, &info) || !info.dli_fname ||
        !realpath(info.dli_fname, self))
        return false;
    *strrchr(self, '/') = '\0'; /* realpath answers an absolute path */
    return cli_at(out, self, CLI_NAME) || cli_at(out, self, "../bin/" CLI_NAME) ||
           cli_at(out, self, "../../bin/" CLI_NAME);
}

static bool cli_on_path(char *out)
{
    const char *path = getenv("PATH");
    char dirs[4096];
    if (!path || strlen(path) >= sizeof dirs)
        return false;
    strcpy(dirs, path);
    char *save = NULL;
    for (char *dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
        if (dir[0] == '/' && cli_at(out, dir, CLI_NAME))
            return true;
    return false;
}

static bool find_cli(char *out)
{
    const char *given = getenv("MOSAIC_TELEMETRY_CLI");
    if (given && *given) {
        if (given[0] != '/' || strlen(given) >= SHIM_PATH_MAX)
            return false;
        strcpy(out, given);
        return access(out, X_OK) == 0;
    }
    return cli_next_to_shim(out) || cli_on_path(out);
}

/* The finishing command runs detached: its own session, no signal of the host's blocked or
 * ignored, and none of the host's descriptors, so that a reader of the root's output sees its
 * end when the root ends. Prepared here so that the exit path allocates nothing. */
static bool prepare_spawn(finisher *f)
{
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    if (posix_spawnattr_init(&f->attr) != 0)
        return false;
    posix_spawnattr_setsigmask(&f->attr, &none);
    posix_spawnattr_setsigdefault(&f->attr, &all);
    posix_spawnattr_setflags(&f->attr,
                             POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (posix_spawn_file_actions_init(&f->actions) != 0)
        return false;
    return posix_spawn_file_actions_addopen(&f->actions, 0, "/dev/null", O_RDWR, 0) == 0 &&
           posix_spawn_file_actions_adddup2(&f->actions, 0, 1) == 0 &&
           posix_spawn_file_actions_adddup2(&f->actions, 0, 2) == 0 &&
           posix_spawn_file_actions_addclosefrom_np(&f->actions, 3) == 0;
}

bool shim_root_arm(void)
{
    if (armed)
        return true;
    finisher *f = calloc(1, sizeof *f);
    if (!f)
        return false;
    if (find_cli(f->cli_path) && prepare_spawn(f)) {
        armed = f;
        return true;
    }
    posix_spawn_file_actions_destroy(&f->actions); /* zeroed or partly made: both are fine */
    posix_spawnattr_destroy(&f->attr);
    free(f);
    return false;
}

static bool create_channel(pid_t self, char *path, size_t len)
{
    const char *dir = mt_channel_dir();
    for (int attempt = 0; dir && attempt < 4; attempt++) {
        unsigned long long nonce = (unsigned long long)shim_now_ns();
        if (getrandom(&nonce, sizeof nonce, GRND_NONBLOCK) != (ssize_t)sizeof nonce)
            nonce ^= (unsigned long long)attempt << 56;
        snprintf(path, len, "%s/" MT_CHANNEL_PREFIX "%ld-%016llx", dir, (long)self, nonce);
        if (shim_channel_create(path))
            return true;
    }
    return false;
}

bool shim_root_begin(void)
{
    pid_t self = getpid();
    char path[SHIM_PATH_MAX], value[SHIM_PATH_MAX + 32];
    if (!create_channel(self, path, sizeof path))
        return false;
    snprintf(value, sizeof value, "%ld:%s", (long)self, path);
    if (setenv(SHIM_TASK_VAR, value, 1) == 0)
        return true;
    unlink(path);
    return false;
}

/* Runs in exit handlers or _exit: no heap; the environment copy is on the stack. */
void shim_root_end(int wait_status)
{
    static int ended;
    if (__atomic_exchange_n(&ended, 1, __ATOMIC_ACQ_REL))
        return;
    shim_report_root_end(getpid(), wait_status);
    if (!armed)
        return;
    size_t n = shim_env_count(environ);
    char *env[n + 1];
    shim_env_strip(environ, env, n + 1);
    char *argv[] = {armed->cli_path, "run", "--finish", (char *)shim.channel, NULL};
    pid_t pid;
    shim_next.posix_spawn(&pid, armed->cli_path, &armed->actions, &armed->attr, argv, env);
}
