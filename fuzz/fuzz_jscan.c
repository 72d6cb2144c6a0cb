/* The kit's in-place JSON scanner (adapters/kit/jscan.c), which reads every hook payload and
 * transcript line: the input as a document walked member by member, each value read with the
 * reader its first byte calls for, strings into a buffer small enough to be cut. What it must
 * never do is read past the input's end (ASan sees that) or return a string longer than its
 * buffer, or lose more of a long string than what does not fit. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "jscan.h"

#define MAX_DEPTH                                                                                  \
    32 /* deeper objects are skipped whole: the scanner's skip, not this recursion                 \
        */

static bool member(kit_js_cursor *c, const char *key, size_t key_len, void *user);

/* The same string read into a small and a big buffer: the small one holds the head of the big
 * one, cut on a character boundary (at most 3 bytes short of full), never more than fits. */
static void check_cut(const char *small, size_t small_cap, const char *big, size_t big_cap)
{
    size_t s = strlen(small), b = strlen(big);
    if (s >= small_cap || b >= big_cap)
        abort();
    if (b == big_cap - 1)
        return; /* the big one was cut too: nothing to compare with */
    size_t fits = b < small_cap - 1 ? b : small_cap - 1;
    if (memcmp(small, big, s) != 0 || s + 3 < fits)
        abort();
}

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
        bool is_string = kit_js_string(&once_more, small, sizeof small);
        if (!kit_js_string_or_skip(c, big, sizeof big))
            return false;
        if (is_string)
            check_cut(small, sizeof small, big, sizeof big);
        return true;
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
