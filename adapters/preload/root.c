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

/* The libc functions only a root calls, looked up when a process is to be one rather than linked:
 * the shim is bound at load (-z now), so each function it links is looked up in every process
 * that loads it. Linked, these cost every exec about half a percent (bench_preload), for a root
 * there is once per task. RTLD_DEFAULT finds what linking would have found (a program's own
 * setenv first, as bash has). */
static struct root_libc {
    __typeof__(dladdr) *dladdr;
    __typeof__(realpath) *realpath;
    __typeof__(snprintf) *format;
    __typeof__(getrandom) *getrandom;
    __typeof__(setenv) *setenv;
    __typeof__(unlink) *unlink;
    __typeof__(on_exit) *on_exit;
    __typeof__(sigemptyset) *sigemptyset;
    __typeof__(sigfillset) *sigfillset;
    __typeof__(posix_spawnattr_init) *attr_init;
    __typeof__(posix_spawnattr_setsigmask) *attr_setsigmask;
    __typeof__(posix_spawnattr_setsigdefault) *attr_setsigdefault;
    __typeof__(posix_spawnattr_setflags) *attr_setflags;
    __typeof__(posix_spawn_file_actions_init) *actions_init;
    __typeof__(posix_spawn_file_actions_addopen) *actions_addopen;
    __typeof__(posix_spawn_file_actions_adddup2) *actions_adddup2;
    __typeof__(posix_spawn_file_actions_addclosefrom_np) *actions_addclosefrom;
} libc;

/* dlsym answers void *; the cast to a function pointer is what POSIX requires to work. */
#define LOOK_UP(member, name) ((*(void **)&libc.member = dlsym(RTLD_DEFAULT, name)) != NULL)

static bool look_up_libc(void)
{
    static bool found;
    if (found)
        return true;
    found = LOOK_UP(dladdr, "dladdr") && LOOK_UP(realpath, "realpath") &&
            LOOK_UP(format, "snprintf") && LOOK_UP(getrandom, "getrandom") &&
            LOOK_UP(setenv, "setenv") && LOOK_UP(unlink, "unlink") && LOOK_UP(on_exit, "on_exit") &&
            LOOK_UP(sigemptyset, "sigemptyset") && LOOK_UP(sigfillset, "sigfillset") &&
            LOOK_UP(attr_init, "posix_spawnattr_init") &&
            LOOK_UP(attr_setsigmask, "posix_spawnattr_setsigmask") &&
            LOOK_UP(attr_setsigdefault, "posix_spawnattr_setsigdefault") &&
            LOOK_UP(attr_setflags, "posix_spawnattr_setflags") &&
            LOOK_UP(actions_init, "posix_spawn_file_actions_init") &&
            LOOK_UP(actions_addopen, "posix_spawn_file_actions_addopen") &&
            LOOK_UP(actions_adddup2, "posix_spawn_file_actions_adddup2") &&
            LOOK_UP(actions_addclosefrom, "posix_spawn_file_actions_addclosefrom_np");
    return found;
}

/* Only a root needs these; they are set once, before the root's exit path reads them. */
static struct finisher {
    char cli_path[SHIM_PATH_MAX];
    posix_spawnattr_t attr;
    posix_spawn_file_actions_t actions;
} finisher;

static bool armed;

static bool cli_at(char *out, const char *dir, const char *relative)
{
    int n = libc.format(out, SHIM_PATH_MAX, "%s/%s", dir, relative);
    return n > 0 && n < SHIM_PATH_MAX && access(out, X_OK) == 0;
}

static bool cli_next_to_shim(char *out)
{
    Dl_info info;
    char self[PATH_MAX];
    if (!libc.dladdr((void *)cli_next_to_shim, &info) || !info.dli_fname ||
        !libc.realpath(info.dli_fname, self))
        return false;
    char *slash = self; /* realpath answers an absolute path: there is a last slash */
    for (char *c = self; *c; c++)
        if (*c == '/')
            slash = c;
    *slash = '\0';
    return cli_at(out, self, CLI_NAME) || cli_at(out, self, "../bin/" CLI_NAME) ||
           cli_at(out, self, "../../bin/" CLI_NAME);
}

static bool cli_on_path(char *out)
{
    const char *path = getenv("PATH");
    char dir[SHIM_PATH_MAX];
    for (const char *p = path; p && *p;) {
        size_t n = 0;
        while (p[n] && p[n] != ':')
            n++;
        if (n > 0 && n < sizeof dir && p[0] == '/') {
            memcpy(dir, p, n);
            dir[n] = '\0';
            if (cli_at(out, dir, CLI_NAME))
                return true;
        }
        p += n + (p[n] == ':');
    }
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
static bool prepare_spawn(struct finisher *f)
{
    sigset_t none, all;
    libc.sigemptyset(&none);
    libc.sigfillset(&all);
    if (libc.attr_init(&f->attr) != 0 || libc.actions_init(&f->actions) != 0)
        return false;
    libc.attr_setsigmask(&f->attr, &none);
    libc.attr_setsigdefault(&f->attr, &all);
    libc.attr_setflags(&f->attr,
                       POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    return libc.actions_addopen(&f->actions, 0, "/dev/null", O_RDWR, 0) == 0 &&
           libc.actions_adddup2(&f->actions, 0, 1) == 0 &&
           libc.actions_adddup2(&f->actions, 0, 2) == 0 &&
           libc.actions_addclosefrom(&f->actions, 3) == 0;
}

/* Ready to end the task: the finishing command found and its spawn prepared; a root that cannot
 * be armed makes no task. A failed attempt, once per process, may leave a few bytes allocated. */
bool shim_root_arm(void)
{
    if (armed)
        return true;
    armed = look_up_libc() && find_cli(finisher.cli_path) && prepare_spawn(&finisher);
    return armed;
}

static bool create_channel(pid_t self, char *path, size_t len)
{
    const char *dir = mt_channel_dir();
    for (int attempt = 0; dir && attempt < 4; attempt++) {
        unsigned long long nonce = (unsigned long long)shim_now_ns();
        if (libc.getrandom(&nonce, sizeof nonce, GRND_NONBLOCK) != (ssize_t)sizeof nonce)
            nonce ^= (unsigned long long)attempt << 56;
        libc.format(path, len, "%s/" MT_CHANNEL_PREFIX "%ld-%016llx", dir, (long)self, nonce);
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
    libc.format(value, sizeof value, "%ld:%s", (long)self, path);
    if (libc.setenv(SHIM_TASK_VAR, value, 1) == 0)
        return true;
    libc.unlink(path);
    return false;
}

/* The root's exit() ends the task. The other processes report nothing at their exit: their
 * parents report how they ended (wait_hooks.c). */
static void root_exits(int status, void *unused)
{
    (void)unused;
    if (shim.role == SHIM_ROOT && getpid() == shim.root_pid)
        shim_root_end((status & 0xff) << 8);
}

void shim_root_watch_exit(void)
{
    (void)libc.on_exit(root_exits, NULL); /* failing, the task ends when `run` sees it end */
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
    char *argv[] = {finisher.cli_path, "run", "--finish", (char *)shim.channel, NULL};
    pid_t pid;
    shim_next.posix_spawn(&pid, finisher.cli_path, &finisher.actions, &finisher.attr, argv, env);
}
