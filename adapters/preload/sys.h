/* The system calls on the paths that every watched process runs: the record written just before
 * an exec and the one written after a wait.
 *
 * On x86-64 they go to the kernel directly, not through libc. A child between fork and exec has
 * none of libc's code pages and not the vDSO mapped (fork copies no page-table entries for code),
 * and errno lives in a page it shares copy-on-write with its parent: each libc wrapper, the vDSO
 * clock and the write to errno cost that child one page fault, more than the call itself. With
 * them bench_preload's fork + exec paid about four faults more. A direct call touches none of
 * those pages, leaves errno as the host's own call left it, and is async-signal-safe and no
 * cancellation point. Elsewhere syscall(2) makes them, errno saved and restored.
 *
 * Each returns what the kernel answers: a result >= 0, or -errno. */
#ifndef MT_SHIM_SYS_H
#define MT_SHIM_SYS_H

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)

static inline long shim_syscall4(long nr, long a, long b, long c, long d)
{
    long ret;
    register long r10 __asm__("r10") = d;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
                     : "rcx", "r11", "memory");
    return ret;
}

#else

/* syscall(2) answers -1 and sets errno; the host must not see that errno. */
static inline long shim_syscall4(long nr, long a, long b, long c, long d)
{
    int saved = errno;
    long ret = syscall(nr, a, b, c, d);
    if (ret == -1) {
        ret = -errno;
        errno = saved;
    }
    return ret;
}

#endif

static inline int shim_sys_open(const char *path, int flags, int mode)
{
    return (int)shim_syscall4(SYS_openat, AT_FDCWD, (long)path, flags, mode);
}

static inline long shim_sys_write(int fd, const void *buf, size_t len)
{
    return shim_syscall4(SYS_write, fd, (long)buf, (long)len, 0);
}

static inline void shim_sys_close(int fd)
{
    (void)shim_syscall4(SYS_close, fd, 0, 0, 0);
}

static inline void shim_sys_unlink(const char *path)
{
    (void)shim_syscall4(SYS_unlinkat, AT_FDCWD, (long)path, 0, 0);
}

/* CLOCK_MONOTONIC in ns, by the system call rather than the vDSO (see above). */
static inline int64_t shim_sys_now_ns(void)
{
    struct timespec ts = {0, 0};
    (void)shim_syscall4(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#endif
