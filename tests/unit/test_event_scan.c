/* The event scanner (core/event_scan.c): it takes the plain form writers use, reads it exactly
 * as the json-c reader does, and leaves everything else to json-c, so that every message stays
 * json-c's. fuzz/fuzz_event_json.c checks the same property on arbitrary input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_fields.h"
#include "events.h"

/* The writer's own text of a fully populated event. */
static char *written(void)
{
    mosaic_event *e = test_full_event();
    char *json = mt_event_json(e, NULL);
    mosaic_event_free(e);
    assert_non_null(json);
    return json;
}

/* text with every occurrence of from replaced by to (malloc'd). */
static char *replaced(const char *text, const char *from, const char *to)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, from)); p += strlen(from))
        n++;
    char *out = malloc(strlen(text) + n * strlen(to) + 1), *w = out;
    const char *rest = text;
    for (const char *hit; (hit = strstr(rest, from)); rest = hit + strlen(from))
        w += sprintf(w, "%.*s%s", (int)(hit - rest), rest, to);
    strcpy(w, rest);
    return out;
}

static bool scanned(const char *text, mosaic_event *out)
{
    memset(out, 0, sizeof *out);
    return mt_event_scan(text, strlen(text), out);
}

/* The public reader and the json-c path alone agree on status, message and event. */
static void expect_same_as_tree(const char *text)
{
    mosaic_event *fast = NULL, *tree = NULL;
    char fast_err[256] = "", tree_err[256] = "";
    mosaic_status a = mosaic_event_from_json(text, &fast, fast_err, sizeof fast_err);
    mosaic_status b = mt_event_from_json_tree(text, &tree, tree_err, sizeof tree_err);
    assert_int_equal(a, b);
    assert_string_equal(fast_err, tree_err);
    if (a == MOSAIC_OK)
        assert_memory_equal(fast, tree, sizeof *fast);
    mosaic_event_free(fast);
    mosaic_event_free(tree);
}

static void expect_taken(const char *text)
{
    mosaic_event e;
    if (!scanned(text, &e))
        fail_msg("the scanner left a plain event to json-c: %.200s", text);
    expect_same_as_tree(text);
}

static void expect_left_to_json_c(const char *text)
{
    mosaic_event e;
    if (scanned(text, &e))
        fail_msg("the scanner took what it must leave to json-c: %.200s", text);
    expect_same_as_tree(text);
}

static void test_writers_text_is_taken(void **state)
{
    (void)state;
    char *json = written();
    expect_taken(json);
    char *line = replaced(json, "}", "}\n"); /* a spool or export line */
    expect_taken(line);
    free(line);
    free(json);
}

static void test_spaces_and_indentation_are_taken(void **state)
{
    (void)state;
    char *json = written();
    char *spaced = replaced(json, "\":", "\" : "); /* Python's json.dumps, a pretty printer */
    char *indented = replaced(spaced, ",\"", ",\n  \"");
    expect_taken(spaced);
    expect_taken(indented);
    free(indented);
    free(spaced);
    free(json);
}

static void test_any_field_order_is_taken(void **state)
{
    (void)state;
    char *json = written();
    char *rest = strchr(json, ',');
    /* the first member moved to the end */
    char *moved = malloc(strlen(json) + 2);
    sprintf(moved, "{%.*s,%.*s}", (int)(strlen(rest + 1) - 1), rest + 1, (int)(rest - json - 1),
            json + 1);
    expect_taken(moved);
    free(moved);
    free(json);
}

static void test_what_it_is_not_sure_of_goes_to_json_c(void **state)
{
    (void)state;
    char *json = written();
    const char *cases[][2] = {
        {"\"model\":\"", "\"model\":\"\\u0063"},                      /* an escape */
        {"\"model\":\"", "\"model\":\"\xc3\xa8"},                     /* non-ASCII */
        {"\"task_duration_ms\":", "\"task_duration_ms\":1e3,\"x\":"}, /* an exponent */
        {"\"retry_count\":", "\"retry_count\":-"},                    /* a sign */
        {"\"retry_count\":", "\"retry_count\":0"},                    /* a leading zero */
        {"\"retry_count\":", "\"retry_count\":99999999999999999999"}, /* 20 digits */
        {"\"retry_count\":", "\"retry_count\":1.5,\"r\":"},           /* a fraction */
        {"\"model\":", "\"model\":\"x\",\"model\":"},                 /* a duplicate */
        {"\"model\":", "\"modell\":\"x\",\"model\":"},                /* an unknown field */
        {"\"model\":", "\"model\":null,\"m\":"},                      /* null for a text */
        {"\"model\":\"", "\"model\":[\""},                            /* another type */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *text = replaced(json, cases[i][0], cases[i][1]);
        expect_left_to_json_c(text);
        free(text);
    }
    free(json);
}

static void test_broken_documents_go_to_json_c(void **state)
{
    (void)state;
    char *json = written();
    char *cut = strndup(json, strlen(json) / 2);
    char *garbage = replaced(json, "}", "}x");
    expect_left_to_json_c(cut);
    expect_left_to_json_c(garbage);
    expect_left_to_json_c("{}");
    expect_left_to_json_c("[]");
    expect_left_to_json_c("");
    free(garbage);
    free(cut);
    free(json);
}

/* Taken by the scanner but refused by the event's rules: the same message as json-c's path. */
static void test_rules_still_apply(void **state)
{
    (void)state;
    char *json = written();
    char *huge = replaced(json, "\"retry_count\":", "\"retry_count\":100000");
    char *bad_id = replaced(json, "\"event_id\":\"", "\"event_id\":\"X");
    expect_taken(huge);
    mosaic_event *e = NULL;
    char err[256];
    assert_int_equal(mosaic_event_from_json(huge, &e, err, sizeof err), MOSAIC_ERR_INVALID_EVENT);
    assert_non_null(strstr(err, "retry_count"));
    expect_same_as_tree(bad_id);
    free(bad_id);
    free(huge);
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writers_text_is_taken),
        cmocka_unit_test(test_spaces_and_indentation_are_taken),
        cmocka_unit_test(test_any_field_order_is_taken),
        cmocka_unit_test(test_what_it_is_not_sure_of_goes_to_json_c),
        cmocka_unit_test(test_broken_documents_go_to_json_c),
        cmocka_unit_test(test_rules_still_apply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
