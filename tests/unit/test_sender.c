/* The retry policy of docs/protocol.md, "Retries and deadlines", driven through the fake
 * transport and the fake clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "fake_clock.h"
#include "fake_transport.h"
#include "log_capture.h"
#include "sender.h"

#define START_MS 1000000
#define URL      "https://tel.example.com/v1/events/batch"
#define BODY     "{\"events\":[]}"

typedef struct fixture {
    fake_transport transport;
    fake_clock clock;
    log_capture logs;
    mt_logger logger;
    mt_stats stats;
    mt_sender sender;
    mt_http_request request;
    mt_http_response response;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    fake_transport_init(&f->transport, NULL, 0);
    fake_clock_init(&f->clock, START_MS, -1.0); /* real jitter unless a test fixes it */
    f->logger = log_capture_logger(&f->logs, MOSAIC_LOG_DEBUG);
    f->sender = (mt_sender){
        .transport = &f->transport.base,
        .log = &f->logger,
        .clock = fake_clock_seam(&f->clock),
        .max_retries = 3,
        .backoff_base_ms = 1000,
        .backoff_cap_ms = 60000,
        .stats = &f->stats,
        .what = "events",
    };
    f->request = (mt_http_request){URL, BODY, strlen(BODY), NULL, NULL};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    mt_buf_free(&f->response.body);
    fake_transport_free(&f->transport);
    log_capture_free(&f->logs);
    free(f);
    return 0;
}

static mt_send_result post(fixture *f, const fake_reply *script, size_t n)
{
    f->transport.script = script;
    f->transport.script_len = n;
    return mt_sender_post(&f->sender, &f->request, &f->response);
}

#define POST(f, script) post((f), (script), sizeof(script) / sizeof *(script))

static uint64_t counter(_Atomic uint64_t *c)
{
    return atomic_load(c);
}

static void test_success_first_try(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{200, NULL, false, "{}"}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->transport.n_requests, 1);
    assert_int_equal(f->clock.n_sleeps, 0);
    assert_int_equal(f->response.status, 200);
    assert_string_equal(f->response.body.data, "{}");
    assert_int_equal(counter(&f->stats.requests), 1);
    assert_int_equal(counter(&f->stats.failed_requests), 0);
    assert_int_equal(counter(&f->stats.retries), 0);
}

static void test_request_passed_to_transport_unchanged(void **state)
{
    fixture *f = *state;
    _Atomic int64_t deadline = START_MS + 999999;
    f->request.bearer = "secret";
    f->request.deadline_ms = &deadline;
    static const fake_reply script[] = {{204, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_string_equal(f->transport.requests[0].url, URL);
    assert_string_equal(f->transport.requests[0].body, BODY);
    assert_string_equal(f->transport.requests[0].bearer, "secret");
    assert_ptr_equal(f->transport.requests[0].deadline_ms, &deadline);
}

static void test_503_503_200_backs_off_twice(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {
        {503, NULL, false, NULL}, {503, NULL, false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->response.status, 200);
    assert_int_equal(f->transport.n_requests, 3);
    assert_int_equal(f->clock.n_sleeps, 2);
    assert_in_range(f->clock.sleeps[0], 500, 1000);  /* k = 1: [0.5, 1] x 1000 */
    assert_in_range(f->clock.sleeps[1], 1000, 2000); /* k = 2: [0.5, 1] x 2000 */
}

static void test_backoff_uses_jitter_from_clock(void **state)
{
    fixture *f = *state;
    f->clock.unit = 0.0;
    static const fake_reply script[] = {{502, NULL, false, NULL},
                                        {504, NULL, false, NULL},
                                        {408, NULL, false, NULL},
                                        {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->clock.n_sleeps, 3);
    assert_int_equal(f->clock.sleeps[0], 500);
    assert_int_equal(f->clock.sleeps[1], 1000);
    assert_int_equal(f->clock.sleeps[2], 2000);
    assert_int_equal(f->clock.now, START_MS + 3500);
}

static void test_retries_exhausted(void **state)
{
    fixture *f = *state;
    f->sender.max_retries = 2;
    static const fake_reply script[] = {{500, NULL, false, NULL}}; /* repeats */
    assert_int_equal(POST(f, script), MT_SEND_EXHAUSTED);
    assert_int_equal(f->transport.n_requests, 3);
    assert_int_equal(f->clock.n_sleeps, 2);
    assert_int_equal(f->response.status, 500);
    assert_int_equal(counter(&f->stats.retries), 2);
}

static void test_zero_retries_means_one_request(void **state)
{
    fixture *f = *state;
    f->sender.max_retries = 0;
    static const fake_reply script[] = {{503, NULL, false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_EXHAUSTED);
    assert_int_equal(f->transport.n_requests, 1);
    assert_int_equal(f->clock.n_sleeps, 0);
}

static void test_429_retry_after_seconds(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{429, "5", false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->transport.n_requests, 2);
    assert_int_equal(f->clock.n_sleeps, 1);
    assert_int_equal(f->clock.sleeps[0], 5000);
    assert_int_equal(f->sender.blocked_until_ms, START_MS + 5000);
}

static void test_503_retry_after_seconds(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{503, "2", false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->clock.sleeps[0], 2000);
}

static void test_blocked_until_delays_next_post(void **state)
{
    fixture *f = *state;
    f->sender.blocked_until_ms = START_MS + 2500;
    static const fake_reply script[] = {{200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->clock.n_sleeps, 1);
    assert_int_equal(f->clock.sleeps[0], 2500);
    assert_int_equal(f->transport.n_requests, 1);
}

static void test_retry_after_http_date(void **state)
{
    fixture *f = *state;
    time_t at = (time_t)(mt_realtime_ms() / 1000) + 30;
    struct tm tm;
    gmtime_r(&at, &tm);
    char date[64];
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    const fake_reply script[] = {{429, date, false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->clock.n_sleeps, 1);
    assert_in_range(f->clock.sleeps[0], 28000, 30000);
}

static void test_retry_after_capped_at_one_hour(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{429, "999999", false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->clock.sleeps[0], 3600000);
    assert_int_equal(f->sender.blocked_until_ms, START_MS + 3600000);
}

static void test_retry_after_on_500_ignored(void **state)
{
    fixture *f = *state;
    f->clock.unit = 0.0;
    static const fake_reply script[] = {{500, "5", false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->clock.sleeps[0], 500);
    assert_int_equal(f->sender.blocked_until_ms, 0);
}

static void test_unreadable_retry_after_falls_back_to_backoff(void **state)
{
    fixture *f = *state;
    f->clock.unit = 0.0;
    static const fake_reply script[] = {{429, "soon", false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->clock.sleeps[0], 500);
    assert_int_equal(log_capture_matching(&f->logs, "Retry-After"), 1);
}

static void test_deadline_shorter_than_backoff_cuts(void **state)
{
    fixture *f = *state;
    _Atomic int64_t deadline = START_MS + 100;
    f->request.deadline_ms = &deadline;
    static const fake_reply script[] = {{503, NULL, false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_CUT);
    assert_int_equal(f->transport.n_requests, 1);
    /* A wait that cannot end before the deadline is not begun: the events are kept at once. */
    assert_int_equal(f->clock.now, START_MS);
}

static void test_deadline_shorter_than_retry_after_cuts(void **state)
{
    fixture *f = *state;
    _Atomic int64_t deadline = START_MS + 1000;
    f->request.deadline_ms = &deadline;
    static const fake_reply script[] = {{429, "5", false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_CUT);
    assert_int_equal(f->transport.n_requests, 1);
    assert_true(f->clock.now <= START_MS + 1000);
}

static void test_deadline_during_blocked_period_cuts_before_request(void **state)
{
    fixture *f = *state;
    _Atomic int64_t deadline = START_MS + 1000;
    f->request.deadline_ms = &deadline;
    f->sender.blocked_until_ms = START_MS + 5000;
    static const fake_reply script[] = {{200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_CUT);
    assert_int_equal(f->transport.n_requests, 0);
}

static void test_cut_transfer_returns_cut(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{0, NULL, true, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_CUT);
    assert_int_equal(f->transport.n_requests, 1);
}

static void test_400_not_retried(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{400, NULL, false, "{\"error\":\"bad\"}"},
                                        {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->response.status, 400);
    assert_int_equal(f->transport.n_requests, 1);
    assert_int_equal(f->clock.n_sleeps, 0);
    assert_int_equal(counter(&f->stats.failed_requests), 1);
}

static void test_401_and_413_not_retried(void **state)
{
    fixture *f = *state;
    static const fake_reply auth[] = {{401, NULL, false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, auth), MT_SEND_ANSWERED);
    assert_int_equal(f->response.status, 401);
    static const fake_reply large[] = {{413, NULL, false, NULL}, {200, NULL, false, NULL}};
    f->transport.next = 0;
    assert_int_equal(POST(f, large), MT_SEND_ANSWERED);
    assert_int_equal(f->response.status, 413);
    assert_int_equal(f->transport.n_requests, 2);
}

static void test_network_error_retried(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{0, NULL, false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->transport.n_requests, 2);
    assert_int_equal(f->response.status, 200);
    assert_int_equal(log_capture_matching(&f->logs, "connection refused"), 1);
}

static void test_stats_counted(void **state)
{
    fixture *f = *state;
    static const fake_reply script[] = {{0, NULL, false, NULL},
                                        {500, NULL, false, NULL},
                                        {429, "1", false, NULL},
                                        {202, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(counter(&f->stats.requests), 4);
    assert_int_equal(counter(&f->stats.failed_requests), 3);
    assert_int_equal(counter(&f->stats.retries), 3);
}

static void test_without_stats(void **state)
{
    fixture *f = *state;
    f->sender.stats = NULL;
    static const fake_reply script[] = {{503, NULL, false, NULL}, {200, NULL, false, NULL}};
    assert_int_equal(POST(f, script), MT_SEND_ANSWERED);
    assert_int_equal(f->transport.n_requests, 2);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_success_first_try),
        T(test_request_passed_to_transport_unchanged),
        T(test_503_503_200_backs_off_twice),
        T(test_backoff_uses_jitter_from_clock),
        T(test_retries_exhausted),
        T(test_zero_retries_means_one_request),
        T(test_429_retry_after_seconds),
        T(test_503_retry_after_seconds),
        T(test_blocked_until_delays_next_post),
        T(test_retry_after_http_date),
        T(test_retry_after_capped_at_one_hour),
        T(test_retry_after_on_500_ignored),
        T(test_unreadable_retry_after_falls_back_to_backoff),
        T(test_deadline_shorter_than_backoff_cuts),
        T(test_deadline_shorter_than_retry_after_cuts),
        T(test_deadline_during_blocked_period_cuts_before_request),
        T(test_cut_transfer_returns_cut),
        T(test_400_not_retried),
        T(test_401_and_413_not_retried),
        T(test_network_error_retried),
        T(test_stats_counted),
        T(test_without_stats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
