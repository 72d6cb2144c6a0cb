#include "random.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "clock.h"

static bool fill_random(void *buf, size_t len)
{
    unsigned char *bytes = buf;
    while (len > 0) {
        ssize_t got = getrandom(bytes, len, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        bytes += got;
        len -= (size_t)got;
    }
    return true;
}

/* Random bytes are drawn from the kernel a page at a time and handed out from a per-thread pool:
 * one getrandom() per 256 ids instead of one per id. A forked child empties the pool of the
 * thread that forked, or parent and child would hand out the same ids. */
#define POOL_BYTES 4096
static _Thread_local unsigned char pool[POOL_BYTES];
static _Thread_local size_t pool_left;
static pthread_once_t fork_handler_once = PTHREAD_ONCE_INIT;

static void empty_pool_in_child(void)
{
    pool_left = 0;
}

static void install_fork_handler(void)
{
    pthread_atfork(NULL, NULL, empty_pool_in_child);
}

static bool take_random(void *out, size_t len)
{
    pthread_once(&fork_handler_once, install_fork_handler);
    if (pool_left < len) {
        if (!fill_random(pool, sizeof pool))
            return false;
        pool_left = sizeof pool;
    }
    memcpy(out, pool + sizeof pool - pool_left, len);
    memset(pool + sizeof pool - pool_left, 0, len); /* used bytes do not linger */
    pool_left -= len;
    return true;
}

bool mt_uuid_v4(char out[MT_UUID_LEN + 1])
{
    unsigned char b[16];
    if (!take_random(b, sizeof b))
        return false;
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    static const char hex[] = "0123456789abcdef";
    size_t pos = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[pos++] = '-';
        out[pos++] = hex[b[i] >> 4];
        out[pos++] = hex[b[i] & 0x0f];
    }
    out[pos] = '\0';
    return true;
}

double mt_random_unit(void)
{
    uint64_t bits;
    if (!take_random(&bits, sizeof bits))
        bits = (uint64_t)mt_monotonic_ms() * 0x9e3779b97f4a7c15ull;
    return (double)(bits >> 11) / (double)(1ull << 53);
}

bool mt_is_uuid(const char *text, bool lowercase_only)
{
    /* Checked against a shape rather than with strlen + branches: it runs twice per event. */
    static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    if (!text)
        return false;
    for (int i = 0; i < MT_UUID_LEN; i++) {
        unsigned char c = (unsigned char)text[i];
        if (shape[i] == '-') {
            if (c != '-')
                return false;
            continue;
        }
        bool digit = (unsigned)(c - '0') < 10u, lower = (unsigned)(c - 'a') < 6u;
        bool upper = (unsigned)(c - 'A') < 6u;
        if (!(digit || lower || (upper && !lowercase_only)))
            return false;
    }
    return text[MT_UUID_LEN] == '\0';
}
