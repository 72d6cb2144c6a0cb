/* libmosaic-telemetry-preload.so: loading it. The constructor decides, once, what this process
 * is to the task: the root (no task in the environment yet, or the root itself after an exec),
 * a descendant (the task's variable inherited), or nothing (telemetry disabled, secure-execution
 * mode, a malformed variable). It starts no thread, opens no descriptor that stays open, and
 * links nothing but libc: the engine (libcurl, json-c) runs only in `mosaic-telemetry run`.
 *
 * Recursion: the interposers call the next definitions through the pointers resolved here, and
 * glibc's own functions call each other through hidden aliases, so no call made by the shim
 * comes back into it; there is no re-entry guard because there is no re-entry. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "shim.h"

#define SHIM_EXPORT __attribute__((visibility("default")))

shim_next_fns shim_next;
shim_state shim;

/* dlsym answers void *; the cast to a function pointer is what POSIX requires to work. */
#define NEXT(member, name) (*(void **)&shim_next.member = dlsym(RTLD_NEXT, name))

void shim_resolve(void)
{
    NEXT(execve, "execve");
    NEXT(execvpe, "execvpe");
    NEXT(posix_spawn, "posix_spawn");
    NEXT(posix_spawnp, "posix_spawnp");
    NEXT(system, "system");
    NEXT(wait, "wait");
    NEXT(waitpid, "waitpid");
    NEXT(wait3, "wait3");
    NEXT(wait4, "wait4");
    NEXT(waitid, "waitid");
    NEXT(exit_now, "_exit");
    NEXT(exit_now_c99, "_Exit");
}

int64_t shim_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static bool env_is(const char *name, const char *const *words)
{
    const char *value = getenv(name);
    for (; value && *words; words++)
        if (strcasecmp(value, *words) == 0)
            return true;
    return false;
}

/* "NAME=value" for the variable, copied into out (NULL: into the heap). Read with getenv(), not
 * from `environ`: a program may define its own getenv and setenv (bash does), and the root's
 * variable went through its setenv. */
static const char *keep_entry(const char *name, char *out, size_t cap)
{
    const char *value = getenv(name);
    if (!value)
        return NULL;
    size_t n = strlen(name), len = n + strlen(value) + 2;
    if (!out)
        out = malloc(cap = len);
    if (!out || len > cap)
        return NULL;
    memcpy(out, name, n);
    out[n] = '=';
    memcpy(out + n + 1, value, len - n - 1);
    return out;
}

/* Joins the task its variable names ("<root pid>:<absolute channel path>"). */
static bool join_task(void)
{
    static char task_entry[sizeof SHIM_TASK_VAR + 24 + SHIM_PATH_MAX];
    shim.task_entry = keep_entry(SHIM_TASK_VAR, task_entry, sizeof task_entry);
    if (!shim.task_entry)
        return false;
    char *end;
    long pid = strtol(shim.task_entry + sizeof SHIM_TASK_VAR, &end, 10);
    if (pid <= 0 || *end != ':' || end[1] != '/')
        return false;
    shim.channel = end + 1;
    shim.root_pid = (pid_t)pid;
    /* The root after an exec (`bash -c 'exec make'`) is still the root. */
    shim.role = shim.root_pid == getpid() && shim_root_arm() ? SHIM_ROOT : SHIM_CHILD;
    return true;
}

/* Every process of the task reports its own exit(), for parents that reap it unseen (a static
 * parent, pidfd waits, glibc's system and popen); the root's ends the task. */
static void process_exits(int status, void *unused)
{
    (void)unused;
    int wait_status = (status & 0xff) << 8;
    pid_t self = getpid();
    if (shim.role == SHIM_ROOT && self == shim.root_pid)
        shim_root_end(wait_status);
    else if (shim.role != SHIM_OFF)
        shim_report_status('Q', self, 0, wait_status);
}

/* The program the root was started as: the path given to exec, which for a script is the
 * script (`claude` installed by npm runs as `env node .../claude`), else argv[0]. glibc passes
 * main's arguments to constructors. */
static const char *program_name(int argc, char **argv)
{
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    return execfn ? execfn : argc > 0 && argv[0] ? argv[0] : "";
}

__attribute__((constructor)) static void shim_load(int argc, char **argv, char **envp)
{
    (void)envp;
    static const char *const no[] = {"0", "false", "no", "off", NULL};
    static const char *const yes[] = {"1", "true", "yes", "on", NULL};
    shim_resolve();
    if (getauxval(AT_SECURE))
        return; /* setuid and the like: nothing of the caller's is trusted */
    bool new_task = getenv(SHIM_TASK_VAR) == NULL;
    if (new_task &&
        (env_is("MOSAIC_TELEMETRY_ENABLED", no) || !shim_root_arm() || !shim_root_begin()))
        return;
    if (!join_task()) {
        shim.role = SHIM_OFF;
        return;
    }
    if (new_task)
        shim_report_root_begin(getpid(), program_name(argc, argv));
    shim.reinject = env_is("MOSAIC_TELEMETRY_PRELOAD_REINJECT", yes);
    if (shim.reinject)
        shim.preload_entry = keep_entry("LD_PRELOAD", NULL, 0); /* kept for the process's life */
    /* Should registering fail, the process still reports what it runs and reaps. */
    (void)on_exit(process_exits, NULL);
}

/* The root that leaves through _exit() skips exit handlers: its end is reported here. */
__attribute__((noreturn)) static void exit_now(void (*next)(int), int status)
{
    if (shim.role == SHIM_ROOT && getpid() == shim.root_pid)
        shim_root_end((status & 0xff) << 8);
    if (next)
        next(status);
    syscall(SYS_exit_group, status); /* resolution failed: what _exit does */
    __builtin_unreachable();
}

SHIM_EXPORT void _exit(int status)
{
    exit_now(shim_next.exit_now, status);
}

SHIM_EXPORT void _Exit(int status)
{
    exit_now(shim_next.exit_now_c99, status);
}
