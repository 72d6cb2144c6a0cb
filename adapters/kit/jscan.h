/* A minimal JSON reader that walks text in place, without building a tree: the hook reads a few
 * fields of a payload and of transcript lines that can be megabytes long, and a json-c tree per
 * line would cost more than the whole budget. It is lenient (it checks structure, not every
 * rule of the grammar) but never reads past `end`, whatever the input. */
#ifndef KIT_JSCAN_H
#define KIT_JSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kit_js_cursor {
    const char *p;   /* the next byte to read */
    const char *end; /* one past the last byte */
} kit_js_cursor;

/* The next non-blank byte, or 0 at the end (the cursor moves to it). */
char kit_js_peek(kit_js_cursor *c);

/* Enters the object at the cursor: true when it starts with '{'. */
bool kit_js_enter(kit_js_cursor *c);
/* The next member's key (raw, escapes untouched, without quotes); the cursor is left at its
 * value, which the caller reads or skips. 1: a member; 0: the object ended (the cursor is past
 * its '}'); -1: malformed. */
int kit_js_next_key(kit_js_cursor *c, const char **key, size_t *key_len);
/* Skips the value at the cursor (any type, any depth); false when malformed or cut short. */
bool kit_js_skip(kit_js_cursor *c);

/* Reads a string value decoded into buf (NUL-terminated, cut at cap - 1 bytes on a character
 * boundary); the whole string is consumed. False when the value is not a string. */
bool kit_js_string(kit_js_cursor *c, char *buf, size_t cap);
/* A string value as its raw bytes (escapes untouched): for ids and keywords, which have none. */
bool kit_js_raw_string(kit_js_cursor *c, const char **s, size_t *len);
/* A whole number; a negative, fractional or out-of-range number reads as 0 and is consumed.
 * False when the value is not a number. */
bool kit_js_u64(kit_js_cursor *c, uint64_t *out);
/* true or false; false (and nothing consumed) for anything else. */
bool kit_js_bool(kit_js_cursor *c, bool *out);

/* Reads one member's value (the cursor is at it) or skips it; false only when it is malformed. */
typedef bool (*kit_js_member_fn)(kit_js_cursor *c, const char *key, size_t key_len, void *user);
/* Walks the object at the cursor, calling fn for each member, and leaves the cursor past it. A
 * value that is not an object is skipped without a call: members of the wrong type read as
 * absent. False when the text is malformed or fn says so. */
/* Inline, so that a reader's fn is called directly: transcripts are parsed at about 1 GB/s. */
static inline bool kit_js_each_member(kit_js_cursor *c, kit_js_member_fn fn, void *user)
{
    if (!kit_js_enter(c))
        return kit_js_skip(c);
    const char *key;
    size_t len;
    int more;
    while ((more = kit_js_next_key(c, &key, &len)) == 1)
        if (!fn(c, key, len, user))
            return false;
    return more == 0;
}

/* A whole document that must be one object (a hook payload): its members walked with fn, and
 * nothing but blanks after it. False with "<what> is not a JSON object" or "... a well-formed
 * JSON object" in err. */
bool kit_js_parse_object(const char *what, const char *text, size_t len, kit_js_member_fn fn,
                         void *user, char *err, size_t errlen);

/* A string, number or boolean member read into its place, or (another type) skipped: false
 * only when malformed. */
bool kit_js_string_or_skip(kit_js_cursor *c, char *buf, size_t cap);
bool kit_js_u64_or_skip(kit_js_cursor *c, uint64_t *out);
bool kit_js_bool_or_skip(kit_js_cursor *c, bool *out);

/* Convenience: the key equals the literal. */
#define KIT_JS_KEY_IS(key, len, lit) ((len) == sizeof(lit) - 1 && memcmp((key), (lit), (len)) == 0)

#endif
