#include "random.h"

#include <errno.h>
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

bool mt_uuid_v4(char out[MT_UUID_LEN + 1])
{
    unsigned char b[16];
    if (!fill_random(b, sizeof b))
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
    if (!fill_random(&bits, sizeof bits))
        bits = (uint64_t)mt_monotonic_ms() * 0x9e3779b97f4a7c15ull;
    return (double)(bits >> 11) / (double)(1ull << 53);
}

bool mt_is_uuid(const char *text, bool lowercase_only)
{
    if (!text || strlen(text) != MT_UUID_LEN)
        return false;
    for (int i = 0; i < MT_UUID_LEN; i++) {
        char c = text[i];
        bool dash_here = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_here) {
            if (c != '-')
                return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                     (!lowercase_only && c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}
