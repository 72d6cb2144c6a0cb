/* Retry-After as the server sends it (core/clock.c): delta-seconds or one of three HTTP-date
 * forms, in the 64-byte field the transport copies it into. */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fuzz_support.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char value[sizeof((mt_http_response *)0)->retry_after];
    size_t n = size < sizeof value - 1 ? size : sizeof value - 1;
    memcpy(value, data, n);
    value[n] = '\0';
    int64_t now_ms = 1780000000000; /* a fixed "now" in 2026: the same input, the same path */
    int64_t delay = mt_parse_retry_after(value, now_ms);
    if (delay < -1)
        abort(); /* the contract: a delay, or -1 for a value that does not parse */
    return 0;
}
