#define _GNU_SOURCE /* flock */
#include "flock_wait.h"

#include <errno.h>
#include <stdint.h>
#include <sys/file.h>
#include <time.h>

#include "clock.h"

#define FIRST_NAP_US 20 /* holders of our locks are usually done within tens of microseconds */
#define LAST_NAP_US  1000

bool mt_flock_within(int fd, int wait_ms)
{
    int64_t deadline = mt_monotonic_ms() + wait_ms;
    for (long nap_us = FIRST_NAP_US;;
         nap_us = nap_us * 2 < LAST_NAP_US ? nap_us * 2 : LAST_NAP_US) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            return true;
        if (errno != EWOULDBLOCK && errno != EINTR)
            return false;
        if (mt_monotonic_ms() >= deadline) {
            errno = EWOULDBLOCK;
            return false;
        }
        nanosleep(&(struct timespec){0, nap_us * 1000}, NULL);
    }
}
