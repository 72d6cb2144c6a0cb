/* A harness's settings file on disk (adapters/kit/settings_file.h): the strict read that refuses
 * anything but an object, the backup named by the time it is given, and the atomic write with
 * its modes. Real files in a fresh directory per test; the backup's time is invented. */
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

#include "settings_file.h"
#include "temp_dir.h"

#define STAMP_TIME ((time_t)1700000000) /* 2023-11-14 22:13:20 UTC */
#define STAMP      "20231114T221320Z"

typedef struct fixture {
    char dir[TEMP_DIR_PATH_MAX];
    char path[TEMP_DIR_PATH_MAX]; /* <dir>/settings.json, not made */
    mode_t umask_was;
} fixture;

static int setup(void **state)
{
    fixture *f = temp_fixture_new(sizeof *f, "kit-settings");
    if (!f)
        return -1;
    temp_path(f->path, f->dir, "settings.json");
    f->umask_was = umask(022); /* the modes below are read through the umask */
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    umask(f->umask_was);
    return temp_fixture_free(f);
}

/* The file's object formatted plainly, to compare with an expected text. */
static void assert_object_is(json_object *root, const char *expected)
{
    assert_non_null(root);
    assert_true(json_object_is_type(root, json_type_object));
    assert_string_equal(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN), expected);
}

/* ---- reading ------------------------------------------------------------------------------ */

static void a_missing_file_is_an_empty_object_that_did_not_exist(void **state)
{
    fixture *f = *state;
    bool existed = true;
    char err[256] = "";
    json_object *root = kit_settings_read(f->path, &existed, err, sizeof err);
    assert_object_is(root, "{}");
    assert_false(existed);
    assert_string_equal(err, "");
    json_object_put(root);
}

static void an_empty_or_blank_file_is_an_empty_object(void **state)
{
    fixture *f = *state;
    const char *const texts[] = {"", " \n\t\r\n"};
    for (size_t i = 0; i < 2; i++) {
        assert_true(file_put_str(f->path, texts[i]));
        bool existed = false;
        char err[256] = "";
        json_object *root = kit_settings_read(f->path, &existed, err, sizeof err);
        assert_object_is(root, "{}");
        assert_true(existed);
        json_object_put(root);
    }
}

static void an_object_is_read_with_its_keys_in_order(void **state)
{
    fixture *f = *state;
    assert_true(file_put_str(f->path, "{\"b\": 1, \"a\": {\"c\": [true]}}\n"));
    bool existed = false;
    char err[256] = "";
    json_object *root = kit_settings_read(f->path, &existed, err, sizeof err);
    assert_object_is(root, "{\"b\":1,\"a\":{\"c\":[true]}}");
    assert_true(existed);
    json_object_put(root);
}

/* NULL, and one line that names the file and says it was left alone. */
static void assert_refused(const fixture *f, const char *text, const char *why)
{
    assert_true(file_put_str(f->path, text));
    bool existed = false;
    char err[512] = "";
    assert_null(kit_settings_read(f->path, &existed, err, sizeof err));
    assert_true(existed);
    assert_non_null(strstr(err, f->path));
    assert_non_null(strstr(err, why));
    assert_non_null(strstr(err, "nothing changed"));
    assert_null(strchr(err, '\n'));
}

static void invalid_json_is_refused_naming_the_file(void **state)
{
    fixture *f = *state;
    assert_refused(f, "{\"hooks\": {,}", "is not valid settings JSON");
    assert_refused(f, "{\"a\": 1} trailing", "is not valid settings JSON");
    assert_refused(f, "{\"a\": 1,}", "is not valid settings JSON"); /* strict: no trailing comma */
}

static void a_top_level_array_or_scalar_is_refused(void **state)
{
    fixture *f = *state;
    assert_refused(f, "[{\"hooks\": {}}]\n", "the top level is not an object");
    assert_refused(f, "42\n", "the top level is not an object");
}

static void a_directory_in_place_of_the_file_is_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(mkdir(f->path, 0700), 0);
    bool existed = false;
    char err[512] = "";
    assert_null(kit_settings_read(f->path, &existed, err, sizeof err));
    assert_true(existed);
    assert_non_null(strstr(err, "cannot read"));
    assert_non_null(strstr(err, f->path));
    assert_non_null(strstr(err, strerror(EISDIR))); /* the reason the read failed */
}

/* ---- the backup ------------------------------------------------------------------------------ */

static void the_backup_is_named_by_the_utc_time_given(void **state)
{
    fixture *f = *state;
    const char text[] = "{\n  \"model\": \"opus\"\n}\n";
    assert_true(file_put_str(f->path, text));
    char backup[TEMP_DIR_PATH_MAX], err[512] = "", expected[TEMP_DIR_PATH_MAX + 32];
    assert_true(kit_settings_backup(f->path, STAMP_TIME, backup, sizeof backup, err, sizeof err));
    snprintf(expected, sizeof expected, "%s.bak-" STAMP, f->path);
    assert_string_equal(backup, expected);
    char *copy = file_get(backup, NULL);
    assert_non_null(copy);
    assert_string_equal(copy, text);
    free(copy);
    char *original = file_get(f->path, NULL); /* the original is untouched */
    assert_string_equal(original, text);
    free(original);
}

static void a_second_backup_in_the_same_second_is_numbered(void **state)
{
    fixture *f = *state;
    char backup[TEMP_DIR_PATH_MAX], err[512] = "", expected[TEMP_DIR_PATH_MAX + 32];
    assert_true(file_put_str(f->path, "{\"n\": 1}"));
    assert_true(kit_settings_backup(f->path, STAMP_TIME, backup, sizeof backup, err, sizeof err));
    assert_true(file_put_str(f->path, "{\"n\": 2}"));
    assert_true(kit_settings_backup(f->path, STAMP_TIME, backup, sizeof backup, err, sizeof err));
    snprintf(expected, sizeof expected, "%s.bak-" STAMP "-2", f->path);
    assert_string_equal(backup, expected);
    char *second = file_get(backup, NULL);
    assert_string_equal(second, "{\"n\": 2}");
    free(second);
    assert_true(kit_settings_backup(f->path, STAMP_TIME, backup, sizeof backup, err, sizeof err));
    snprintf(expected, sizeof expected, "%s.bak-" STAMP "-3", f->path);
    assert_string_equal(backup, expected);
    /* The first is still the first: a backup never overwrites another. */
    snprintf(expected, sizeof expected, "%s.bak-" STAMP, f->path);
    char *first = file_get(expected, NULL);
    assert_string_equal(first, "{\"n\": 1}");
    free(first);
    assert_int_equal(dir_entries(f->dir), 4);
}

static void a_failed_backup_leaves_no_file_behind(void **state)
{
    fixture *f = *state;
    /* The file vanished between the read and the backup: nothing can be copied. */
    char backup[TEMP_DIR_PATH_MAX], err[512] = "";
    assert_false(kit_settings_backup(f->path, STAMP_TIME, backup, sizeof backup, err, sizeof err));
    assert_non_null(strstr(err, "cannot write the backup"));
    assert_non_null(strstr(err, "nothing changed"));
    /* An empty file named as a backup would pass for a copy of the user's settings. */
    assert_false(file_exists(backup));
    assert_int_equal(dir_entries(f->dir), 0);
}

/* ---- the write ---------------------------------------------------------------------------------
 */

static void a_write_makes_missing_directories_with_the_modes_given(void **state)
{
    fixture *f = *state;
    char shared[TEMP_DIR_PATH_MAX], own[TEMP_DIR_PATH_MAX], path[TEMP_DIR_PATH_MAX];
    char err[512] = "";
    temp_path(path, f->dir, "project/.claude/settings.json");
    assert_true(kit_settings_write(path, "{}\n", KIT_MODES_SHARED, err, sizeof err));
    assert_int_equal(file_mode(temp_path(shared, f->dir, "project")), 0755);
    assert_int_equal(file_mode(temp_path(shared, f->dir, "project/.claude")), 0755);
    assert_int_equal(file_mode(path), 0644);
    temp_path(path, f->dir, "home/.claude/settings.json");
    assert_true(kit_settings_write(path, "{}\n", KIT_MODES_PRIVATE, err, sizeof err));
    assert_int_equal(file_mode(temp_path(own, f->dir, "home")), 0700);
    assert_int_equal(file_mode(temp_path(own, f->dir, "home/.claude")), 0700);
    assert_int_equal(file_mode(path), 0600);
    char *text = file_get(path, NULL);
    assert_string_equal(text, "{}\n");
    free(text);
}

static void a_new_file_gets_its_mode_whatever_the_umask(void **state)
{
    fixture *f = *state;
    umask(077); /* a project's settings are read by others even from a private shell */
    char err[512] = "";
    assert_true(kit_settings_write(f->path, "{}\n", KIT_MODES_SHARED, err, sizeof err));
    assert_int_equal(file_mode(f->path), 0644);
}

static void an_existing_file_keeps_its_mode(void **state)
{
    fixture *f = *state;
    assert_true(file_put_str(f->path, "{}\n"));
    assert_int_equal(chmod(f->path, 0640), 0);
    char err[512] = "";
    assert_true(kit_settings_write(f->path, "{\"a\": 1}\n", KIT_MODES_PRIVATE, err, sizeof err));
    assert_int_equal(file_mode(f->path), 0640);
}

static void the_content_is_replaced_whole_and_no_temp_file_stays(void **state)
{
    fixture *f = *state;
    assert_true(
        file_put_str(f->path, "{\n  \"a much longer old text\": \"that must not show\"\n}\n"));
    struct stat before, after;
    assert_int_equal(stat(f->path, &before), 0);
    char err[512] = "";
    assert_true(kit_settings_write(f->path, "{}\n", KIT_MODES_PRIVATE, err, sizeof err));
    char *text = file_get(f->path, NULL);
    assert_string_equal(text, "{}\n");
    free(text);
    assert_int_equal(dir_entries(f->dir), 1);
    /* A new file renamed over the old one, not the old one rewritten in place: a reader sees
     * the old text or the new, never a mix. */
    assert_int_equal(stat(f->path, &after), 0);
    assert_true(before.st_ino != after.st_ino);
}

static void a_write_that_cannot_happen_says_where(void **state)
{
    fixture *f = *state;
    char blocker[TEMP_DIR_PATH_MAX], path[TEMP_DIR_PATH_MAX];
    assert_true(file_put_str(temp_path(blocker, f->dir, "file"), "x")); /* not a directory */
    temp_path(path, f->dir, "file/settings.json");
    char err[512] = "";
    assert_false(kit_settings_write(path, "{}\n", KIT_MODES_PRIVATE, err, sizeof err));
    assert_non_null(strstr(err, "cannot write"));
    assert_non_null(strstr(err, path));
    assert_int_equal(dir_entries(f->dir), 1);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(a_missing_file_is_an_empty_object_that_did_not_exist),
        TEST(an_empty_or_blank_file_is_an_empty_object),
        TEST(an_object_is_read_with_its_keys_in_order),
        TEST(invalid_json_is_refused_naming_the_file),
        TEST(a_top_level_array_or_scalar_is_refused),
        TEST(a_directory_in_place_of_the_file_is_refused),
        TEST(the_backup_is_named_by_the_utc_time_given),
        TEST(a_second_backup_in_the_same_second_is_numbered),
        TEST(a_failed_backup_leaves_no_file_behind),
        TEST(a_write_makes_missing_directories_with_the_modes_given),
        TEST(a_new_file_gets_its_mode_whatever_the_umask),
        TEST(an_existing_file_keeps_its_mode),
        TEST(the_content_is_replaced_whole_and_no_temp_file_stays),
        TEST(a_write_that_cannot_happen_says_where),
    };
    return cmocka_run_group_tests_name("unit/kit_settings_file", tests, NULL, NULL);
}
