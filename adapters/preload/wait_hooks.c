/* Exit statuses, learned where they are exact: in the parent that reaps the child. A command's
 * own exit() cannot tell a signal or a crash, and a supervisor process per command (Bear's way)
 * would add a process to every exec and change what the parent sees as its child. Every wait
 * entry point is wrapped, since glibc's wait() and waitpid() do not go through wait4's symbol.
 * A status that only says "stopped" or "continued" is not an end and is not reported. */
#define _GNU_SOURCE
#include <string.h>
#include <sys/wait.h>

#include "shim.h"

static void reaped(pid_t pid, int status)
{
    if (pid > 0 && shim.role != SHIM_OFF && (WIFEXITED(status) || WIFSIGNALED(status)))
        shim_report_end(pid, 0, status);
}

SHIM_EXPORT pid_t wait(int *status)
{
    if (!shim_next.wait)
        shim_resolve();
    int mine;
    int *out = status ? status : &mine; /* the shim needs the status the caller may not want */
    pid_t pid = shim_next.wait(out);
    if (pid > 0)
        reaped(pid, *out);
    return pid;
}

SHIM_EXPORT pid_t waitpid(pid_t which, int *status, int options)
{
    if (!shim_next.waitpid)
        shim_resolve();
    int mine;
    int *out = status ? status : &mine;
    pid_t pid = shim_next.waitpid(which, out, options);
    if (pid > 0)
        reaped(pid, *out);
    return pid;
}

SHIM_EXPORT pid_t wait3(int *status, int options, struct rusage *usage)
{
    if (!shim_next.wait3)
        shim_resolve();
    int mine;
    int *out = status ? status : &mine;
    pid_t pid = shim_next.wait3(out, options, usage);
    if (pid > 0)
        reaped(pid, *out);
    return pid;
}

SHIM_EXPORT pid_t wait4(pid_t which, int *status, int options, struct rusage *usage)
{
    if (!shim_next.wait4)
        shim_resolve();
    int mine;
    int *out = status ? status : &mine;
    pid_t pid = shim_next.wait4(which, out, options, usage);
    if (pid > 0)
        reaped(pid, *out);
    return pid;
}

/* waitid speaks siginfo: turned back into a wait status. WNOWAIT leaves the child to be reaped
 * by a later call, which reports it then. */
static int status_of(const siginfo_t *info)
{
    switch (info->si_code) {
    case CLD_EXITED: return (info->si_status & 0xff) << 8;
    case CLD_KILLED: return info->si_status & 0x7f;
    case CLD_DUMPED: return (info->si_status & 0x7f) | 0x80;
    default: return -1;
    }
}

SHIM_EXPORT int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options)
{
    if (!shim_next.waitid)
        shim_resolve();
    siginfo_t mine;
    memset(&mine, 0, sizeof mine);
    siginfo_t *out = info ? info : &mine;
    int rc = shim_next.waitid(idtype, id, out, options);
    if (rc == 0 && out->si_pid > 0 && !(options & WNOWAIT)) {
        int status = status_of(out);
        if (status >= 0)
            reaped(out->si_pid, status);
    }
    return rc;
}
