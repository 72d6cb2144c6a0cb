/* What each HTTP status means (docs/protocol.md, "Sending events") and the backoff formula
 * ("Retries and deadlines"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "protocol.h"
#include "random.h"

static void test_action_for_status(void **state)
{
    (void)state;
    static const struct {
        long status;
        mt_action action;
    } cases[] = {
        {200, MT_ACTION_DONE},  {202, MT_ACTION_DONE},  {204, MT_ACTION_DONE},
        {400, MT_ACTION_DROP},  {401, MT_ACTION_HOLD},  {403, MT_ACTION_HOLD},
        {404, MT_ACTION_DROP},  {408, MT_ACTION_RETRY}, {413, MT_ACTION_SPLIT},
        {422, MT_ACTION_DROP},  {429, MT_ACTION_RETRY}, {500, MT_ACTION_RETRY},
        {502, MT_ACTION_RETRY}, {503, MT_ACTION_RETRY}, {504, MT_ACTION_RETRY},
        {0, MT_ACTION_RETRY},   {302, MT_ACTION_HOLD},  {308, MT_ACTION_HOLD},
        {418, MT_ACTION_DROP},  {299, MT_ACTION_DONE},  {100, MT_ACTION_HOLD},
        {501, MT_ACTION_HOLD},  {505, MT_ACTION_HOLD},  {599, MT_ACTION_HOLD},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        mt_action got = mt_action_for_status(cases[i].status);
        if (got != cases[i].action)
            fail_msg("status %ld: action %d, expected %d", cases[i].status, (int)got,
                     (int)cases[i].action);
    }
}

static void test_retry_after_statuses(void **state)
{
    (void)state;
    assert_true(mt_status_has_retry_after(429));
    assert_true(mt_status_has_retry_after(503));
    assert_false(mt_status_has_retry_after(500));
    assert_false(mt_status_has_retry_after(502));
    assert_false(mt_status_has_retry_after(200));
}

static void test_backoff_lower_bound_doubles_then_caps(void **state)
{
    (void)state;
    static const int64_t expected[] = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
    for (int attempt = 1; attempt <= 8; attempt++)
        assert_int_equal(mt_backoff_ms(attempt, 1000, 60000, 0.0), expected[attempt - 1]);
}

static void test_backoff_upper_bound_doubles_then_caps(void **state)
{
    (void)state;
    static const int64_t expected[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
    for (int attempt = 1; attempt <= 8; attempt++) {
        assert_int_equal(mt_backoff_ms(attempt, 1000, 60000, 1.0), expected[attempt - 1]);
        /* Just below 1 (the largest jitter a [0, 1) source gives): within 1 ms of the bound. */
        int64_t near = mt_backoff_ms(attempt, 1000, 60000, nextafter(1.0, 0.0));
        assert_in_range(near, expected[attempt - 1] - 1, expected[attempt - 1]);
    }
}

static void test_backoff_midpoint(void **state)
{
    (void)state;
    assert_int_equal(mt_backoff_ms(1, 1000, 60000, 0.5), 750);
    assert_int_equal(mt_backoff_ms(3, 1000, 60000, 0.5), 3000);
}

static void test_backoff_jitter_stays_in_half_to_full(void **state)
{
    (void)state;
    for (int i = 0; i < 2000; i++) {
        int attempt = 1 + i % 8;
        double full = fmin(60000.0, 1000.0 * pow(2, attempt - 1));
        int64_t got = mt_backoff_ms(attempt, 1000, 60000, mt_random_unit());
        assert_in_range(got, (int64_t)(full * 0.5), (int64_t)full);
    }
}

static void test_backoff_large_attempt_is_capped(void **state)
{
    (void)state;
    assert_int_equal(mt_backoff_ms(1000, 1000, 60000, 1.0), 60000);
    assert_int_equal(mt_backoff_ms(100000, 10, 50, 0.0), 25);
}

static void test_backoff_small_units(void **state)
{
    (void)state;
    assert_int_equal(mt_backoff_ms(1, 10, 100, 1.0), 10);
    assert_int_equal(mt_backoff_ms(2, 10, 100, 1.0), 20);
    assert_int_equal(mt_backoff_ms(5, 10, 100, 1.0), 100);
}

static void test_protocol_constants(void **state)
{
    (void)state;
    assert_string_equal(MT_EVENTS_PATH, "/v1/events/batch");
    assert_string_equal(MT_PREDICTIONS_PATH, "/v1/predictions/batch");
    assert_string_equal(MT_USER_AGENT, "mosaicstack-telemetry-c/" MOSAIC_VERSION);
    assert_int_equal(MT_MAX_EVENTS_PER_BATCH, 100);
    assert_int_equal(MT_MAX_QUERIES_PER_REQUEST, 50);
    assert_int_equal(MT_RETRY_AFTER_CAP_MS, 3600000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_action_for_status),
        cmocka_unit_test(test_retry_after_statuses),
        cmocka_unit_test(test_backoff_lower_bound_doubles_then_caps),
        cmocka_unit_test(test_backoff_upper_bound_doubles_then_caps),
        cmocka_unit_test(test_backoff_midpoint),
        cmocka_unit_test(test_backoff_jitter_stays_in_half_to_full),
        cmocka_unit_test(test_backoff_large_attempt_is_capped),
        cmocka_unit_test(test_backoff_small_units),
        cmocka_unit_test(test_protocol_constants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
