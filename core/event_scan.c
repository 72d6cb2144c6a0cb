/* The event read straight from its text (event_fields.h, mt_event_scan): every event the spool,
 * the history and `history import` read was written by a writer of the plain form, and building
 * a json-c tree for each cost more than everything else about reading it. The scanner takes
 * only what it is sure of and leaves the rest to json-c, so the two can never disagree on what
 * is valid: fuzz/fuzz_event_json.c checks that whatever it takes, json-c reads the same. */
#include <string.h>

#include "event_fields.h"

#define MAX_DIGITS         19 /* below 10^19: fits a uint64 without overflow checks */
#define MAX_DECIMAL_DIGITS 15 /* below 2^53: exact in a double */
#define MAX_GATES          16

typedef struct scan {
    const char *p, *end;
} scan;

static void skip_blanks(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

/* The next byte after blanks, consumed when it is `want`. */
static bool take(scan *s, char want)
{
    skip_blanks(s);
    if (s->p == s->end || *s->p != want)
        return false;
    s->p++;
    return true;
}

/* A string of printable ASCII without escapes: its bytes in place (without quotes). */
static bool plain_string(scan *s, const char **text, size_t *len)
{
    if (!take(s, '"'))
        return false;
    const char *start = s->p;
    while (s->p < s->end && *s->p != '"') {
        unsigned char c = (unsigned char)*s->p;
        if (c < 0x20 || c >= 0x7f || c == '\\')
            return false;
        s->p++;
    }
    if (s->p == s->end)
        return false;
    *text = start;
    *len = (size_t)(s->p++ - start);
    return true;
}

/* A literal word (true, false, null) at the cursor. */
static bool word(scan *s, const char *w)
{
    skip_blanks(s);
    size_t len = strlen(w);
    if ((size_t)(s->end - s->p) < len || memcmp(s->p, w, len) != 0)
        return false;
    s->p += len;
    return true;
}

/* Digits without a leading zero (but "0"), at most MAX_DIGITS; not followed by a fraction or
 * an exponent. */
static bool whole_number(scan *s, uint64_t *out)
{
    skip_blanks(s);
    const char *start = s->p;
    uint64_t value = 0;
    while (s->p < s->end && *s->p >= '0' && *s->p <= '9' && s->p - start < MAX_DIGITS)
        value = value * 10 + (uint64_t)(*s->p++ - '0');
    size_t n = (size_t)(s->p - start);
    if (n == 0 || (n > 1 && *start == '0'))
        return false;
    if (s->p < s->end &&
        ((*s->p >= '0' && *s->p <= '9') || *s->p == '.' || *s->p == 'e' || *s->p == 'E'))
        return false;
    *out = value;
    return true;
}

/* digits[.digits] with at most 15 digits in all: m / 10^k of exact integers, which IEEE
 * division rounds as correctly as strtod rounds the decimal text (and with no locale to
 * mistake the point for another character). Longer ones are left to json-c. */
static bool decimal(scan *s, double *out)
{
    static const double POW10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    skip_blanks(s);
    const char *start = s->p;
    uint64_t m = 0;
    int digits = 0, decimals = -1; /* -1: no point yet */
    for (; s->p < s->end; s->p++) {
        if (*s->p == '.' && decimals < 0 && digits > 0)
            decimals = 0;
        else if (*s->p >= '0' && *s->p <= '9' && digits < MAX_DECIMAL_DIGITS)
            m = m * 10 + (uint64_t)(*s->p - '0'), digits++, decimals += decimals >= 0;
        else
            break;
    }
    bool leading_zero = *start == '0' && digits > 1 && decimals != digits - 1;
    if (digits == 0 || decimals == 0 || leading_zero ||
        (s->p < s->end &&
         ((*s->p >= '0' && *s->p <= '9') || *s->p == '.' || *s->p == 'e' || *s->p == 'E')))
        return false;
    *out = (double)m / POW10[decimals > 0 ? decimals : 0];
    return true;
}

static bool bool_value(scan *s, bool *out)
{
    *out = word(s, "true");
    return *out || word(s, "false");
}

/* A string naming one of table's values. */
static bool enum_value(scan *s, const mt_enum_table *table, int *out)
{
    const char *text;
    size_t len;
    char name[64];
    if (!plain_string(s, &text, &len) || len >= sizeof name)
        return false;
    memcpy(name, text, len);
    name[len] = '\0';
    *out = mt_enum_parse(table, name);
    return *out >= 0;
}

static bool text_value(scan *s, const mt_event_field *f, mosaic_event *e)
{
    const char *text;
    size_t len;
    if (!plain_string(s, &text, &len) || len >= f->size ||
        (f->kind == MT_FIELD_NULLABLE_TEXT && len == 0))
        return false;
    char *slot = MT_FIELD_SLOT(e, f, char);
    memcpy(slot, text, len);
    slot[len] = '\0';
    return true;
}

static bool gates_value(scan *s, const mt_event_field *f, mosaic_event *e)
{
    mosaic_quality_gate gates[MAX_GATES];
    size_t n = 0;
    if (!take(s, '['))
        return false;
    if (!take(s, ']')) {
        do {
            int gate;
            if (n == MAX_GATES || !enum_value(s, &mt_quality_gate_table, &gate))
                return false;
            gates[n++] = (mosaic_quality_gate)gate;
        } while (take(s, ','));
        if (!take(s, ']'))
            return false;
    }
    char unused[8];
    return mt_gates_to_mask(f->name, gates, n, MT_FIELD_SLOT(e, f, uint8_t), unused, sizeof unused);
}

static bool schema_value(scan *s)
{
    const char *text;
    size_t len;
    return plain_string(s, &text, &len) && len == strlen(MOSAIC_SCHEMA_VERSION) &&
           memcmp(text, MOSAIC_SCHEMA_VERSION, len) == 0;
}

static bool null_value(scan *s, const mt_event_field *f, mosaic_event *e)
{
    if (f->kind == MT_FIELD_NULLABLE_TEXT)
        *MT_FIELD_SLOT(e, f, char) = '\0';
    else if (f->kind == MT_FIELD_NULLABLE_ENUM)
        *MT_FIELD_SLOT(e, f, int) = MT_REPO_SIZE_NULL;
    else
        return false;
    return word(s, "null");
}

static bool field_value(scan *s, const mt_event_field *f, mosaic_event *e)
{
    skip_blanks(s);
    if (s->p < s->end && *s->p == 'n')
        return null_value(s, f, e);
    uint64_t number;
    switch (f->kind) {
    case MT_FIELD_TEXT:
    case MT_FIELD_NULLABLE_TEXT: return text_value(s, f, e);
    case MT_FIELD_SCHEMA: return schema_value(s);
    case MT_FIELD_U64: return whole_number(s, MT_FIELD_SLOT(e, f, uint64_t));
    case MT_FIELD_U32:
        if (!whole_number(s, &number))
            return false;
        *MT_FIELD_SLOT(e, f, uint32_t) = mt_field_u32(number);
        return true;
    case MT_FIELD_ENUM:
    case MT_FIELD_NULLABLE_ENUM: return enum_value(s, f->table, MT_FIELD_SLOT(e, f, int));
    case MT_FIELD_BOOL: return bool_value(s, MT_FIELD_SLOT(e, f, bool));
    case MT_FIELD_GATES: return gates_value(s, f, e);
    case MT_FIELD_DOUBLE: return decimal(s, MT_FIELD_SLOT(e, f, double));
    }
    return false;
}

/* The field a key names; writers keep wire order, so the one after the last is tried first. */
static int field_index(const char *key, size_t len, int expected)
{
    for (int tried = 0; tried < MT_EVENT_FIELD_COUNT; tried++) {
        int i = (expected + tried) % MT_EVENT_FIELD_COUNT;
        const char *name = mt_event_fields[i].name;
        if (strncmp(name, key, len) == 0 && name[len] == '\0')
            return i;
    }
    return -1;
}

bool mt_event_scan(const char *text, size_t len, mosaic_event *event)
{
    scan s = {text, text + len};
    uint32_t seen = 0;
    int next = 0;
    if (!take(&s, '{'))
        return false;
    do {
        const char *key;
        size_t key_len;
        if (!plain_string(&s, &key, &key_len) || !take(&s, ':'))
            return false;
        int i = field_index(key, key_len, next);
        if (i < 0 || (seen & (1u << i)) || !field_value(&s, &mt_event_fields[i], event))
            return false;
        seen |= 1u << i;
        next = i + 1;
    } while (take(&s, ','));
    if (!take(&s, '}'))
        return false;
    skip_blanks(&s);
    return s.p == s.end && seen == (1u << MT_EVENT_FIELD_COUNT) - 1;
}
