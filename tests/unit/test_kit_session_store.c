/* Where an adapter keeps its sessions and how one is held (adapters/kit/session_store.h): the
 * state directory's precedence, session ids made file names, the per-session lock (a flock on
 * <name>.lock, taken against a real second process), and the state file's round trip. A fresh
 * directory per test; the environment variables touched are put back afterwards. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hash.h"
#include "session_store.h"
#include "temp_dir.h"

#define OVERRIDE "KIT_TEST_STATE_DIR"

static const char *const SAVED_ENV[] = {"HOME", "XDG_STATE_HOME", OVERRIDE};
#define N_SAVED (sizeof SAVED_ENV / sizeof *SAVED_ENV)

typedef struct fixture {
    char dir[TEMP_DIR_PATH_MAX];
    char state[TEMP_DIR_PATH_MAX]; /* <dir>/state/claude-code, not made */
    char *env[N_SAVED];
    mode_t umask_was;
} fixture;

static int setup(void **state)
{
    fixture *f = temp_fixture_new(sizeof *f, "kit-store");
    if (!f)
        return -1;
    temp_path(f->state, f->dir, "state/claude-code");
    for (size_t i = 0; i < N_SAVED; i++) {
        const char *value = getenv(SAVED_ENV[i]);
        f->env[i] = value ? strdup(value) : NULL;
    }
    f->umask_was = umask(022);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < N_SAVED; i++) {
        if (f->env[i])
            setenv(SAVED_ENV[i], f->env[i], 1);
        else
            unsetenv(SAVED_ENV[i]);
        free(f->env[i]);
    }
    umask(f->umask_was);
    return temp_fixture_free(f);
}

static void open_session(const fixture *f, kit_store *store, const char *name, int flags)
{
    char err[512] = "";
    if (!kit_store_open(store, f->state, name, flags, err, sizeof err))
        fail_msg("open %s: %s", name, err);
    assert_true(store->lock_fd >= 0);
}

/* ---- names -------------------------------------------------------------------------------- */

static void the_state_directory_follows_the_override_then_xdg_then_home(void **state)
{
    (void)state;
    char out[256];
    setenv(OVERRIDE, "/x/own", 1);
    setenv("XDG_STATE_HOME", "/x/xdg", 1);
    setenv("HOME", "/x/home", 1);
    assert_true(kit_state_dir(OVERRIDE, "claude-code", out, sizeof out));
    assert_string_equal(out, "/x/own"); /* as given: no harness appended */
    setenv(OVERRIDE, "", 1);            /* empty counts as unset */
    assert_true(kit_state_dir(OVERRIDE, "claude-code", out, sizeof out));
    assert_string_equal(out, "/x/xdg/mosaic-telemetry/claude-code");
    unsetenv(OVERRIDE);
    assert_true(kit_state_dir(NULL, "codex", out, sizeof out));
    assert_string_equal(out, "/x/xdg/mosaic-telemetry/codex");
    setenv("XDG_STATE_HOME", "", 1);
    assert_true(kit_state_dir(OVERRIDE, "claude-code", out, sizeof out));
    assert_string_equal(out, "/x/home/.local/state/mosaic-telemetry/claude-code");
    unsetenv("XDG_STATE_HOME");
    assert_true(kit_state_dir(OVERRIDE, "claude-code", out, sizeof out));
    assert_string_equal(out, "/x/home/.local/state/mosaic-telemetry/claude-code");
    char small[16];
    assert_false(kit_state_dir(OVERRIDE, "claude-code", small, sizeof small)); /* never cut */
    unsetenv("HOME");
    assert_false(kit_state_dir(OVERRIDE, "claude-code", out, sizeof out));
}

static void a_safe_session_id_is_its_own_file_name(void **state)
{
    (void)state;
    char out[KIT_ID_MAX + 24];
    assert_true(kit_session_file_name("3f2a-B9_c0", out, sizeof out));
    assert_string_equal(out, "3f2a-B9_c0");
}

static void an_unsafe_id_is_replaced_and_hashed(void **state)
{
    (void)state;
    char slash[KIT_ID_MAX + 24], colon[KIT_ID_MAX + 24], expected[64];
    assert_true(kit_session_file_name("a/b", slash, sizeof slash));
    snprintf(expected, sizeof expected, "a_b-%016llx",
             (unsigned long long)kit_hash("a/b", 3, KIT_HASH_SEED));
    assert_string_equal(slash, expected);
    assert_true(kit_session_file_name("a:b", colon, sizeof colon));
    assert_int_equal(strncmp(colon, "a_b-", 4), 0);
    assert_int_equal(strlen(colon), 4 + 16);
    assert_string_not_equal(slash, colon); /* two sessions must not share a file */
    assert_true(kit_session_file_name("../../etc", slash, sizeof slash));
    assert_null(strchr(slash, '/'));
    assert_int_equal(strncmp(slash, "______etc-", 10), 0);
}

static void an_empty_or_overlong_id_is_refused(void **state)
{
    (void)state;
    char out[KIT_ID_MAX + 24], id[102];
    assert_false(kit_session_file_name("", out, sizeof out));
    memset(id, 'a', 101);
    id[101] = '\0';
    assert_false(kit_session_file_name(id, out, sizeof out));
    id[100] = '\0';
    assert_true(kit_session_file_name(id, out, sizeof out));
    assert_int_equal(strlen(out), 100);
    char small[21];                                             /* "s_1-" and 16 hex digits */
    assert_false(kit_session_file_name("session-1", small, 8)); /* room is checked first */
    assert_true(kit_session_file_name("s:1", small, sizeof small));
}

/* ---- opening and the lock ----------------------------------------------------------------------
 */

static void create_makes_the_directory_private(void **state)
{
    fixture *f = *state;
    kit_store store;
    open_session(f, &store, "s1", KIT_OPEN_CREATE);
    assert_int_equal(file_mode(f->state), 0700);
    char parent[TEMP_DIR_PATH_MAX], lock[KIT_PATH_MAX + 64];
    assert_int_equal(file_mode(temp_path(parent, f->dir, "state")), 0700);
    kit_store_path(&store, ".lock", lock, sizeof lock);
    char expected[TEMP_DIR_PATH_MAX + 16];
    snprintf(expected, sizeof expected, "%s/s1.lock", f->state);
    assert_string_equal(lock, expected);
    assert_true(file_exists(lock));
    kit_store_close(&store);
    assert_int_equal(store.lock_fd, -1);
}

static void without_create_a_missing_directory_is_an_error(void **state)
{
    fixture *f = *state;
    kit_store store;
    char err[512] = "", expected[TEMP_DIR_PATH_MAX + 64];
    assert_false(kit_store_open(&store, f->state, "s1", KIT_OPEN_WAIT, err, sizeof err));
    snprintf(expected, sizeof expected, "the state directory %s is gone", f->state);
    assert_string_equal(err, expected);
    assert_int_equal(store.lock_fd, -1);
    assert_false(file_exists(f->state));
}

/* In a child: 0 when kit_store_open(flags) gives the expected answer (and, when refused, an
 * empty err: busy is not an error), otherwise a code saying what went wrong. */
static int open_in_child(const fixture *f, const char *name, int flags, bool expect_open)
{
    pid_t pid = fork();
    if (pid == 0) {
        kit_store store;
        char err[512] = "?";
        bool opened = kit_store_open(&store, f->state, name, flags, err, sizeof err);
        if (opened != expect_open)
            _exit(1);
        _exit(!opened && err[0] ? 2 : 0);
    }
    int status = -1;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* In a child: 0 when a plain flock on path is refused as busy. */
static int flock_busy_in_child(const char *path)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(path, O_RDWR | O_CLOEXEC);
        _exit(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK ? 0 : 1);
    }
    int status = -1;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void a_held_session_is_busy_for_another_process(void **state)
{
    fixture *f = *state;
    kit_store store;
    open_session(f, &store, "s1", KIT_OPEN_CREATE);
    assert_int_equal(open_in_child(f, "s1", 0, false), 0);
    assert_int_equal(open_in_child(f, "s2", 0, true), 0); /* another session is not held */
    char lock[KIT_PATH_MAX + 64];
    kit_store_path(&store, ".lock", lock, sizeof lock);
    assert_int_equal(flock_busy_in_child(lock), 0); /* the lock is a flock on <name>.lock */
    kit_store_close(&store);
    assert_int_equal(open_in_child(f, "s1", 0, true), 0);
}

static void a_waiting_process_gets_the_session_when_it_is_let_go(void **state)
{
    fixture *f = *state;
    kit_store store;
    open_session(f, &store, "s1", KIT_OPEN_CREATE);
    pid_t pid = fork();
    if (pid == 0) {
        /* The parent's lock fd came along with the fork; holding it would keep the flock. */
        close(store.lock_fd);
        kit_store mine;
        char err[512] = "";
        _exit(kit_store_open(&mine, f->state, "s1", KIT_OPEN_WAIT, err, sizeof err) ? 0 : 1);
    }
    nanosleep(&(struct timespec){0, 200 * 1000000L}, NULL); /* well inside the 5 s wait */
    kit_store_close(&store);
    int status = -1;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- the state ------------------------------------------------------------------------------- */

static void the_state_is_written_and_read_back(void **state)
{
    fixture *f = *state;
    kit_store store;
    open_session(f, &store, "s1", KIT_OPEN_CREATE);
    size_t len = 99;
    bool missing = false;
    assert_null(kit_store_read(&store, &len, &missing));
    assert_true(missing);
    char err[512] = "";
    assert_true(kit_store_write(&store, "{\"task\": 1}", err, sizeof err));
    assert_true(kit_store_write(&store, "{\"task\": 2, \"tail\": \"x\"}", err, sizeof err));
    char *text = kit_store_read(&store, &len, &missing);
    assert_non_null(text);
    assert_string_equal(text, "{\"task\": 2, \"tail\": \"x\"}");
    assert_int_equal(len, strlen(text));
    assert_false(missing);
    free(text);
    assert_int_equal(dir_entries(f->state), 2); /* s1.lock and s1.json: no temp file left */
    assert_true(kit_store_write(&store, "", err, sizeof err));
    text = kit_store_read(&store, &len, &missing);
    assert_string_equal(text, "");
    assert_int_equal(len, 0);
    free(text);
    kit_store_close(&store);
}

static void a_state_file_too_large_is_not_read(void **state)
{
    fixture *f = *state;
    kit_store store;
    open_session(f, &store, "s1", KIT_OPEN_CREATE);
    char path[KIT_PATH_MAX + 64];
    kit_store_path(&store, ".json", path, sizeof path);
    assert_true(file_put_str(path, "{}"));
    assert_int_equal(truncate(path, KIT_STATE_FILE_MAX + 1), 0);
    size_t len = 0;
    bool missing = true;
    errno = 0;
    assert_null(kit_store_read(&store, &len, &missing));
    assert_false(missing);
    assert_int_equal(errno, EFBIG);
    kit_store_close(&store);
}

static void remove_deletes_the_sessions_files_only(void **state)
{
    fixture *f = *state;
    kit_store store, other;
    open_session(f, &store, "s1", KIT_OPEN_CREATE);
    open_session(f, &other, "s10", 0);
    char err[512] = "", seen[KIT_PATH_MAX + 64];
    assert_true(kit_store_write(&store, "{}", err, sizeof err));
    assert_true(kit_store_write(&other, "{}", err, sizeof err));
    kit_store_path(&store, ".seen", seen, sizeof seen);
    assert_true(file_put_str(seen, "records"));
    assert_int_equal(dir_entries(f->state), 5);
    kit_store_remove(&store);
    kit_store_close(&store);
    assert_int_equal(dir_entries(f->state), 2);
    char path[TEMP_DIR_PATH_MAX];
    assert_true(file_exists(temp_path(path, f->state, "s10.json")));
    assert_true(file_exists(temp_path(path, f->state, "s10.lock")));
    kit_store_close(&other);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(the_state_directory_follows_the_override_then_xdg_then_home),
        TEST(a_safe_session_id_is_its_own_file_name),
        TEST(an_unsafe_id_is_replaced_and_hashed),
        TEST(an_empty_or_overlong_id_is_refused),
        TEST(create_makes_the_directory_private),
        TEST(without_create_a_missing_directory_is_an_error),
        TEST(a_held_session_is_busy_for_another_process),
        TEST(a_waiting_process_gets_the_session_when_it_is_let_go),
        TEST(the_state_is_written_and_read_back),
        TEST(a_state_file_too_large_is_not_read),
        TEST(remove_deletes_the_sessions_files_only),
    };
    return cmocka_run_group_tests_name("unit/kit_session_store", tests, NULL, NULL);
}
