/* The deferred finisher (adapters/kit/finisher.h) with real processes: the caller gets control
 * back at once, the child does its work after the delay in a session of its own, its stderr goes
 * to hook.log in the state directory, and the pipes of the hook that started it are let go at
 * once (a harness waits for them to close). The delays are real sleeps of the child; the test
 * only bounds its waits for them. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "finisher.h"
#include "temp_dir.h"

#define DELAY_MS 600
#define WAIT_MS  10000 /* the longest the test waits for the child's work */

typedef struct fixture {
    char dir[TEMP_DIR_PATH_MAX];
    char marker[TEMP_DIR_PATH_MAX]; /* written by the child's work */
    char log[TEMP_DIR_PATH_MAX];    /* <dir>/hook.log */
} fixture;

static int setup(void **state)
{
    fixture *f = temp_fixture_new(sizeof *f, "kit-finisher");
    if (!f)
        return -1;
    temp_path(f->marker, f->dir, "done");
    temp_path(f->log, f->dir, KIT_FINISHER_LOG);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    return temp_fixture_free(*state);
}

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap_ms(long ms)
{
    nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

/* The work, in the child: whether it leads its own session, in the marker (written whole, by
 * rename, so that the parent never reads half of it), and a line on its stderr. */
static void work(void *user)
{
    const fixture *f = user;
    char tmp[TEMP_DIR_PATH_MAX + 8], text[32];
    snprintf(tmp, sizeof tmp, "%s.tmp", f->marker);
    snprintf(text, sizeof text, "own session: %d", getsid(0) == getpid());
    if (file_put_str(tmp, text))
        rename(tmp, f->marker);
    fprintf(stderr, "mosaic-telemetry hook test: finisher ran\n");
}

/* True once the marker exists, false after WAIT_MS. */
static bool wait_for_marker(const fixture *f)
{
    for (int64_t deadline = monotonic_ms() + WAIT_MS; monotonic_ms() < deadline; nap_ms(10))
        if (file_exists(f->marker))
            return true;
    return false;
}

static void the_caller_returns_at_once_and_the_work_comes_after_the_delay(void **state)
{
    fixture *f = *state;
    assert_true(file_put_str(f->log, "earlier line\n"));
    int64_t start = monotonic_ms();
    assert_true(kit_finish_later(f->dir, DELAY_MS, work, f));
    assert_true(monotonic_ms() - start < DELAY_MS / 2);
    assert_false(file_exists(f->marker));
    assert_true(wait_for_marker(f));
    assert_true(monotonic_ms() - start >= DELAY_MS);
    int status = -1; /* the child is ours: it exits 0 after the work */
    assert_true(waitpid(-1, &status, 0) > 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char *marker = file_get(f->marker, NULL);
    assert_string_equal(marker, "own session: 1");
    free(marker);
    char *log = file_get(f->log, NULL); /* appended to, not replaced */
    assert_string_equal(log, "earlier line\nmosaic-telemetry hook test: finisher ran\n");
    free(log);
}

static void a_log_past_its_size_starts_over(void **state)
{
    fixture *f = *state;
    assert_true(file_put_str(f->log, "old"));
    assert_int_equal(truncate(f->log, (1 << 20) + 1), 0);
    assert_true(kit_finish_later(f->dir, 0, work, f));
    int status = -1;
    assert_true(waitpid(-1, &status, 0) > 0);
    char *log = file_get(f->log, NULL);
    assert_string_equal(log, "mosaic-telemetry hook test: finisher ran\n");
    free(log);
}

/* A hook whose stdout and stderr are a pipe that the parent reads, as a harness does: the pipe
 * must close when the hook exits, not when its finisher does. */
static void the_hooks_pipes_close_when_the_hook_exits(void **state)
{
    fixture *f = *state;
    int pipe_fds[2];
    assert_int_equal(pipe(pipe_fds), 0);
    pid_t hook = fork();
    if (hook == 0) {
        close(pipe_fds[0]);
        dup2(pipe_fds[1], STDOUT_FILENO);
        dup2(pipe_fds[1], STDERR_FILENO);
        close(pipe_fds[1]);
        _exit(kit_finish_later(f->dir, DELAY_MS, work, f) ? 0 : 1);
    }
    close(pipe_fds[1]);
    char buf[256];
    ssize_t n, total = 0;
    while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0) /* until every writer is gone */
        total += n;
    close(pipe_fds[0]);
    assert_int_equal(total, 0);
    assert_false(file_exists(f->marker)); /* the finisher still sleeps, without the pipe */
    int status = -1;
    assert_int_equal(waitpid(hook, &status, 0), hook);
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_true(wait_for_marker(f)); /* and it still does its work */
    for (int64_t deadline = monotonic_ms() + WAIT_MS; monotonic_ms() < deadline; nap_ms(10)) {
        char *log = file_get(f->log, NULL); /* its line is written right after the marker */
        bool done = log && strstr(log, "finisher ran");
        free(log);
        if (done)
            return;
    }
    fail_msg("the finisher's line never reached %s", f->log);
}

static void a_task_is_overdue_from_the_end_of_its_grace(void **state)
{
    (void)state;
    const int64_t end = 1700000000000LL;
    assert_false(kit_overdue(end, end, 2000));
    assert_false(kit_overdue(end, end + 1999, 2000));
    assert_true(kit_overdue(end, end + 2000, 2000));
    assert_true(kit_overdue(end, end + 86400000, 2000));
    assert_true(kit_overdue(end, end, 0));
    assert_false(kit_overdue(end, end - 1, 0)); /* a clock behind the end: not yet */
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(the_caller_returns_at_once_and_the_work_comes_after_the_delay),
        TEST(a_log_past_its_size_starts_over),
        TEST(the_hooks_pipes_close_when_the_hook_exits),
        TEST(a_task_is_overdue_from_the_end_of_its_grace),
    };
    return cmocka_run_group_tests_name("unit/kit_finisher", tests, NULL, NULL);
}
