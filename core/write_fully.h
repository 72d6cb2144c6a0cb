/* Writing a whole buffer to a descriptor, whatever write(2) does short of failing. */
#ifndef MT_WRITE_FULLY_H
#define MT_WRITE_FULLY_H

#include <stdbool.h>
#include <stddef.h>

/* write(2) until all of it is written, again after EINTR; false with errno on failure. */
bool mt_write_fully(int fd, const void *data, size_t len);

#endif
