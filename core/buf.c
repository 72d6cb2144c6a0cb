#include "buf.h"

#include <stdlib.h>
#include <string.h>

bool mt_buf_append(mt_buf *buf, const void *bytes, size_t len)
{
    if (buf->failed)
        return false;
    if (buf->len + len + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 256;
        while (cap < buf->len + len + 1)
            cap *= 2;
        char *grown = realloc(buf->data, cap);
        if (!grown) {
            buf->failed = true;
            return false;
        }
        buf->data = grown;
        buf->cap = cap;
    }
    memcpy(buf->data + buf->len, bytes, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return true;
}

bool mt_buf_append_str(mt_buf *buf, const char *text)
{
    return mt_buf_append(buf, text, strlen(text));
}

void mt_buf_clear(mt_buf *buf)
{
    buf->len = 0;
    buf->failed = false;
    if (buf->data)
        buf->data[0] = '\0';
}

void mt_buf_free(mt_buf *buf)
{
    free(buf->data);
    *buf = (mt_buf){0};
}
