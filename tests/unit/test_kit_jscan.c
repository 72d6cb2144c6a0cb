/* The in-place JSON reader (adapters/kit/jscan.h): keys, skipping at any depth, strings decoded
 * and cut on a character boundary, the rules for whole numbers, and malformed or cut input. Every
 * input is copied into a buffer of exactly its length, without a NUL after it, so that a read
 * past `end` is a read past the allocation (which the sanitizer build reports). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "jscan.h"

/* text copied to a buffer of exactly its length; free(c.p) when done (before any move). */
typedef struct input {
    char *buf;
    kit_js_cursor c;
} input;

static input input_of(const char *text, size_t len)
{
    input in = {malloc(len ? len : 1), {NULL, NULL}};
    assert_non_null(in.buf);
    memcpy(in.buf, text, len);
    in.c = (kit_js_cursor){in.buf, in.buf + len};
    return in;
}

static input input_str(const char *text)
{
    return input_of(text, strlen(text));
}

/* The offset of the cursor in its input. */
static size_t at(const input *in)
{
    return (size_t)(in->c.p - in->buf);
}

/* ---- keys and skipping ---------------------------------------------------------------------- */

static void keys_come_in_order_and_values_are_skipped_at_any_depth(void **state)
{
    (void)state;
    input in = input_str(" { \"a\" : 1 , \"b\":{\"c\":[1,{\"d\":\"}]\"}],\"e\":\"x\\\"}\"},"
                         "\"f\\\"g\": true, \"h\": null}  ");
    const char *key;
    size_t n;
    assert_true(kit_js_enter(&in.c));
    assert_int_equal(kit_js_next_key(&in.c, &key, &n), 1);
    assert_true(KIT_JS_KEY_IS(key, n, "a"));
    assert_true(kit_js_skip(&in.c));
    assert_int_equal(kit_js_next_key(&in.c, &key, &n), 1);
    assert_true(KIT_JS_KEY_IS(key, n, "b"));
    assert_true(kit_js_skip(&in.c)); /* brackets and quotes inside strings do not count */
    assert_int_equal(kit_js_next_key(&in.c, &key, &n), 1);
    assert_true(KIT_JS_KEY_IS(key, n, "f\\\"g")); /* raw: the escape is left as it is */
    assert_true(kit_js_skip(&in.c));
    assert_int_equal(kit_js_next_key(&in.c, &key, &n), 1);
    assert_true(KIT_JS_KEY_IS(key, n, "h"));
    assert_true(kit_js_skip(&in.c));
    assert_int_equal(kit_js_next_key(&in.c, &key, &n), 0);
    assert_int_equal(kit_js_peek(&in.c), 0); /* past the '}', only blanks were left */
    assert_ptr_equal(in.c.p, in.c.end);
    free(in.buf);
}

static void a_skip_stops_right_after_the_value(void **state)
{
    (void)state;
    input in = input_str("[1, \"]\", {\"k\": [[]]}, null] , 2");
    assert_true(kit_js_skip(&in.c));
    assert_int_equal(at(&in), 27);
    assert_int_equal(kit_js_peek(&in.c), ',');
    free(in.buf);
    in = input_str("-12.5e3}");
    assert_true(kit_js_skip(&in.c));
    assert_int_equal(at(&in), 7);
    free(in.buf);
}

static void nesting_deeper_than_the_limit_is_malformed(void **state)
{
    (void)state;
    char deep[2 * 513];
    for (int depth = 512; depth <= 513; depth++) {
        memset(deep, '[', (size_t)depth);
        memset(deep + depth, ']', (size_t)depth);
        input in = input_of(deep, 2 * (size_t)depth);
        if (depth == 512)
            assert_true(kit_js_skip(&in.c));
        else
            assert_false(kit_js_skip(&in.c));
        free(in.buf);
    }
}

/* ---- strings -------------------------------------------------------------------------------- */

/* The string value of text decoded into a buffer of cap bytes; the cursor must end after it. */
static void assert_decodes(const char *text, size_t cap, const char *expected)
{
    input in = input_str(text);
    char *buf = malloc(cap);
    assert_non_null(buf);
    assert_true(kit_js_string(&in.c, buf, cap));
    assert_string_equal(buf, expected);
    assert_int_equal(kit_js_peek(&in.c), ','); /* consumed whole, however much was kept */
    free(buf);
    free(in.buf);
}

static void escapes_are_decoded(void **state)
{
    (void)state;
    assert_decodes("\"plain\",", 64, "plain");
    assert_decodes("\"\",", 64, "");
    assert_decodes("\"q\\\"b\\\\s\\/n\\nt\\tr\\rb\\bf\\f\",", 64, "q\"b\\s/n\nt\tr\rb\bf\f");
    assert_decodes("\"\\u0041\\u00e9\\u20ac\",", 64, "A\xc3\xa9\xe2\x82\xac");
    assert_decodes("\"\\ud83d\\ude00!\",", 64, "\xf0\x9f\x98\x80!"); /* a surrogate pair */
    assert_decodes("\"\\ud800x\",", 64, "\xef\xbf\xbdx");            /* unpaired: U+FFFD */
    assert_decodes("\"\\ude00\",", 64, "\xef\xbf\xbd");
    assert_decodes("\"\\u12G4\",", 64,
                   "\xef\xbf\xbd"
                   "12G4");                                /* not hex */
    assert_decodes("\"caf\xc3\xa9\",", 64, "caf\xc3\xa9"); /* UTF-8 is passed through */
}

static void a_long_string_is_cut_on_a_character_boundary(void **state)
{
    (void)state;
    assert_decodes("\"hello world\",", 6, "hello");
    assert_decodes("\"hello\",", 6, "hello"); /* exactly fits */
    assert_decodes("\"h\xc3\xa9llo\",", 3, "h");
    assert_decodes("\"h\xc3\xa9llo\",", 4, "h\xc3\xa9");
    assert_decodes("\"ab\\ncd\",", 4, "ab\n");
    assert_decodes("\"\\u00e9\\u00e9\",", 4, "\xc3\xa9");
    assert_decodes("\"a\\ud83d\\ude00\",", 4, "a");
    assert_decodes("\"a\\ud83d\\ude00\",", 6, "a\xf0\x9f\x98\x80");
    assert_decodes("\"abc\",", 1, "");
}

static void a_raw_string_is_the_bytes_between_the_quotes(void **state)
{
    (void)state;
    input in = input_str("  \"id\\u0041\\\"x\" ,");
    const char *s;
    size_t len;
    assert_true(kit_js_raw_string(&in.c, &s, &len));
    assert_int_equal(len, 11);
    assert_memory_equal(s, "id\\u0041\\\"x", 11);
    assert_int_equal(kit_js_peek(&in.c), ',');
    free(in.buf);
    in = input_str("42");
    char buf[8];
    assert_false(kit_js_raw_string(&in.c, &s, &len));
    assert_false(kit_js_string(&in.c, buf, sizeof buf));
    assert_int_equal(at(&in), 0); /* not a string: nothing consumed */
    free(in.buf);
}

/* ---- numbers and booleans ------------------------------------------------------------------- */

/* kit_js_u64 on text: its answer and value, and where the cursor ends. */
static void assert_u64(const char *text, bool ok, uint64_t value, size_t end)
{
    input in = input_str(text);
    uint64_t out = 12345;
    assert_int_equal(kit_js_u64(&in.c, &out), ok);
    if (ok)
        assert_int_equal(out, value);
    assert_int_equal(at(&in), end);
    free(in.buf);
}

static void whole_numbers_are_read_and_others_are_zero(void **state)
{
    (void)state;
    assert_u64("0,", true, 0, 1);
    assert_u64(" 1234}", true, 1234, 5);
    assert_u64("18446744073709551615,", true, UINT64_MAX, 20);
    assert_u64("18446744073709551616,", true, 0, 20); /* out of range */
    assert_u64("99999999999999999999999,", true, 0, 23);
    assert_u64("-5,", true, 0, 2);
    assert_u64("1.5,", true, 0, 3);
    assert_u64("2e3]", true, 0, 3);
    assert_u64("7", true, 7, 1); /* at the very end of the input */
    assert_u64("\"5\",", false, 0, 0);
    assert_u64("null,", false, 0, 0);
    assert_u64("", false, 0, 0);
}

static void booleans_are_true_or_false_and_nothing_else(void **state)
{
    (void)state;
    const char *const texts[] = {"true,", "false}", "tru", "fals", "null", "\"true\""};
    const bool ok[] = {true, true, false, false, false, false};
    const size_t end[] = {4, 5, 0, 0, 0, 0};
    for (size_t i = 0; i < 6; i++) {
        input in = input_str(texts[i]);
        bool value = !ok[i];
        assert_int_equal(kit_js_bool(&in.c, &value), ok[i]);
        if (ok[i])
            assert_int_equal(value, i == 0);
        assert_int_equal(at(&in), end[i]);
        free(in.buf);
    }
}

/* ---- malformed and cut input ---------------------------------------------------------------- */

/* The keys of the object at the cursor until it ends (0) or something is malformed (-1). */
static int keys_until_end(const char *text)
{
    input in = input_str(text);
    const char *key;
    size_t n;
    int more = kit_js_enter(&in.c) ? 1 : -1;
    while (more == 1 && (more = kit_js_next_key(&in.c, &key, &n)) == 1)
        if (!kit_js_skip(&in.c))
            more = -1;
    free(in.buf);
    return more;
}

static void malformed_objects_are_reported(void **state)
{
    (void)state;
    assert_int_equal(keys_until_end("{}"), 0);
    assert_int_equal(keys_until_end("{\"a\":1,\"b\":[2]}"), 0);
    assert_int_equal(keys_until_end("[1]"), -1);          /* not an object */
    assert_int_equal(keys_until_end("{\"a\" 1}"), -1);    /* no colon */
    assert_int_equal(keys_until_end("{a:1}"), -1);        /* an unquoted key */
    assert_int_equal(keys_until_end("{\"a\":1"), -1);     /* no end */
    assert_int_equal(keys_until_end("{\"a\":}"), -1);     /* no value */
    assert_int_equal(keys_until_end("{\"a\":[1,2}"), -1); /* an array never closed */
    assert_int_equal(keys_until_end("{\"a\":\"b}"), -1);  /* a string never closed */
    assert_int_equal(keys_until_end("{\"a\\\":1}"), -1);  /* the key's quote is escaped */
    assert_int_equal(keys_until_end(""), -1);
}

/* A reader of the document below, field by field as an adapter reads one: true when the whole
 * object was read. */
static bool read_object(kit_js_cursor *c)
{
    if (!kit_js_enter(c))
        return false;
    const char *key;
    size_t n;
    int more;
    while ((more = kit_js_next_key(c, &key, &n)) == 1) {
        char text[16];
        uint64_t number;
        bool flag, ok;
        if (KIT_JS_KEY_IS(key, n, "s"))
            ok = kit_js_string(c, text, sizeof text);
        else if (KIT_JS_KEY_IS(key, n, "n"))
            ok = kit_js_u64(c, &number);
        else if (KIT_JS_KEY_IS(key, n, "b"))
            ok = kit_js_bool(c, &flag);
        else if (KIT_JS_KEY_IS(key, n, "o"))
            ok = read_object(c);
        else
            ok = kit_js_skip(c);
        if (!ok)
            return false;
    }
    return more == 0;
}

static const char DOCUMENT[] =
    "{\"s\":\"a\\u00e9\\\"\\\\b\\ud83d\\ude00 long enough to be cut\",\"n\":12345,\"b\":true,"
    "\"o\":{\"s\":\"x\",\"n\":-1,\"z\":[1,{\"k\":\"]\"},null,false],\"b\":false},"
    "\"raw\":\"q\\\"r\",\"e\":{}}";

static void every_cut_of_a_document_is_malformed_and_read_in_bounds(void **state)
{
    (void)state;
    size_t len = strlen(DOCUMENT);
    input whole = input_of(DOCUMENT, len);
    assert_true(read_object(&whole.c));
    assert_ptr_equal(whole.c.p, whole.c.end);
    free(whole.buf);
    for (size_t cut = 0; cut < len; cut++) {
        input in = input_of(DOCUMENT, cut);
        if (read_object(&in.c))
            fail_msg("the first %zu bytes read as a whole object", cut);
        assert_true(in.c.p >= in.buf && in.c.p <= in.c.end);
        free(in.buf);
    }
}

/* ---- walking members ------------------------------------------------------------------------ */

typedef struct picked {
    char name[16];
    uint64_t n;
    bool flag;
    int calls;
} picked;

static bool pick(kit_js_cursor *c, const char *key, size_t len, void *user)
{
    picked *p = user;
    p->calls++;
    if (KIT_JS_KEY_IS(key, len, "name"))
        return kit_js_string_or_skip(c, p->name, sizeof p->name);
    if (KIT_JS_KEY_IS(key, len, "n"))
        return kit_js_u64_or_skip(c, &p->n);
    if (KIT_JS_KEY_IS(key, len, "flag"))
        return kit_js_bool_or_skip(c, &p->flag);
    return kit_js_skip(c);
}

static void members_are_walked_and_wrong_types_read_as_absent(void **state)
{
    (void)state;
    input in = input_str("{\"name\":\"x\",\"n\":\"7\",\"skip\":{\"a\":[1]},\"flag\":true} tail");
    picked p = {.n = 99};
    assert_true(kit_js_each_member(&in.c, pick, &p));
    assert_string_equal(p.name, "x");
    assert_int_equal(p.n, 99); /* a string where a number belongs: skipped, not read */
    assert_true(p.flag);
    assert_int_equal(p.calls, 4);
    assert_int_equal(at(&in),
                     strlen("{\"name\":\"x\",\"n\":\"7\",\"skip\":{\"a\":[1]},\"flag\":true}"));
    free(in.buf);

    in = input_str("[1, 2]");
    p = (picked){0};
    assert_true(kit_js_each_member(&in.c, pick, &p)); /* not an object: skipped whole */
    assert_int_equal(p.calls, 0);
    assert_int_equal(at(&in), 6);
    free(in.buf);

    in = input_str("{\"name\":\"x\",\"n\":");
    assert_false(kit_js_each_member(&in.c, pick, &p)); /* cut short */
    free(in.buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keys_come_in_order_and_values_are_skipped_at_any_depth),
        cmocka_unit_test(a_skip_stops_right_after_the_value),
        cmocka_unit_test(nesting_deeper_than_the_limit_is_malformed),
        cmocka_unit_test(escapes_are_decoded),
        cmocka_unit_test(a_long_string_is_cut_on_a_character_boundary),
        cmocka_unit_test(a_raw_string_is_the_bytes_between_the_quotes),
        cmocka_unit_test(whole_numbers_are_read_and_others_are_zero),
        cmocka_unit_test(booleans_are_true_or_false_and_nothing_else),
        cmocka_unit_test(malformed_objects_are_reported),
        cmocka_unit_test(every_cut_of_a_document_is_malformed_and_read_in_bounds),
        cmocka_unit_test(members_are_walked_and_wrong_types_read_as_absent),
    };
    return cmocka_run_group_tests_name("unit/kit_jscan", tests, NULL, NULL);
}
