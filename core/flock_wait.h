/* Taking a file lock without ever hanging on its holder. */
#ifndef MT_FLOCK_WAIT_H
#define MT_FLOCK_WAIT_H

#include <stdbool.h>

/* flock(fd, LOCK_EX), given up after wait_ms: a process stopped while it holds the lock (SIGSTOP,
 * a debugger) must not hang a hook or a host. False with errno EWOULDBLOCK when the time ran
 * out, or with the error of flock. */
bool mt_flock_within(int fd, int wait_ms);

#endif
