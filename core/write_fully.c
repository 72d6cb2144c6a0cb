/* One write-until-done loop for everyone (write_fully.h). */
#include "write_fully.h"

#include <errno.h>
#include <unistd.h>

bool mt_write_fully(int fd, const void *data, size_t len)
{
    const char *at = data;
    while (len > 0) {
        ssize_t n = write(fd, at, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        at += n;
        len -= (size_t)n;
    }
    return true;
}
