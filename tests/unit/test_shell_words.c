/* The shell lexer (plugin/enrich/shell_words.h) on its own: how a command line is cut into
 * segments, and a segment into words. Every row is checked and every failing row is reported before
 * the test fails. A line's segments are written "[a ][ b]": each span in brackets, exactly as
 * returned, with '|' before the tail of a pipeline; a segment's words are written "[npm][test]". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "shell_words.h"

struct row {
    const char *input;
    const char *expected;
};

static void render_segments(const char *line, char *out, size_t size)
{
    struct mt_sh_segments it = {.s = line, .len = strlen(line)};
    const char *seg;
    size_t n, used = 0;
    bool tail;
    out[0] = '\0';
    while (mt_sh_next_segment(&it, &seg, &n, &tail) && used < size)
        used += (size_t)snprintf(out + used, size - used, "%s[%.*s]", tail ? "|" : "", (int)n, seg);
}

static void render_words(const char *segment, char *out, size_t size)
{
    struct mt_sh_words w = {.p = segment, .end = segment + strlen(segment)};
    size_t used = 0;
    out[0] = '\0';
    while (mt_sh_next_word(&w) && used < size)
        used += (size_t)snprintf(out + used, size - used, "[%s]", w.text);
}

static void check_rows(const struct row *rows, size_t n,
                       void (*render)(const char *, char *, size_t))
{
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        char got[1024];
        render(rows[i].input, got, sizeof got);
        if (strcmp(got, rows[i].expected) != 0) {
            print_error("'%s': expected %s, got %s\n", rows[i].input, rows[i].expected, got);
            failures++;
        }
    }
    if (failures)
        fail_msg("%d of %zu lines read wrongly", failures, n);
}

#define CHECK(rows, render) check_rows(rows, sizeof rows / sizeof *rows, render)

static void test_segments(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"", ""},
        {"cd web && npm ci && npm test", "[cd web ][ npm ci ][ npm test]"},
        {"a; b\nc || d & e", "[a][ b][c ][ d ][ e]"},
        {"pytest | tee log |& cat", "[pytest ]|[ tee log ]|[ cat]"},
        {"(cd x; make) || true", "[][cd x][ make][ ][ true]"},
        /* quotes, backquotes and $(...) do not cut */
        {"echo \"a && b\"; make", "[echo \"a && b\"][ make]"},
        {"echo 'a | b' && make", "[echo 'a | b' ][ make]"},
        {"echo `a && b` | x", "[echo `a && b` ]|[ x]"},
        {"echo $(make && (make test)) && lint", "[echo $(make && (make test)) ][ lint]"},
        {"echo 'never closed && x", "[echo 'never closed && x]"},
        {"echo \"a \\\" && b\"", "[echo \"a \\\" && b\"]"},
        /* a comment runs to the end of its line; '#' inside a word is no comment */
        {"npm test # && make\nlint", "[npm test # && make][lint]"},
        {"a#b && c", "[a#b ][ c]"},
        /* redirections are not separators */
        {"make 2>&1 && ls &>/dev/null & echo", "[make 2>&1 ][ ls &>/dev/null ][ echo]"},
        {"echo >| f && g", "[echo >| f ][ g]"},
        /* escapes: an escaped separator, a line continuation */
        {"a \\&& b", "[a \\&][ b]"},
        {"make \\\n test", "[make \\\n test]"},
        /* a here-document's body belongs to no segment */
        {"cat <<EOF\nnpm test\nEOF\nmake", "[cat <<EOF][make]"},
        {"cat <<-'END' > f\n\tpytest && x\n\tEND\nmake lint", "[cat <<-'END' > f][make lint]"},
        {"cat <<\"E\" | sh\nmake\nE", "[cat <<\"E\" ]|[ sh]"},
        {"cat <<EOF\nnever ends", "[cat <<EOF]"},
        {"cat <<<word && make", "[cat <<<word ][ make]"},
        {"cat <<<word\nmake\nword", "[cat <<<word][make][word]"}, /* a here-string has no body */
        {"cat <<<'a b'\nmake", "[cat <<<'a b'][make]"},
    };
    CHECK(rows, render_segments);
}

static void test_words(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"", ""},
        {"  npm \t test  ", "[npm][test]"},
        {"echo 'a b' \"c d\" e\\ f", "[echo][a b][c d][e f]"},
        {"echo \"a\\\"b\" 'c\\d'", "[echo][a\"b][c\\d]"},
        {"--name='x y'z", "[--name=x yz]"},
        {"a \\\n b", "[a][b]"},
        /* redirections and their targets are not words */
        {"make >log 2>&1 < in -j4 &>/dev/null", "[make][-j4]"},
        {"cat << EOF", "[cat]"},
        {"cmd 2> err arg", "[cmd][arg]"},
        {"cmd >", "[cmd]"},
    };
    CHECK(rows, render_words);
}

static void test_raw_word(void **state)
{
    (void)state;
    const char *seg = "bash -c 'cd x && pytest' next";
    struct mt_sh_words w = {.p = seg, .end = seg + strlen(seg)};
    for (int i = 0; i < 3; i++)
        assert_true(mt_sh_next_word(&w));
    assert_string_equal(w.text, "cd x && pytest");
    assert_int_equal(w.raw_len, 16);
    assert_memory_equal(w.raw, "'cd x && pytest'", 16);
}

static void test_long_word_is_cut(void **state)
{
    (void)state;
    char seg[MT_SH_WORD_MAX + 50];
    memset(seg, 'x', sizeof seg - 1);
    seg[sizeof seg - 1] = '\0';
    struct mt_sh_words w = {.p = seg, .end = seg + strlen(seg)};
    assert_true(mt_sh_next_word(&w));
    assert_int_equal(strlen(w.text), MT_SH_WORD_MAX - 1);
    assert_int_equal(w.raw_len, sizeof seg - 1);
    assert_false(mt_sh_next_word(&w));
}

static void test_next_arg(void **state)
{
    (void)state;
    const char *seg = "-C dir -v - -c test";
    struct mt_sh_words w = {.p = seg, .end = seg + strlen(seg)};
    assert_true(mt_sh_next_arg(&w, "-C"));
    assert_string_equal(w.text, "-");      /* standard input is an argument */
    assert_true(mt_sh_next_arg(&w, "-C")); /* -c is not -C: no value is skipped */
    assert_string_equal(w.text, "test");
    assert_false(mt_sh_next_arg(&w, "-C"));

    const char *cut = "-C";
    struct mt_sh_words v = {.p = cut, .end = cut + strlen(cut)};
    assert_false(mt_sh_next_arg(&v, "-C"));
}

static void test_lookahead(void **state)
{
    (void)state;
    const char *seg = "tox -e lint --Coverage --env=py";
    struct mt_sh_words w = {.p = seg, .end = seg + strlen(seg)};
    assert_true(mt_sh_next_word(&w));
    assert_true(mt_sh_any_word_in(w, "--help --coverage"));
    assert_false(mt_sh_any_word_in(w, "--help"));
    char value[MT_SH_WORD_MAX];
    assert_true(mt_sh_option_value(w, "-e", value));
    assert_string_equal(value, "lint");
    assert_true(mt_sh_option_value(w, "--env", value));
    assert_string_equal(value, "py");
    assert_false(mt_sh_option_value(w, "-E", value)); /* option names are compared exactly */
    assert_string_equal(w.text, "tox");               /* the copies moved, not the cursor */

    const char *missing = "tox -e";
    struct mt_sh_words m = {.p = missing, .end = missing + strlen(missing)};
    assert_false(mt_sh_option_value(m, "-e", value));
}

static void test_assignment(void **state)
{
    (void)state;
    assert_true(mt_sh_is_assignment("CI=1"));
    assert_true(mt_sh_is_assignment("_x9="));
    assert_true(mt_sh_is_assignment("CC=a=b"));
    assert_false(mt_sh_is_assignment("9X=1"));
    assert_false(mt_sh_is_assignment("A-B=1"));
    assert_false(mt_sh_is_assignment("=x"));
    assert_false(mt_sh_is_assignment("make"));
    assert_false(mt_sh_is_assignment(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_segments),   cmocka_unit_test(test_words),
        cmocka_unit_test(test_raw_word),   cmocka_unit_test(test_long_word_is_cut),
        cmocka_unit_test(test_next_arg),   cmocka_unit_test(test_lookahead),
        cmocka_unit_test(test_assignment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
