/* Reading a file of lines from a saved position (adapters/kit/line_reader.h): complete lines
 * only, each once, and back to the start when the file was truncated or another file took its
 * name. A real file in a fresh directory per test. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "line_reader.h"
#include "temp_dir.h"

typedef struct fixture {
    char dir[TEMP_DIR_PATH_MAX];
    char path[TEMP_DIR_PATH_MAX]; /* <dir>/transcript.jsonl, not made */
} fixture;

static int setup(void **state)
{
    fixture *f = temp_fixture_new(sizeof *f, "kit-lines");
    if (!f)
        return -1;
    temp_path(f->path, f->dir, "transcript.jsonl");
    kit_read_budget_set(KIT_FOREGROUND_READ_BYTES); /* the budget is the process's: start afresh */
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    return temp_fixture_free(*state);
}

/* The lines a read delivered, joined with '|', and their lengths. */
typedef struct seen_lines {
    char text[1024];
    size_t n, lengths[8];
} seen_lines;

static void collect(const char *line, size_t len, void *user)
{
    seen_lines *s = user;
    if (s->n < 8)
        s->lengths[s->n] = len;
    size_t used = strlen(s->text), shown = len < 64 ? len : 64; /* a huge line shows its head */
    if (used + shown + 2 < sizeof s->text) {
        if (s->n)
            s->text[used++] = '|';
        memcpy(s->text + used, line, shown);
        s->text[used + shown] = '\0';
    }
    s->n++;
}

/* Reads from pos; fails the test when the read fails. */
static seen_lines read_from(const fixture *f, kit_file_pos *pos, uint64_t *bytes_read)
{
    seen_lines lines = {.n = 0};
    char err[512] = "";
    if (!kit_read_lines("the transcript", f->path, pos, collect, &lines, bytes_read, err,
                        sizeof err))
        fail_msg("read: %s", err);
    return lines;
}

static uint64_t identity_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return kit_file_identity((uint64_t)st.st_dev, (uint64_t)st.st_ino);
}

static void only_complete_lines_are_delivered(void **state)
{
    fixture *f = *state;
    assert_true(file_put_str(f->path, "one\n\ntwo\nthr"));
    kit_file_pos pos = {0, 0};
    uint64_t bytes = 0;
    seen_lines lines = read_from(f, &pos, &bytes);
    assert_string_equal(lines.text, "one||two"); /* an empty line is a line */
    assert_int_equal(lines.n, 3);
    assert_int_equal(pos.offset, 9); /* after the last newline */
    assert_int_equal(bytes, 12);     /* the partial line was scanned too */
    assert_int_equal(pos.inode, identity_of(f->path));
}

static void appended_lines_are_delivered_once_and_a_partial_line_whole(void **state)
{
    fixture *f = *state;
    assert_true(file_put_str(f->path, "one\ntw"));
    kit_file_pos pos = {0, 0};
    uint64_t bytes = 0;
    assert_string_equal(read_from(f, &pos, &bytes).text, "one");
    assert_int_equal(pos.offset, 4);
    assert_true(file_append_str(f->path, "o\nthree\nfo"));
    seen_lines lines = read_from(f, &pos, &bytes);
    assert_string_equal(lines.text, "two|three");
    assert_int_equal(pos.offset, 14);
    assert_int_equal(bytes, 12);        /* from offset 4 to the end, 16 */
    lines = read_from(f, &pos, &bytes); /* nothing new: nothing delivered, nothing moved */
    assert_int_equal(lines.n, 0);
    assert_int_equal(pos.offset, 14);
    assert_int_equal(bytes, 2);
    assert_true(file_append_str(f->path, "ur\n"));
    assert_string_equal(read_from(f, &pos, &bytes).text, "four");
    assert_int_equal(pos.offset, 19);
}

static void a_truncated_file_is_read_from_the_start(void **state)
{
    fixture *f = *state;
    assert_true(file_put_str(f->path, "aaaa\nbbbb\n"));
    kit_file_pos pos = {0, 0};
    read_from(f, &pos, NULL);
    assert_int_equal(pos.offset, 10);
    uint64_t inode = pos.inode;
    assert_true(file_put_str(f->path, "c\nd\n")); /* the same file, shorter than the offset */
    assert_int_equal(identity_of(f->path), inode);
    assert_string_equal(read_from(f, &pos, NULL).text, "c|d");
    assert_int_equal(pos.offset, 4);
    assert_int_equal(pos.inode, inode);
}

static void a_file_renamed_over_the_path_is_read_from_the_start(void **state)
{
    fixture *f = *state;
    assert_true(file_put_str(f->path, "old\n"));
    kit_file_pos pos = {0, 0};
    read_from(f, &pos, NULL);
    uint64_t old = pos.inode;
    /* Rotated: a new file, longer than the offset, so only its identity tells. */
    char next[TEMP_DIR_PATH_MAX];
    assert_true(file_put_str(temp_path(next, f->dir, "next"), "new1\nnew2\nnew3\n"));
    assert_int_equal(rename(next, f->path), 0);
    uint64_t bytes = 0;
    assert_string_equal(read_from(f, &pos, &bytes).text, "new1|new2|new3");
    assert_int_equal(pos.offset, 15);
    assert_int_equal(bytes, 15);
    assert_true(pos.inode != old);
    assert_int_equal(pos.inode, identity_of(f->path));
}

static void a_position_without_identity_is_trusted(void **state)
{
    fixture *f = *state;
    assert_true(file_put_str(f->path, "counted\nnew\n"));
    kit_file_pos pos = {8, 0}; /* saved before identities were kept */
    uint64_t bytes = 0;
    assert_string_equal(read_from(f, &pos, &bytes).text, "new");
    assert_int_equal(pos.offset, 12);
    assert_int_equal(bytes, 4);
    assert_int_equal(pos.inode, identity_of(f->path));
}

static void a_missing_file_is_an_error_and_the_position_stays(void **state)
{
    fixture *f = *state;
    kit_file_pos pos = {123, 456};
    seen_lines lines = {.n = 0};
    uint64_t bytes = 99;
    char err[512] = "", expected[TEMP_DIR_PATH_MAX + 128];
    assert_false(
        kit_read_lines("the transcript", f->path, &pos, collect, &lines, &bytes, err, sizeof err));
    snprintf(expected, sizeof expected, "cannot open the transcript %s: %s", f->path,
             strerror(ENOENT));
    assert_string_equal(err, expected);
    assert_int_equal(pos.offset, 123);
    assert_int_equal(pos.inode, 456);
    assert_int_equal(lines.n, 0);
    assert_int_equal(bytes, 0);
}

static void a_line_longer_than_a_read_is_delivered_whole(void **state)
{
    fixture *f = *state;
    const size_t big = (5u << 20) + 3; /* past the reader's 4 MiB chunk */
    char *text = malloc(big + 16);
    assert_non_null(text);
    memset(text, 'x', big);
    memcpy(text + big, "\ntail\n", 6);
    assert_true(file_put(f->path, text, big + 6));
    free(text);
    kit_file_pos pos = {0, 0};
    seen_lines lines = read_from(f, &pos, NULL);
    assert_int_equal(lines.n, 2);
    assert_int_equal(lines.lengths[0], big);
    assert_int_equal(lines.lengths[1], 4);
    assert_int_equal(pos.offset, big + 6);
}

/* A FIFO (with no writer, so a blocking open or read would wait forever) and /dev/zero (a read
 * that never ends) are refused at once, and the position stays. */
static void what_is_not_a_regular_file_is_refused_at_once(void **state)
{
    fixture *f = *state;
    assert_int_equal(mkfifo(f->path, 0600), 0);
    static const char *const paths[2] = {NULL, "/dev/zero"};
    for (int i = 0; i < 2; i++) {
        const char *path = paths[i] ? paths[i] : f->path;
        kit_file_pos pos = {7, 0};
        seen_lines lines = {.n = 0};
        char err[512] = "", expected[TEMP_DIR_PATH_MAX + 128];
        assert_false(
            kit_read_lines("the transcript", path, &pos, collect, &lines, NULL, err, sizeof err));
        snprintf(expected, sizeof expected, "cannot read the transcript %s: not a regular file",
                 path);
        assert_string_equal(err, expected);
        assert_int_equal(pos.offset, 7);
        assert_int_equal(lines.n, 0);
    }
}

/* What is appended while the file is read waits for the next read: a writer that never stops
 * cannot hold a hook. The file's size at open is the bound. */
typedef struct appending {
    seen_lines lines;
    const char *path;
} appending;

static void append_while_reading(const char *line, size_t len, void *user)
{
    appending *a = user;
    collect(line, len, &a->lines);
    assert_true(file_append_str(a->path, "more\n"));
}

static void what_was_there_at_open_is_the_most_one_read_takes(void **state)
{
    fixture *f = *state;
    assert_true(file_put_str(f->path, "a\nb\n"));
    kit_file_pos pos = {0, 0};
    appending a = {.lines = {.n = 0}, .path = f->path};
    char err[512] = "";
    assert_true(kit_read_lines("the transcript", f->path, &pos, append_while_reading, &a, NULL, err,
                               sizeof err));
    assert_string_equal(a.lines.text, "a|b");
    assert_int_equal(pos.offset, 4);
    seen_lines later = read_from(f, &pos, NULL); /* the next read takes what came meanwhile */
    assert_string_equal(later.text, "more|more");
}

static void a_read_stops_at_the_budget_and_leaves_the_rest_for_the_next_reader(void **state)
{
    fixture *f = *state;
    assert_true(file_put_str(f->path, "aaaa\nbbbb\ncccc\n"));
    kit_file_pos pos = {0, 0};
    kit_read_budget_set(7); /* ends inside "bbbb" */
    assert_string_equal(read_from(f, &pos, NULL).text, "aaaa");
    assert_int_equal(pos.offset, 5);
    assert_true(kit_read_was_cut());
    assert_int_equal(read_from(f, &pos, NULL).n, 0); /* the budget is spent: nothing more */
    assert_int_equal(pos.offset, 5);
    kit_read_budget_set(UINT64_MAX); /* the finisher, in the background */
    assert_false(kit_read_was_cut());
    assert_string_equal(read_from(f, &pos, NULL).text, "bbbb|cccc");
    assert_int_equal(pos.offset, 15);
    assert_false(kit_read_was_cut());
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(only_complete_lines_are_delivered),
        TEST(appended_lines_are_delivered_once_and_a_partial_line_whole),
        TEST(a_truncated_file_is_read_from_the_start),
        TEST(a_file_renamed_over_the_path_is_read_from_the_start),
        TEST(a_position_without_identity_is_trusted),
        TEST(a_missing_file_is_an_error_and_the_position_stays),
        TEST(a_line_longer_than_a_read_is_delivered_whole),
        TEST(what_is_not_a_regular_file_is_refused_at_once),
        TEST(what_was_there_at_open_is_the_most_one_read_takes),
        TEST(a_read_stops_at_the_budget_and_leaves_the_rest_for_the_next_reader),
    };
    return cmocka_run_group_tests_name("unit/kit_line_reader", tests, NULL, NULL);
}
