/* The kit's in-place JSON scanner (adapters/kit/jscan.c), which reads every hook payload and
 * transcript line: the input as a document walked member by member, each value read with the
 * reader its first byte calls for, strings into a buffer small enough to be cut. What it must
 * never do is read past the input's end (ASan sees that) or return a string longer than its
 * buffer. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "jscan.h"

#define MAX_DEPTH 32 /* deeper objects are skipped whole: the scanner's skip, not this recursion   \
                      */

static bool member(kit_js_cursor *c, const char *key, size_t key_len, void *user);

static bool value(kit_js_cursor *c, int depth)
{
    char small[8], big[300];
    const char *raw;
    size_t raw_len;
    uint64_t number;
    bool flag;
    char first = kit_js_peek(c);
    switch (first) {
    case '{': return depth < MAX_DEPTH ? kit_js_each_member(c, member, &depth) : kit_js_skip(c);
    case '"': {
        kit_js_cursor again = *c;
        if (kit_js_raw_string(&again, &raw, &raw_len) && raw + raw_len > again.end)
            abort();
        kit_js_cursor once_more = *c;
        if (kit_js_string(&once_more, small, sizeof small) && strlen(small) >= sizeof small)
            abort();
        return kit_js_string_or_skip(c, big, sizeof big) && strlen(big) < sizeof big;
    }
    case 't':
    case 'f': return kit_js_bool(c, &flag) || kit_js_skip(c);
    default:
        if (first == '-' || (first >= '0' && first <= '9'))
            return kit_js_u64_or_skip(c, &number);
        return kit_js_bool_or_skip(c, &flag);
    }
}

static bool member(kit_js_cursor *c, const char *key, size_t key_len, void *user)
{
    (void)key, (void)key_len;
    return value(c, *(int *)user + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int depth = 0;
    char err[128];
    kit_js_parse_object("fuzz input", (const char *)data, size, member, &depth, err, sizeof err);
    return 0;
}
