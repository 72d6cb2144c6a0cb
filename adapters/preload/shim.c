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
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim.h"
#include "sys.h"

shim_next_fns shim_next;
shim_state shim;

extern char **environ;

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
    return shim_sys_now_ns();
}

/* The value of entry ("NAME=value") when it is name's, else NULL. */
static const char *value_of(const char *entry, const char *name)
{
    while (*name && *entry == *name)
        entry++, name++;
    return *name == '\0' && *entry == '=' ? entry + 1 : NULL;
}

static void take(const char **value, const char *entry, const char *name)
{
    if (!*value)
        *value = value_of(entry, name);
}

/* The shim's variables, in one pass over the environment by hand rather than with getenv():
 * every process that loads the shim runs this, and it then touches no libc page (sys.h). At
 * load the environment is what exec passed, so a program's own getenv (bash has one) would
 * answer the same. */
typedef struct shim_vars {
    const char *task, *enabled, *reinject;
} shim_vars;

static shim_vars read_vars(char **env)
{
    shim_vars vars = {NULL, NULL, NULL};
    for (; env && *env; env++) {
        take(&vars.task, *env, SHIM_TASK_VAR);
        take(&vars.enabled, *env, "MOSAIC_TELEMETRY_ENABLED");
        take(&vars.reinject, *env, "MOSAIC_TELEMETRY_PRELOAD_REINJECT");
    }
    return vars;
}

/* Whether value is one of words, in any case; by hand for the reason read_vars gives. */
static bool is_one_of(const char *value, const char *const *words)
{
    for (; value && *words; words++) {
        const char *v = value, *w = *words;
        while (*w && (*v | 0x20) == *w) /* the words are lowercase letters and digits */
            v++, w++;
        if (!*w && !*v)
            return true;
    }
    return false;
}

/* "name=value" written into out; NULL when it does not fit. By hand for the reason read_vars
 * gives: bounded copies that no compiler turns into calls to strlen. */
static const char *keep_entry(const char *name, const char *value, char *out, size_t cap)
{
    size_t n = 0;
    if (!out)
        return NULL;
    for (const char *c = name; *c && n < cap; c++)
        out[n++] = *c;
    if (n < cap)
        out[n++] = '=';
    for (const char *c = value; *c && n < cap; c++)
        out[n++] = *c;
    if (n >= cap)
        return NULL;
    out[n] = '\0';
    return out;
}

/* "<root pid>:<absolute channel path>", by hand for the reason read_vars gives. */
static bool parse_task(const char *value, pid_t *root, const char **channel)
{
    long long pid = 0;
    const char *p = value;
    for (; *p >= '0' && *p <= '9' && pid <= INT_MAX; p++)
        pid = pid * 10 + (*p - '0');
    if (p == value || pid <= 0 || pid > INT_MAX || p[0] != ':' || p[1] != '/')
        return false;
    *root = (pid_t)pid;
    *channel = p + 1;
    return true;
}

/* Joins the task its variable's value names. */
static bool join_task(const char *value)
{
    static char task_entry[sizeof SHIM_TASK_VAR + 24 + SHIM_PATH_MAX];
    shim.task_entry = keep_entry(SHIM_TASK_VAR, value, task_entry, sizeof task_entry);
    if (!shim.task_entry ||
        !parse_task(shim.task_entry + sizeof SHIM_TASK_VAR, &shim.root_pid, &shim.channel))
        return false;
    shim.loaded_in = getpid();
    /* The root after an exec (`bash -c 'exec make'`) is still the root. */
    shim.role = shim.root_pid == shim.loaded_in && shim_root_arm() ? SHIM_ROOT : SHIM_CHILD;
    return true;
}

/* The program the root was started as: the path given to exec, which for a script is the
 * script (`claude` installed by npm runs as `env node .../claude`), else argv[0]. glibc passes
 * main's arguments to constructors. */
static const char *program_name(int argc, char **argv)
{
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    return execfn ? execfn : argc > 0 && argv[0] ? argv[0] : "";
}

/* A new task with this process as its root; its variable's value, NULL when there is none. */
static const char *begin_task(const shim_vars *vars)
{
    static const char *const no[] = {"0", "false", "no", "off", NULL};
    if (is_one_of(vars->enabled, no) || !shim_root_arm() || !shim_root_begin())
        return NULL;
    return getenv(SHIM_TASK_VAR); /* set by shim_root_begin, through the program's setenv */
}

__attribute__((constructor)) static void shim_load(int argc, char **argv, char **envp)
{
    (void)envp; /* `environ`, in case a constructor before this one changed it */
    static const char *const yes[] = {"1", "true", "yes", "on", NULL};
    shim_resolve();
    if (getauxval(AT_SECURE))
        return; /* setuid and the like: nothing of the caller's is trusted */
    shim_vars vars = read_vars(environ);
    bool new_task = vars.task == NULL;
    const char *task = new_task ? begin_task(&vars) : vars.task;
    if (!task || !join_task(task)) {
        shim.role = SHIM_OFF;
        return;
    }
    if (new_task)
        shim_report_root_begin(getpid(), program_name(argc, argv));
    shim.reinject = is_one_of(vars.reinject, yes);
    const char *preload = shim.reinject ? getenv("LD_PRELOAD") : NULL;
    size_t size = preload ? sizeof "LD_PRELOAD=" + strlen(preload) : 0;
    if (preload) /* kept for the process's life */
        shim.preload_entry = keep_entry("LD_PRELOAD", preload, malloc(size), size);
    if (shim.role == SHIM_ROOT)
        shim_root_watch_exit();
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
