/* The hook process contract (adapters/kit/hook_process.h), run for real: kit_hook_main in a
 * forked child whose stdin and stdout are pipes, as a harness runs a hook. The child reports what
 * the adapter's function received in a file; the parent feeds the payload, reads the stdout pipe
 * to its end, and asserts. No server is involved: the config is loaded for recording only. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hook_process.h"
#include "temp_dir.h"

extern char **environ;

#define NOW_ENV       "KIT_TEST_NOW_MS"
#define GRACE_ENV     "KIT_TEST_GRACE_MS"
#define GRACE_DEFAULT 1500

static const kit_hook_spec SPEC = {
    .who = "hook test",
    .stdin_hint = "reads a hook payload on stdin",
    .now_env = NOW_ENV,
    .grace_env = GRACE_ENV,
    .grace_default_ms = GRACE_DEFAULT,
};

typedef struct fixture {
    char dir[TEMP_DIR_PATH_MAX];
    char report[TEMP_DIR_PATH_MAX]; /* what fn received, written by the child */
    char err[TEMP_DIR_PATH_MAX];    /* the child's stderr */
} fixture;

static int setup(void **state)
{
    fixture *f = temp_fixture_new(sizeof *f, "kit-hook");
    if (!f)
        return -1;
    temp_path(f->report, f->dir, "report");
    temp_path(f->err, f->dir, "stderr");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    return temp_fixture_free(*state);
}

/* ---- the child ------------------------------------------------------------------------------ */

/* The adapter's function: "len= now= grace=" and the payload into the report; and output on
 * stdout both ways, which must go nowhere. */
static void record(const kit_hook_call *call, void *user)
{
    const fixture *f = user;
    printf("the adapter wrote on stdout\n");
    fflush(stdout);
    if (write(STDOUT_FILENO, "raw\n", 4) < 0)
        perror("write");
    char head[128];
    int n = snprintf(head, sizeof head, "len=%zu now=%lld grace=%lld\n", call->payload_len,
                     (long long)call->now_ms, (long long)call->grace_ms);
    char *text = malloc((size_t)n + call->payload_len);
    if (!text)
        return;
    memcpy(text, head, (size_t)n);
    memcpy(text + n, call->payload, call->payload_len);
    file_put(f->report, text, (size_t)n + call->payload_len);
    free(text);
}

/* Nothing of the test's environment reaches the config; then env ("NAME=VALUE", NULL-ended). */
static void child_environment(const char *const *env)
{
    for (;;) {
        char name[256] = "";
        for (char **e = environ; *e && !name[0]; e++)
            if (strncmp(*e, "MOSAIC_TELEMETRY_", 17) == 0 || strncmp(*e, "KIT_TEST_", 9) == 0)
                snprintf(name, sizeof name, "%.*s", (int)strcspn(*e, "="), *e);
        if (!name[0])
            break;
        unsetenv(name);
    }
    setenv("MOSAIC_TELEMETRY_INSTANCE_ID", "8c0e7a52-3b1f-4c6e-9d2a-5f4b3c2d1e0f", 1);
    for (size_t i = 0; env && env[i]; i++) {
        char name[256];
        const char *eq = strchr(env[i], '=');
        snprintf(name, sizeof name, "%.*s", (int)(eq - env[i]), env[i]);
        setenv(name, eq + 1, 1);
    }
}

/* ---- the parent ----------------------------------------------------------------------------- */

typedef struct run {
    int status;        /* the child's exit status */
    char *out;         /* what reached the stdout pipe */
    char *err;         /* what reached stderr */
    char *report;      /* fn's report; NULL when fn was not called */
    bool stdin_unread; /* bytes of the payload were left in the pipe */
} run;

static void free_run(run *r)
{
    free(r->out), free(r->err), free(r->report);
}

static char *read_to_end(int fd)
{
    size_t cap = 256, have = 0;
    char *buf = malloc(cap);
    ssize_t n;
    while (buf && (n = read(fd, buf + have, cap - have - 1)) > 0)
        if ((have += (size_t)n) + 1 == cap)
            buf = realloc(buf, cap *= 2);
    if (buf)
        buf[have] = '\0';
    return buf;
}

/* What is left in the stdin pipe once the child is gone (the parent keeps a read end). */
static bool bytes_left(int fd)
{
    fcntl(fd, F_SETFL, O_NONBLOCK);
    char c;
    return read(fd, &c, 1) > 0;
}

static void child_main(const fixture *f, int in[2], int out[2], const char *const *env)
{
    close(in[1]);
    close(out[0]);
    int err = open(f->err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (dup2(in[0], STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0 ||
        dup2(err, STDERR_FILENO) < 0)
        _exit(99);
    close(in[0]), close(out[1]), close(err);
    child_environment(env);
    kit_host host = {.spool_dir = NULL, .start_flush = NULL, .user = NULL};
    _exit(kit_hook_main(&SPEC, &host, record, (void *)f));
}

static run run_hook(const fixture *f, const char *payload, size_t len, const char *const *env)
{
    int in[2], out[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        child_main(f, in, out, env);
    close(out[1]);
    for (size_t done = 0; done < len;) { /* the child reads while we write */
        ssize_t n = write(in[1], payload + done, len - done);
        assert_true(n > 0);
        done += (size_t)n;
    }
    close(in[1]);
    run r = {.out = read_to_end(out[0])};
    close(out[0]);
    int status = -1;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    r.status = WEXITSTATUS(status);
    r.stdin_unread = bytes_left(in[0]);
    close(in[0]);
    r.err = file_get(f->err, NULL);
    r.report = file_get(f->report, NULL);
    return r;
}

static run run_text(const fixture *f, const char *payload, const char *const *env)
{
    return run_hook(f, payload, strlen(payload), env);
}

/* The report's head line ("len= now= grace="). */
static void assert_report_head(const run *r, const char *head)
{
    assert_non_null(r->report);
    size_t n = strcspn(r->report, "\n");
    char line[128];
    snprintf(line, sizeof line, "%.*s", (int)n, r->report);
    assert_string_equal(line, head);
}

/* ---- tests ---------------------------------------------------------------------------------- */

static const char PAYLOAD[] =
    "{\"session_id\":\"s-1\",\"hook_event_name\":\"Stop\",\"cwd\":\"/w/caf\xc3"
    "\xa9\"}\n";

static void fn_gets_the_payload_whole_and_stdout_stays_empty(void **state)
{
    fixture *f = *state;
    const char *const env[] = {NOW_ENV "=1234", NULL};
    run r = run_text(f, PAYLOAD, env);
    assert_int_equal(r.status, 0);
    char expected[512];
    snprintf(expected, sizeof expected, "len=%zu now=1234 grace=%d\n%s", strlen(PAYLOAD),
             GRACE_DEFAULT, PAYLOAD);
    assert_string_equal(r.report, expected);
    assert_string_equal(r.out, ""); /* printf and write(1) of fn went to /dev/null */
    assert_string_equal(r.err, "");
    assert_false(r.stdin_unread);
    free_run(&r);
}

static void a_payload_past_the_first_buffer_arrives_whole(void **state)
{
    fixture *f = *state;
    const size_t len = 200 * 1024 + 7; /* the reader starts with 64 KiB */
    char *payload = malloc(len + 1);
    assert_non_null(payload);
    for (size_t i = 0; i < len; i++)
        payload[i] = (char)('a' + i % 26);
    payload[len] = '\0';
    const char *const env[] = {NOW_ENV "=1700000000000", NULL};
    run r = run_hook(f, payload, len, env);
    assert_int_equal(r.status, 0);
    char head[128];
    snprintf(head, sizeof head, "len=%zu now=1700000000000 grace=%d", len, GRACE_DEFAULT);
    assert_report_head(&r, head);
    assert_memory_equal(strchr(r.report, '\n') + 1, payload, len);
    assert_string_equal(r.out, "");
    free(payload);
    free_run(&r);
}

/* The grace period fn gets with GRACE_ENV set to value (NULL: unset). */
static long long grace_with(const fixture *f, const char *value)
{
    char setting[64];
    snprintf(setting, sizeof setting, GRACE_ENV "=%s", value ? value : "");
    const char *const env[] = {NOW_ENV "=1", value ? setting : NULL, NULL};
    run r = run_text(f, "{}", env);
    assert_int_equal(r.status, 0);
    long long grace = -1;
    assert_non_null(r.report);
    assert_int_equal(sscanf(r.report, "len=2 now=1 grace=%lld", &grace), 1);
    free_run(&r);
    return grace;
}

static void the_grace_period_comes_from_its_variable_within_bounds(void **state)
{
    fixture *f = *state;
    assert_int_equal(grace_with(f, "2500"), 2500);
    assert_int_equal(grace_with(f, "0"), 0);
    assert_int_equal(grace_with(f, "600000"), 600000);
    assert_int_equal(grace_with(f, NULL), GRACE_DEFAULT);
    assert_int_equal(grace_with(f, ""), GRACE_DEFAULT);
    assert_int_equal(grace_with(f, "600001"), GRACE_DEFAULT); /* over ten minutes */
    assert_int_equal(grace_with(f, "-1"), GRACE_DEFAULT);
    assert_int_equal(grace_with(f, "2s"), GRACE_DEFAULT);
    assert_int_equal(grace_with(f, "soon"), GRACE_DEFAULT);
    assert_int_equal(grace_with(f, "99999999999999999999"), GRACE_DEFAULT);
}

static void the_clock_variable_replaces_the_wall_clock(void **state)
{
    (void)state;
    setenv(NOW_ENV, "1700000000000", 1);
    assert_int_equal(kit_hook_now_ms(&SPEC), 1700000000000LL);
    setenv(NOW_ENV, "1234", 1);
    assert_int_equal(kit_hook_now_ms(&SPEC), 1234);
    unsetenv(NOW_ENV);
}

static void disabled_reads_stdin_and_calls_nothing(void **state)
{
    fixture *f = *state;
    const char *const env[] = {"MOSAIC_TELEMETRY_ENABLED=false", NULL};
    run r = run_text(f, PAYLOAD, env);
    assert_int_equal(r.status, 0);
    assert_null(r.report);
    assert_false(r.stdin_unread); /* read all the same: the harness never meets a closed pipe */
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "");
    free_run(&r);
}

static void an_empty_payload_is_one_line_on_stderr(void **state)
{
    fixture *f = *state;
    run r = run_text(f, "", NULL);
    assert_int_equal(r.status, 0);
    assert_null(r.report);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "empty payload"));
    assert_int_equal(strncmp(r.err, "mosaic-telemetry hook test: ", 28), 0);
    assert_ptr_equal(strchr(r.err, '\n'), r.err + strlen(r.err) - 1); /* one line */
    free_run(&r);
}

static void a_broken_config_is_one_line_and_status_zero(void **state)
{
    fixture *f = *state;
    const char *const env[] = {"MOSAIC_TELEMETRY_ENABLED=perhaps", NULL};
    run r = run_text(f, PAYLOAD, env);
    assert_int_equal(r.status, 0); /* a harness may block the user's turn on any other */
    assert_null(r.report);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "MOSAIC_TELEMETRY_ENABLED"));
    assert_ptr_equal(strchr(r.err, '\n'), r.err + strlen(r.err) - 1);
    assert_false(r.stdin_unread); /* read before the config: the harness meets no closed pipe */
    free_run(&r);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(fn_gets_the_payload_whole_and_stdout_stays_empty),
        TEST(a_payload_past_the_first_buffer_arrives_whole),
        TEST(the_grace_period_comes_from_its_variable_within_bounds),
        TEST(the_clock_variable_replaces_the_wall_clock),
        TEST(disabled_reads_stdin_and_calls_nothing),
        TEST(an_empty_payload_is_one_line_on_stderr),
        TEST(a_broken_config_is_one_line_and_status_zero),
    };
    return cmocka_run_group_tests_name("unit/kit_hook_process", tests, NULL, NULL);
}
