/* The in-place JSON reader (see jscan.h). Strings are skipped with memchr, which is what makes a
 * transcript line of megabytes of file content cheap to step over. */
#include "jscan.h"

#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 512 /* deeper nesting is treated as malformed */

static void skip_blanks(kit_js_cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

char kit_js_peek(kit_js_cursor *c)
{
    skip_blanks(c);
    return c->p < c->end ? *c->p : 0;
}

/* The closing quote of the string whose content starts at p, or NULL when it is cut short. A
 * quote preceded by an odd run of backslashes is escaped. */
static const char *string_end(const char *p, const char *end)
{
    const char *start = p;
    while (p < end) {
        const char *q = memchr(p, '"', (size_t)(end - p));
        if (!q)
            return NULL;
        const char *b = q;
        while (b > start && b[-1] == '\\')
            b--;
        if ((q - b) % 2 == 0)
            return q;
        p = q + 1;
    }
    return NULL;
}

static bool skip_string(kit_js_cursor *c)
{
    const char *q = string_end(c->p + 1, c->end);
    if (!q)
        return false;
    c->p = q + 1;
    return true;
}

/* Objects and arrays: brackets are counted, strings stepped over. */
static bool skip_container(kit_js_cursor *c)
{
    int depth = 0;
    while (c->p < c->end) {
        char ch = *c->p;
        if (ch == '"') {
            if (!skip_string(c))
                return false;
            continue;
        }
        if (ch == '{' || ch == '[') {
            if (++depth > MAX_DEPTH)
                return false;
        } else if (ch == '}' || ch == ']') {
            if (--depth == 0) {
                c->p++;
                return true;
            }
        }
        c->p++;
    }
    return false;
}

/* Numbers, true, false, null: the bytes up to the next delimiter. */
static bool skip_scalar(kit_js_cursor *c)
{
    const char *start = c->p;
    while (c->p < c->end && !strchr(",}] \t\r\n", *c->p))
        c->p++;
    return c->p > start;
}

bool kit_js_skip(kit_js_cursor *c)
{
    char ch = kit_js_peek(c);
    if (ch == '"')
        return skip_string(c);
    if (ch == '{' || ch == '[')
        return skip_container(c);
    return ch != 0 && skip_scalar(c);
}

bool kit_js_enter(kit_js_cursor *c)
{
    if (kit_js_peek(c) != '{')
        return false;
    c->p++;
    return true;
}

int kit_js_next_key(kit_js_cursor *c, const char **key, size_t *key_len)
{
    char ch = kit_js_peek(c);
    if (ch == ',')
        c->p++, ch = kit_js_peek(c);
    if (ch == '}') {
        c->p++;
        return 0;
    }
    if (ch != '"')
        return -1;
    const char *q = string_end(c->p + 1, c->end);
    if (!q)
        return -1;
    *key = c->p + 1;
    *key_len = (size_t)(q - *key);
    c->p = q + 1;
    if (kit_js_peek(c) != ':')
        return -1;
    c->p++;
    return 1;
}

bool kit_js_raw_string(kit_js_cursor *c, const char **s, size_t *len)
{
    if (kit_js_peek(c) != '"')
        return false;
    const char *q = string_end(c->p + 1, c->end);
    if (!q)
        return false;
    *s = c->p + 1;
    *len = (size_t)(q - *s);
    c->p = q + 1;
    return true;
}

static int hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Four hex digits at p (p + 4 <= end checked by the caller); -1 when not hex. */
static long hex4(const char *p)
{
    long value = 0;
    for (int i = 0; i < 4; i++) {
        int d = hex_digit(p[i]);
        if (d < 0)
            return -1;
        value = value * 16 + d;
    }
    return value;
}

/* Appends bytes while they fit (cap - 1 leaves room for the NUL). */
typedef struct out_buf {
    char *buf;
    size_t cap, len;
    bool full;
} out_buf;

/* What does not fit is cut, not dropped whole: the run between two escapes can be the entire
 * string. A character cut in two is trimmed afterwards (trim_partial_utf8). */
static void put(out_buf *o, const char *bytes, size_t n)
{
    size_t room = o->full ? 0 : o->cap - 1 - o->len;
    if (n > room) {
        n = room;
        o->full = true;
    }
    memcpy(o->buf + o->len, bytes, n);
    o->len += n;
}

static void put_code_point(out_buf *o, unsigned long cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6)), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12)), b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18)), b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    }
    put(o, b, n);
}

/* A \u escape at p (just after the 'u'), with its low surrogate when it is a high one; returns
 * the bytes consumed after the 'u'. Unpaired surrogates become U+FFFD. */
static size_t put_unicode_escape(out_buf *o, const char *p, const char *end)
{
    long hi = end - p >= 4 ? hex4(p) : -1;
    if (hi < 0) {
        put_code_point(o, 0xFFFD);
        return 0;
    }
    if (hi >= 0xD800 && hi <= 0xDBFF && end - p >= 10 && p[4] == '\\' && p[5] == 'u') {
        long lo = hex4(p + 6);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            put_code_point(o, 0x10000 + (((unsigned long)hi - 0xD800) << 10) +
                                  ((unsigned long)lo - 0xDC00));
            return 10;
        }
    }
    put_code_point(o, hi >= 0xD800 && hi <= 0xDFFF ? 0xFFFD : (unsigned long)hi);
    return 4;
}

static char simple_escape(char ch)
{
    switch (ch) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'b': return '\b';
    case 'f': return '\f';
    default: return ch; /* '"', '\\', '/' and anything unknown stand for themselves */
    }
}

/* Drops a UTF-8 sequence that truncation cut in two. */
static void trim_partial_utf8(out_buf *o)
{
    size_t i = o->len, back = 0;
    while (i > 0 && back < 4 && ((unsigned char)o->buf[i - 1] & 0xC0) == 0x80)
        i--, back++;
    if (i == 0 || ((unsigned char)o->buf[i - 1] & 0x80) == 0)
        return;
    unsigned char lead = (unsigned char)o->buf[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (back + 1 < need)
        o->len = i - 1;
}

bool kit_js_string(kit_js_cursor *c, char *buf, size_t cap)
{
    const char *s;
    size_t len;
    if (cap == 0 || !kit_js_raw_string(c, &s, &len))
        return false;
    out_buf o = {buf, cap, 0, false};
    const char *p = s, *end = s + len;
    while (p < end && !o.full) {
        const char *slash = memchr(p, '\\', (size_t)(end - p));
        const char *stop = slash ? slash : end;
        put(&o, p, (size_t)(stop - p));
        if (!slash || o.full)
            break;
        p = slash + 1;
        if (p >= end)
            break;
        if (*p == 'u') {
            p += 1 + put_unicode_escape(&o, p + 1, end);
        } else {
            char ch = simple_escape(*p++);
            put(&o, &ch, 1);
        }
    }
    if (o.full)
        trim_partial_utf8(&o);
    buf[o.len] = '\0';
    return true;
}

bool kit_js_u64(kit_js_cursor *c, uint64_t *out)
{
    char ch = kit_js_peek(c);
    if (ch != '-' && (ch < '0' || ch > '9'))
        return false;
    const char *start = c->p;
    uint64_t value = 0;
    bool valid = ch != '-';
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        unsigned digit = (unsigned)(*c->p - '0');
        if (value > (UINT64_MAX - digit) / 10)
            valid = false;
        value = value * 10 + digit;
        c->p++;
    }
    if (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E'))
        valid = false;
    c->p = start;
    skip_scalar(c);
    *out = valid ? value : 0;
    return true;
}

bool kit_js_bool(kit_js_cursor *c, bool *out)
{
    char ch = kit_js_peek(c);
    size_t left = (size_t)(c->end - c->p);
    if (ch == 't' && left >= 4 && memcmp(c->p, "true", 4) == 0) {
        c->p += 4;
        *out = true;
        return true;
    }
    if (ch == 'f' && left >= 5 && memcmp(c->p, "false", 5) == 0) {
        c->p += 5;
        *out = false;
        return true;
    }
    return false;
}

bool kit_js_string_or_skip(kit_js_cursor *c, char *buf, size_t cap)
{
    return kit_js_string(c, buf, cap) || kit_js_skip(c);
}

bool kit_js_u64_or_skip(kit_js_cursor *c, uint64_t *out)
{
    return kit_js_u64(c, out) || kit_js_skip(c);
}

bool kit_js_bool_or_skip(kit_js_cursor *c, bool *out)
{
    return kit_js_bool(c, out) || kit_js_skip(c);
}

bool kit_js_parse_object(const char *what, const char *text, size_t len, kit_js_member_fn fn,
                         void *user, char *err, size_t errlen)
{
    kit_js_cursor c = {text, text + len};
    if (kit_js_peek(&c) != '{') {
        snprintf(err, errlen, "%s is not a JSON object", what);
        return false;
    }
    if (!kit_js_each_member(&c, fn, user) || kit_js_peek(&c) != 0) {
        snprintf(err, errlen, "%s is not a well-formed JSON object", what);
        return false;
    }
    return true;
}
