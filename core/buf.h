/* A growable byte buffer, always NUL-terminated: request bodies and response bodies. */
#ifndef MT_BUF_H
#define MT_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mt_buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed; /* an allocation failed: the content is incomplete */
} mt_buf;

bool mt_buf_append(mt_buf *buf, const void *bytes, size_t len);
bool mt_buf_append_str(mt_buf *buf, const char *text);
void mt_buf_clear(mt_buf *buf);
void mt_buf_free(mt_buf *buf);

#endif
