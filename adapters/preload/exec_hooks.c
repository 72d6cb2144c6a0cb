/* The commands a process runs: every public exec entry point, posix_spawn[p] and system.
 *
 * glibc calls its own functions through hidden aliases (execvp -> __execvpe, system ->
 * __posix_spawn), so interposing execve alone would miss them: each public entry is wrapped.
 * An exec is reported by the process about to be replaced, before the real call (afterwards
 * there is no one left to write); a failed exec is taken back with an F record. A spawn is
 * reported by the parent once it knows the child's pid, stamped with the time before the call so
 * that the reader orders it before anything the child writes. Exit statuses are learned by the
 * parents (wait_hooks.c).
 *
 * These may run in a vfork child: no heap, no stdio, no locks, errno as the caller left it. */
#define _GNU_SOURCE
#include <errno.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "shim.h"

extern char **environ;

typedef enum lookup { BY_PATH, BY_SEARCH } lookup;

typedef int (*spawn_fn)(pid_t *, const char *, const posix_spawn_file_actions_t *,
                        const posix_spawnattr_t *, char *const[], char *const[]);

static int real_exec(lookup how, const char *file, char *const argv[], char *const envp[])
{
    return how == BY_PATH ? shim_next.execve(file, argv, envp)
                          : shim_next.execvpe(file, argv, envp);
}

/* execv and execvp are execve and execvpe with `environ`, exactly as glibc defines them. */
static int exec_common(lookup how, const char *file, char *const argv[], char *const envp[])
{
    if (!shim_next.execve)
        shim_resolve();
    if (shim.role == SHIM_OFF)
        return real_exec(how, file, argv, envp);
    size_t n = shim_env_slots(envp);
    char *slots[n ? n : 1];
    char *const *env = n ? shim_env_fix(envp, slots, n) : envp;
    pid_t self = getpid();
    /* A forked child has not run an exec of its own yet: a new process to the reader. */
    char type = self == shim.loaded_in ? 'E' : 'X';
    int fd = shim_report_exec(type, shim_now_ns(), self, 0, file, argv, true);
    int rc = real_exec(how, file, argv, env);
    shim_report_exec_failed(self, 0, fd); /* still here: the exec failed */
    return rc;
}

SHIM_EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
    return exec_common(BY_PATH, path, argv, envp);
}

SHIM_EXPORT int execv(const char *path, char *const argv[])
{
    return exec_common(BY_PATH, path, argv, environ);
}

SHIM_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
    return exec_common(BY_SEARCH, file, argv, envp);
}

SHIM_EXPORT int execvp(const char *file, char *const argv[])
{
    return exec_common(BY_SEARCH, file, argv, environ);
}

/* The list forms: the arguments are counted, then copied into an array on the stack. */
static size_t count_args(const char *first, va_list ap)
{
    size_t n = 0;
    for (const char *arg = first; arg; arg = va_arg(ap, const char *))
        n++;
    return n;
}

static void copy_args(char **argv, const char *first, va_list ap)
{
    size_t n = 0;
    for (const char *arg = first; arg; arg = va_arg(ap, const char *))
        argv[n++] = (char *)arg;
    argv[n] = NULL;
}

SHIM_EXPORT int execl(const char *path, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    size_t n = count_args(arg, ap);
    va_end(ap);
    char *argv[n + 1];
    va_start(ap, arg);
    copy_args(argv, arg, ap);
    va_end(ap);
    return exec_common(BY_PATH, path, argv, environ);
}

SHIM_EXPORT int execlp(const char *file, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    size_t n = count_args(arg, ap);
    va_end(ap);
    char *argv[n + 1];
    va_start(ap, arg);
    copy_args(argv, arg, ap);
    va_end(ap);
    return exec_common(BY_SEARCH, file, argv, environ);
}

SHIM_EXPORT int execle(const char *path, const char *arg, ...)
{
    va_list ap;
    va_start(ap, arg);
    size_t n = count_args(arg, ap);
    va_end(ap);
    char *argv[n + 1];
    va_start(ap, arg);
    copy_args(argv, arg, ap);
    char *const *envp = va_arg(ap, char *const *); /* after the terminating NULL */
    va_end(ap);
    return exec_common(BY_PATH, path, argv, envp);
}

static int spawn_common(lookup how, pid_t *pid, const char *file,
                        const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr,
                        char *const argv[], char *const envp[])
{
    if (!shim_next.posix_spawn)
        shim_resolve();
    spawn_fn real = how == BY_PATH ? shim_next.posix_spawn : shim_next.posix_spawnp;
    if (shim.role == SHIM_OFF)
        return real(pid, file, actions, attr, argv, envp);
    size_t n = shim_env_slots(envp);
    char *slots[n ? n : 1];
    char *const *env = n ? shim_env_fix(envp, slots, n) : envp;
    int64_t before = shim_now_ns();
    pid_t child = 0; /* the caller may pass NULL, and the shim still needs the pid */
    int rc = real(&child, file, actions, attr, argv, env);
    if (rc == 0) {
        if (pid)
            *pid = child;
        shim_report_exec('X', before, child, 0, file, argv, false);
    }
    return rc;
}

SHIM_EXPORT int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                            const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    return spawn_common(BY_PATH, pid, path, actions, attr, argv, envp);
}

SHIM_EXPORT int posix_spawnp(pid_t *pid, const char *file,
                             const posix_spawn_file_actions_t *actions,
                             const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    return spawn_common(BY_SEARCH, pid, file, actions, attr, argv, envp);
}

/* system() hides its child's pid and reaps it itself, so the call stands for the child: it gets
 * an id of its own, and system's answer is its status. */
SHIM_EXPORT int system(const char *command)
{
    if (!shim_next.system)
        shim_resolve();
    if (shim.role == SHIM_OFF || !command)
        return shim_next.system(command);
    static unsigned calls;
    unsigned token = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
    pid_t self = getpid();
    char *argv[] = {"sh", "-c", (char *)command, NULL};
    shim_report_exec('X', shim_now_ns(), self, token, "/bin/sh", argv, false);
    int status = shim_next.system(command);
    if (status == -1)
        shim_report_exec_failed(self, token, -1);
    else
        shim_report_end(self, token, status);
    return status;
}
