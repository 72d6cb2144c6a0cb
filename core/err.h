/* The one-line error messages of functions that take `char *err, size_t errlen`. */
#ifndef MT_ERR_H
#define MT_ERR_H

#include <stddef.h>

/* Writes one formatted line into err (if err is not NULL and errlen > 0). */
void mt_set_error(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
