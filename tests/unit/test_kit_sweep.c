/* The sweep of a state directory (adapters/kit/sweep.h): at most one an hour, by a stamp whose
 * time is the caller's, and a visit to each other session's state file old enough to be nobody's
 * live work. The times are invented and set on the files with utimensat: the wall clock never
 * enters. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sweep.h"
#include "temp_dir.h"

#define NOW    1700000000123LL /* 2023-11-14, with milliseconds to see they are kept */
#define HOUR   3600000LL
#define MINUTE 60000LL

typedef struct fixture {
    char dir[TEMP_DIR_PATH_MAX];
} fixture;

static int setup(void **state)
{
    fixture *f = temp_fixture_new(sizeof *f, "kit-sweep");
    if (!f)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    return temp_fixture_free(*state);
}

/* ---- the stamp ----------------------------------------------------------------------------- */

static int64_t stamp_time(const fixture *f)
{
    char path[TEMP_DIR_PATH_MAX];
    return file_mtime_ms(temp_path(path, f->dir, KIT_SWEEP_STAMP));
}

static void the_first_sweep_is_due_and_stamped_with_the_time_given(void **state)
{
    fixture *f = *state;
    assert_int_equal(stamp_time(f), -1);
    assert_true(kit_sweep_due(f->dir, NOW));
    assert_int_equal(stamp_time(f), NOW);
}

static void the_next_is_due_an_hour_after_the_stamp(void **state)
{
    fixture *f = *state;
    assert_true(kit_sweep_due(f->dir, NOW));
    assert_false(kit_sweep_due(f->dir, NOW));
    assert_false(kit_sweep_due(f->dir, NOW + KIT_SWEEP_EVERY_MS - 1));
    assert_int_equal(stamp_time(f), NOW); /* a sweep not due leaves the stamp */
    assert_true(kit_sweep_due(f->dir, NOW + KIT_SWEEP_EVERY_MS));
    assert_int_equal(stamp_time(f), NOW + KIT_SWEEP_EVERY_MS);
    assert_false(kit_sweep_due(f->dir, NOW + KIT_SWEEP_EVERY_MS + 1));
}

static void a_stamp_far_ahead_of_the_clock_does_not_stop_sweeps(void **state)
{
    fixture *f = *state;
    /* Stamped while the clock was a year ahead, then corrected: waiting for the stamp's time
     * would leave forgotten sessions alone for a year. */
    assert_true(kit_sweep_due(f->dir, NOW + 365 * 24 * HOUR));
    assert_true(kit_sweep_due(f->dir, NOW));
    assert_int_equal(stamp_time(f), NOW);
    /* A stamp a moment ahead is another hook's that read the clock later: not due. */
    assert_false(kit_sweep_due(f->dir, NOW - 5));
}

/* ---- the sessions -------------------------------------------------------------------------- */

/* The visits, as "<name>@<age in minutes>" in the order made. */
typedef struct visits {
    char names[128][64];
    size_t n;
} visits;

static void record_visit(const char *name, int64_t mtime_ms, void *user)
{
    visits *v = user;
    if (v->n < 128)
        snprintf(v->names[v->n], sizeof v->names[0], "%s@%lld", name,
                 (long long)((NOW - mtime_ms) / MINUTE));
    v->n++;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* A file in the directory, last written age_ms before NOW. */
static void make_file(const fixture *f, const char *name, int64_t age_ms)
{
    char path[TEMP_DIR_PATH_MAX];
    assert_true(file_put_str(temp_path(path, f->dir, name), "{}"));
    assert_true(file_set_mtime_ms(path, NOW - age_ms));
}

static visits sweep(const fixture *f, const char *own)
{
    visits v = {.n = 0};
    kit_sweep_sessions(&(kit_sweep){.dir = f->dir,
                                    .own = own,
                                    .now_ms = NOW,
                                    .min_age_ms = HOUR,
                                    .visit = record_visit,
                                    .user = &v});
    qsort(v.names, v.n < 128 ? v.n : 128, sizeof v.names[0], by_name); /* readdir's order */
    return v;
}

static void each_old_session_but_our_own_is_visited_with_its_time(void **state)
{
    fixture *f = *state;
    make_file(f, "alpha.json", 3 * HOUR);
    make_file(f, "beta.json", HOUR); /* exactly the minimum age */
    make_file(f, "own.json", 5 * HOUR);
    make_file(f, "young.json", HOUR - 1);
    const char *const others[] = {"alpha.seen", "alpha.lock",  KIT_SWEEP_STAMP, "gamma.json.tmp",
                                  ".json",      "delta.jsonl", "json"};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        make_file(f, others[i], 9 * HOUR);
    visits v = sweep(f, "own");
    assert_int_equal(v.n, 2);
    assert_string_equal(v.names[0], "alpha@180");
    assert_string_equal(v.names[1], "beta@60");
}

static void a_sweep_stops_at_its_maximum(void **state)
{
    fixture *f = *state;
    char name[32];
    for (int i = 0; i < KIT_SWEEP_MAX + 6; i++) {
        snprintf(name, sizeof name, "s%03d.json", i);
        make_file(f, name, 2 * HOUR + i * MINUTE);
    }
    visits v = sweep(f, "own");
    assert_int_equal(v.n, KIT_SWEEP_MAX);
    for (size_t i = 1; i < KIT_SWEEP_MAX; i++) /* each once */
        assert_string_not_equal(v.names[i - 1], v.names[i]);
}

static void skipped_sessions_do_not_use_up_the_maximum(void **state)
{
    fixture *f = *state;
    char name[32];
    for (int i = 0; i < KIT_SWEEP_MAX + 6; i++) {
        snprintf(name, sizeof name, "young%03d.json", i);
        make_file(f, name, MINUTE);
    }
    make_file(f, "old1.json", 2 * HOUR);
    make_file(f, "old2.json", 2 * HOUR);
    visits v = sweep(f, "old1");
    assert_int_equal(v.n, 1);
    assert_string_equal(v.names[0], "old2@120");
}

static void a_missing_directory_is_visited_by_nobody(void **state)
{
    fixture *f = *state;
    visits v = {.n = 0};
    char gone[TEMP_DIR_PATH_MAX];
    kit_sweep_sessions(&(kit_sweep){.dir = temp_path(gone, f->dir, "gone"),
                                    .own = "own",
                                    .now_ms = NOW,
                                    .min_age_ms = 0,
                                    .visit = record_visit,
                                    .user = &v});
    assert_int_equal(v.n, 0);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(the_first_sweep_is_due_and_stamped_with_the_time_given),
        TEST(the_next_is_due_an_hour_after_the_stamp),
        TEST(a_stamp_far_ahead_of_the_clock_does_not_stop_sweeps),
        TEST(each_old_session_but_our_own_is_visited_with_its_time),
        TEST(a_sweep_stops_at_its_maximum),
        TEST(skipped_sessions_do_not_use_up_the_maximum),
        TEST(a_missing_directory_is_visited_by_nobody),
    };
    return cmocka_run_group_tests_name("unit/kit_sweep", tests, NULL, NULL);
}
