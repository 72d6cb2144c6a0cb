/* The hook frame (adapters/kit/hook_frame.h) with a tiny fake adapter: payloads "<event>
 * <session>" read into the kit's payload head (payload_head.h), a session state of one text line,
 * and a finalize that appends a line to <dir>/finalized.log. Real files in a fresh directory per
 * test (the state directory), real processes where the frame forks (the finisher), and the tasks'
 * clock invented: the call's now_ms, and the finisher's from the spec's variable. File times are on
 * the real clock, as the sweep reads them. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "hook_frame.h"
#include "temp_dir.h"

#define NOW     1700000000000LL /* the tasks' clock */
#define GRACE   3000LL
#define HOUR    3600000LL
#define WAIT_MS 10000 /* the longest the test waits for a finisher */
#define NOW_ENV "MOSAIC_TELEMETRY_FAKE_NOW_MS"

/* ---- the fake adapter -------------------------------------------------------------------------
 */

typedef struct fake_payload {
    kit_payload_head head; /* as every adapter's payload begins */
} fake_payload;

/* The fake's one event number of its own: "ignored" and "mystery" are the kit's two. */
enum { FAKE_EVENT = KIT_EVENT_IGNORED + 1 };

typedef struct fake_session {
    int applied;
    kit_task task;
} fake_session;

/* What the fake's apply saw, for the test to look at (the test's own process only). */
static struct {
    int calls;
    bool lock_held;         /* the session's lock could not be taken by another opener */
    kit_task_status status; /* the task's status when the event came */
} seen;

static bool fake_parse(const char *text, size_t len, void *payload, char *err, size_t errlen)
{
    (void)len;
    kit_payload_head *h = &((fake_payload *)payload)->head;
    memset(h, 0, sizeof *h);
    if (sscanf(text, "%15s %63s", h->event_name, h->session_id) != 2) {
        snprintf(err, errlen, "not a fake payload");
        return false;
    }
    h->event = strcmp(h->event_name, "ignored") == 0   ? KIT_EVENT_IGNORED
               : strcmp(h->event_name, "mystery") == 0 ? KIT_EVENT_UNKNOWN
                                                       : FAKE_EVENT;
    return true;
}

static bool fake_state_parse(const char *text, size_t len, void *session)
{
    (void)len;
    fake_session *s = session;
    memset(s, 0, sizeof *s);
    kit_task_reset(&s->task);
    int status;
    int64_t last, end;
    char id[40];
    if (sscanf(text, "fake1 %d %d %" SCNd64 " %" SCNd64 " %39s", &s->applied, &status, &last, &end,
               id) != 5)
        return false;
    s->task.status = (kit_task_status)status;
    s->task.start_ms = s->task.last_ms = last;
    s->task.end_ms = end;
    snprintf(s->task.event_id, sizeof s->task.event_id, "%s", strcmp(id, "-") ? id : "");
    return true;
}

static char *fake_state_format(const void *session)
{
    const fake_session *s = session;
    char *text = NULL;
    if (asprintf(&text, "fake1 %d %d %" PRId64 " %" PRId64 " %s\n", s->applied, (int)s->task.status,
                 s->task.last_ms, s->task.end_ms, s->task.event_id[0] ? s->task.event_id : "-") < 0)
        return NULL;
    return text;
}

static void fake_apply(kit_frame *f)
{
    fake_session *s = f->session;
    const fake_payload *p = f->payload;
    kit_store other;
    char err[KIT_PATH_MAX + 256];
    seen.calls++;
    seen.lock_held = !kit_store_open(&other, f->dir, f->store.name, 0, err, sizeof err);
    if (!seen.lock_held)
        kit_store_close(&other);
    seen.status = s->task.status;
    s->applied++;
    if (strcmp(p->head.event_name, "begin") == 0) {
        kit_task_reset(&s->task);
        s->task.status = KIT_TASK_OPEN;
        s->task.start_ms = s->task.last_ms = f->now_ms;
        snprintf(s->task.event_id, sizeof s->task.event_id, "ev-%" PRId64, f->now_ms);
    } else if (strcmp(p->head.event_name, "end") == 0) {
        s->task.status = KIT_TASK_ENDED;
        s->task.end_ms = f->now_ms;
        f->finish_later = true;
    } else if (strcmp(p->head.event_name, "start") == 0)
        f->sweep = true;
}

/* One line per finalized task: "<session> <event id> <now_ms>". */
static void fake_finalize(kit_frame *f)
{
    char path[KIT_PATH_MAX + 32], line[128];
    kit_task *t = kit_frame_task(f);
    snprintf(path, sizeof path, "%s/finalized.log", f->dir);
    snprintf(line, sizeof line, "%s %s %" PRId64 "\n", f->store.name, t->event_id, f->now_ms);
    file_append_str(path, line);
    kit_task_reset(t);
}

static void fake_end_unstopped(kit_frame *f)
{
    kit_task *t = kit_frame_task(f);
    t->end_ms = t->last_ms;
    t->status = KIT_TASK_ENDED;
}

/* "late": an event during which the harness may kill the hook; its work goes to a child. */
static bool fake_detach(const void *payload, int64_t grace_ms)
{
    (void)grace_ms;
    return strcmp(((const fake_payload *)payload)->head.event_name, "late") == 0;
}

static const kit_hook_spec FAKE_SPEC = {
    .who = "hook fake",
    .now_env = NOW_ENV,
    .grace_default_ms = GRACE,
};

static const kit_frame_adapter FAKE = {
    .spec = &FAKE_SPEC,
    .state_dir = "fake",
    .payload_size = sizeof(fake_payload),
    .session_size = sizeof(fake_session),
    .task_offset = offsetof(fake_session, task),
    .parse = fake_parse,
    .state_parse = fake_state_parse,
    .state_format = fake_state_format,
    .apply = fake_apply,
    .finalize = fake_finalize,
    .end_unstopped = fake_end_unstopped,
    .detach = fake_detach,
};

/* ---- the fixture ------------------------------------------------------------------------------
 */

typedef struct fixture {
    char dir[TEMP_DIR_PATH_MAX];
} fixture;

static int setup(void **state)
{
    fixture *f = temp_fixture_new(sizeof *f, "kit-hook-frame");
    if (!f)
        return -1;
    setenv("MOSAIC_TELEMETRY_STATE_DIR", f->dir, 1);
    unsetenv(NOW_ENV);
    memset(&seen, 0, sizeof seen);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    return temp_fixture_free(*state);
}

static void run_hook(const char *payload, int64_t now_ms, int64_t grace_ms)
{
    kit_hook_call call = {.spec = &FAKE_SPEC,
                          .payload = payload,
                          .payload_len = strlen(payload),
                          .now_ms = now_ms,
                          .grace_ms = grace_ms};
    kit_frame_run(&FAKE, &call);
}

/* <dir>/<name> read whole ("" when missing), into a static buffer. */
static const char *read_file(const fixture *f, const char *name)
{
    static char text[4096];
    char path[TEMP_DIR_PATH_MAX];
    char *got = file_get(temp_path(path, f->dir, name), NULL);
    snprintf(text, sizeof text, "%s", got ? got : "");
    free(got);
    return text;
}

static void put_file(const fixture *f, const char *name, const char *text, int64_t mtime_ms)
{
    char path[TEMP_DIR_PATH_MAX];
    assert_true(file_put_str(temp_path(path, f->dir, name), text));
    assert_true(file_set_mtime_ms(path, mtime_ms));
}

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for the finisher (the frame's only child) to exit. */
static void wait_for_finisher(void)
{
    int status = -1;
    int64_t deadline = monotonic_ms() + WAIT_MS;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) == 0 && monotonic_ms() < deadline)
        nanosleep(&(struct timespec){0, 10 * 1000000L}, NULL);
    assert_true(pid > 0);
    assert_true(WIFEXITED(status));
}

/* ---- the tests --------------------------------------------------------------------------------
 */

static void the_event_is_applied_under_the_lock_and_the_state_written(void **state)
{
    fixture *f = *state;
    run_hook("begin s1", NOW, GRACE);
    assert_int_equal(seen.calls, 1);
    assert_true(seen.lock_held);
    assert_int_equal(seen.status, KIT_TASK_NONE); /* a fresh session */
    assert_string_equal(read_file(f, "s1.json"), "fake1 1 1 1700000000000 0 ev-1700000000000\n");
    run_hook("noop s1", NOW + 1000, GRACE); /* the state is loaded again */
    assert_int_equal(seen.status, KIT_TASK_OPEN);
    assert_string_equal(read_file(f, "s1.json"), "fake1 2 1 1700000000000 0 ev-1700000000000\n");
    run_hook("ignored s1", NOW + 2000, GRACE); /* not usable: the session is not opened */
    run_hook("mystery s1", NOW + 2000, GRACE); /* unknown: likewise */
    run_hook("garbage", NOW + 2000, GRACE);
    assert_int_equal(seen.calls, 2);
}

static void an_overdue_ended_task_is_finalized_before_the_event(void **state)
{
    fixture *f = *state;
    put_file(f, "s1.json", "fake1 4 2 1699999990000 1699999997000 ev-old\n", mt_realtime_ms());
    run_hook("noop s1", NOW, GRACE); /* ended 3 s ago: its grace is over */
    assert_int_equal(seen.status, KIT_TASK_NONE);
    assert_string_equal(read_file(f, "finalized.log"), "s1 ev-old 1700000000000\n");
    assert_string_equal(read_file(f, "s1.json"), "fake1 5 0 0 0 -\n");

    put_file(f, "s2.json", "fake1 0 2 1699999990000 1699999998000 ev-young\n", mt_realtime_ms());
    run_hook("noop s2", NOW, GRACE); /* ended 2 s ago: still its finisher's */
    assert_int_equal(seen.status, KIT_TASK_ENDED);
    assert_string_equal(read_file(f, "finalized.log"), "s1 ev-old 1700000000000\n");
}

static void the_finisher_finalizes_the_task_that_ended(void **state)
{
    fixture *f = *state;
    run_hook("begin s1", NOW, GRACE);
    setenv(NOW_ENV, "1700000000500", 1); /* the finisher's clock */
    run_hook("end s1", NOW + 100, 200);
    wait_for_finisher();
    assert_string_equal(read_file(f, "finalized.log"), "s1 ev-1700000000000 1700000000500\n");
    assert_string_equal(read_file(f, "s1.json"), "fake1 2 0 0 0 -\n");
}

static void the_finisher_leaves_a_task_begun_since(void **state)
{
    fixture *f = *state;
    run_hook("begin s1", NOW, GRACE);
    setenv(NOW_ENV, "1700000009000", 1);
    run_hook("end s1", NOW + 100, 500);   /* its finisher sleeps half a second */
    run_hook("begin s1", NOW + 200, 500); /* another task, another event id */
    wait_for_finisher();
    assert_string_equal(read_file(f, "finalized.log"), "");
    assert_string_equal(read_file(f, "s1.json"), "fake1 3 1 1700000000200 0 ev-1700000000200\n");
}

static void a_detached_event_is_applied_by_a_child(void **state)
{
    fixture *f = *state;
    run_hook("begin s1", NOW, GRACE);
    run_hook("late s1", NOW + 100, GRACE);
    assert_int_equal(seen.calls, 1); /* not in this process */
    wait_for_finisher();
    assert_string_equal(read_file(f, "s1.json"), "fake1 2 1 1700000000000 0 ev-1700000000000\n");
}

static void the_sweep_settles_other_sessions_and_skips_its_own(void **state)
{
    fixture *f = *state;
    int64_t hour_ago = mt_realtime_ms() - HOUR; /* file times: the real clock */
    put_file(f, "ended.json", "fake1 0 2 1699999000000 1699999000000 ev-ended\n", hour_ago);
    put_file(f, "open.json", "fake1 0 1 1699910000000 0 ev-open\n", hour_ago); /* 25 h */
    put_file(f, "busy.json", "fake1 0 1 1699999000000 0 ev-busy\n", hour_ago); /* 17 min */
    put_file(f, "idle.json", "fake1 0 0 0 0 -\n", mt_realtime_ms() - 8 * 24 * HOUR);
    put_file(f, "quiet.json", "fake1 0 0 0 0 -\n", hour_ago);
    /* Its own session holds a task open for 25 h too: the sweep must leave it alone. */
    put_file(f, "s1.json", "fake1 0 1 1699910000000 0 ev-own\n", hour_ago);
    run_hook("start s1", NOW, GRACE);
    wait_for_finisher(); /* the sweep runs in a detached child */
    const char *log = read_file(f, "finalized.log");
    assert_non_null(strstr(log, "ended ev-ended 1700000000000\n"));
    assert_non_null(strstr(log, "open ev-open 1700000000000\n"));
    assert_null(strstr(log, "ev-own"));
    assert_null(strstr(log, "ev-busy"));
    assert_string_equal(read_file(f, "ended.json"), "fake1 0 0 0 0 -\n");
    assert_string_equal(read_file(f, "open.json"), "fake1 0 0 0 0 -\n");
    assert_string_equal(read_file(f, "busy.json"), "fake1 0 1 1699999000000 0 ev-busy\n");
    assert_string_equal(read_file(f, "s1.json"), "fake1 1 1 1699910000000 0 ev-own\n");
    char path[TEMP_DIR_PATH_MAX];
    assert_false(file_exists(temp_path(path, f->dir, "idle.json")));
    assert_true(file_exists(temp_path(path, f->dir, "quiet.json")));
    assert_true(file_exists(temp_path(path, f->dir, "sweep.stamp")));
}

static void the_head_decides_whether_a_payload_is_usable(void **state)
{
    (void)state;
    kit_payload_head h = {.event = FAKE_EVENT, .event_name = "begin", .session_id = "s1"};
    assert_true(kit_frame_head_usable(&FAKE, &h));
    h.session_id[0] = '\0';
    assert_false(kit_frame_head_usable(&FAKE, &h)); /* no session id */
    h = (kit_payload_head){.event = KIT_EVENT_IGNORED, .event_name = "x", .session_id = "s1"};
    assert_false(kit_frame_head_usable(&FAKE, &h));
    h.event = KIT_EVENT_UNKNOWN;
    assert_false(kit_frame_head_usable(&FAKE, &h));
}

/* Members the head does not read reach the adapter's own reader. */
static bool read_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    kit_payload_head *h = user;
    int head = kit_payload_head_member(c, key, n, h);
    if (head != 0)
        return head > 0;
    if (KIT_JS_KEY_IS(key, n, "cwd"))
        h->event = FAKE_EVENT; /* seen */
    return kit_js_skip(c);
}

static void the_head_reads_its_members_and_leaves_the_others(void **state)
{
    (void)state;
    static const char text[] = "{\"hook_event_name\":\"Stop\",\"cwd\":\"/w\",\"session_id\":"
                               "\"s-1\",\"transcript_path\":\"/t/r.jsonl\",\"model\":{}}";
    kit_payload_head h = {0};
    char err[128];
    assert_true(
        kit_js_parse_object("the payload", text, strlen(text), read_member, &h, err, sizeof err));
    assert_string_equal(h.event_name, "Stop");
    assert_string_equal(h.session_id, "s-1");
    assert_string_equal(h.transcript_path, "/t/r.jsonl");
    assert_int_equal(h.event, FAKE_EVENT);
    static const char bad[] = "{\"session_id\":\"s-1";
    assert_false(
        kit_js_parse_object("the payload", bad, strlen(bad), read_member, &h, err, sizeof err));
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(the_event_is_applied_under_the_lock_and_the_state_written),
        TEST(an_overdue_ended_task_is_finalized_before_the_event),
        TEST(the_finisher_finalizes_the_task_that_ended),
        TEST(the_finisher_leaves_a_task_begun_since),
        TEST(the_sweep_settles_other_sessions_and_skips_its_own),
        TEST(a_detached_event_is_applied_by_a_child),
        TEST(the_head_decides_whether_a_payload_is_usable),
        TEST(the_head_reads_its_members_and_leaves_the_others),
    };
    return cmocka_run_group_tests_name("unit/kit_hook_frame", tests, NULL, NULL);
}
