/* Timestamps (RFC 3339 with milliseconds) and Retry-After values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "clock.h"

#define FEB_15_2026_052905 1771133345000LL /* Sun, 15 Feb 2026 05:29:05 GMT */
#define FEB_01_2026_052905 1769923745000LL /* Sun, 01 Feb 2026 05:29:05 GMT */

static void expect_format(int64_t ms, const char *text)
{
    char out[MT_TIMESTAMP_LEN + 1];
    mt_format_timestamp(ms, out);
    assert_string_equal(out, text);
    int64_t back = -12345;
    assert_true(mt_parse_timestamp(text, &back));
    assert_int_equal(back, ms);
}

static void expect_unparseable(const char *text)
{
    int64_t ms = 0;
    if (mt_parse_timestamp(text, &ms))
        fail_msg("'%s' was accepted", text ? text : "(null)");
}

static void test_format_epoch(void **state)
{
    (void)state;
    expect_format(0, "1970-01-01T00:00:00.000Z");
}

static void test_format_keeps_milliseconds(void **state)
{
    (void)state;
    expect_format(FEB_15_2026_052905 + 123, "2026-02-15T05:29:05.123Z");
    expect_format(FEB_15_2026_052905 + 7, "2026-02-15T05:29:05.007Z");
    expect_format(999, "1970-01-01T00:00:00.999Z");
}

static void test_format_leap_day_and_year_end(void **state)
{
    (void)state;
    expect_format(951868799999LL, "2000-02-29T23:59:59.999Z");
    expect_format(253402300799999LL, "9999-12-31T23:59:59.999Z");
}

static void test_format_before_epoch(void **state)
{
    (void)state;
    expect_format(-1, "1969-12-31T23:59:59.999Z");
}

static void test_round_trip_many_values(void **state)
{
    (void)state;
    for (int64_t ms = 0; ms < 4000000000000LL; ms += 98765432101LL) {
        char out[MT_TIMESTAMP_LEN + 1];
        int64_t back = -1;
        mt_format_timestamp(ms, out);
        assert_int_equal(strlen(out), MT_TIMESTAMP_LEN);
        assert_true(mt_parse_timestamp(out, &back));
        assert_int_equal(back, ms);
    }
}

static void test_parse_rejects_impossible_dates(void **state)
{
    (void)state;
    expect_unparseable("2026-02-30T00:00:00.000Z");
    expect_unparseable("2026-02-29T00:00:00.000Z"); /* 2026 is not a leap year */
    expect_unparseable("2026-13-01T00:00:00.000Z");
    expect_unparseable("2026-00-10T00:00:00.000Z");
    expect_unparseable("2026-04-31T00:00:00.000Z");
    expect_unparseable("2026-02-15T24:00:00.000Z");
    expect_unparseable("2026-02-15T05:60:00.000Z");
    int64_t ms;
    assert_true(mt_parse_timestamp("2028-02-29T00:00:00.000Z", &ms));
}

static void test_parse_rejects_other_shapes(void **state)
{
    (void)state;
    expect_unparseable("2026-02-15T05:29:05.123");       /* no Z */
    expect_unparseable("2026-02-15T05:29:05.12Z");       /* 2 fractional digits */
    expect_unparseable("2026-02-15T05:29:05.1234Z");     /* 4 fractional digits */
    expect_unparseable("2026-02-15T05:29:05Z");          /* none */
    expect_unparseable("2026-02-15T05:29:05.123+00:00"); /* offset, not Z */
    expect_unparseable("2026-02-15 05:29:05.123Z");
    expect_unparseable("2026-02-15t05:29:05.123z");
    expect_unparseable(" 2026-02-15T05:29:05.123Z");
    expect_unparseable("2026-2-15T05:29:05.123Z ");
    expect_unparseable("");
    expect_unparseable(NULL);
}

/* ---- Retry-After ------------------------------------------------------------------------- */

static void test_retry_after_seconds(void **state)
{
    (void)state;
    assert_int_equal(mt_parse_retry_after("120", 0), 120000);
    assert_int_equal(mt_parse_retry_after("0", 0), 0);
    assert_int_equal(mt_parse_retry_after(" 7 ", 0), 7000);
}

static void test_retry_after_unreadable(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "   ", "abc", "-5", "1.5", "5s", "+5", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t got = mt_parse_retry_after(bad[i], FEB_15_2026_052905);
        if (got != -1)
            fail_msg("'%s' gave %lld, expected -1", bad[i], (long long)got);
    }
    assert_int_equal(mt_parse_retry_after(NULL, 0), -1);
}

static void test_retry_after_huge_seconds_stay_positive(void **state)
{
    (void)state;
    int64_t got = mt_parse_retry_after("99999999999999999999", 0);
    assert_true(got > 3600000);
}

static void test_retry_after_imf_fixdate(void **state)
{
    (void)state;
    assert_int_equal(mt_parse_retry_after("Sun, 15 Feb 2026 05:29:35 GMT", FEB_15_2026_052905),
                     30000);
}

static void test_retry_after_rfc850(void **state)
{
    (void)state;
    assert_int_equal(mt_parse_retry_after("Sunday, 15-Feb-26 05:29:35 GMT", FEB_15_2026_052905),
                     30000);
}

static void test_retry_after_asctime(void **state)
{
    (void)state;
    assert_int_equal(mt_parse_retry_after("Sun Feb 15 05:29:35 2026", FEB_15_2026_052905), 30000);
    assert_int_equal(mt_parse_retry_after("Sun Feb  1 05:30:05 2026", FEB_01_2026_052905), 60000);
}

static void test_retry_after_date_in_past_is_zero(void **state)
{
    (void)state;
    assert_int_equal(mt_parse_retry_after("Sun, 15 Feb 2026 05:28:05 GMT", FEB_15_2026_052905), 0);
    assert_int_equal(mt_parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", FEB_15_2026_052905), 0);
}

static void test_retry_after_date_relative_to_now_with_millis(void **state)
{
    (void)state;
    /* now is 05:29:05.400: a date at 05:29:10 is 4.6 s away. */
    assert_int_equal(
        mt_parse_retry_after("Sun, 15 Feb 2026 05:29:10 GMT", FEB_15_2026_052905 + 400), 4600);
}

static void test_retry_after_malformed_date(void **state)
{
    (void)state;
    assert_int_equal(mt_parse_retry_after("Sun, 15 Feb 2026 05:29:35", FEB_15_2026_052905), -1);
    assert_int_equal(mt_parse_retry_after("Sun, 15 Foo 2026 05:29:35 GMT", FEB_15_2026_052905), -1);
    assert_int_equal(mt_parse_retry_after("tomorrow", FEB_15_2026_052905), -1);
}

static void test_clocks_advance(void **state)
{
    (void)state;
    int64_t mono = mt_monotonic_ms(), real = mt_realtime_ms();
    assert_true(mono >= 0);
    assert_true(real > 1700000000000LL); /* after Nov 2023 */
    assert_true(mt_monotonic_ms() >= mono);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_epoch),
        cmocka_unit_test(test_format_keeps_milliseconds),
        cmocka_unit_test(test_format_leap_day_and_year_end),
        cmocka_unit_test(test_format_before_epoch),
        cmocka_unit_test(test_round_trip_many_values),
        cmocka_unit_test(test_parse_rejects_impossible_dates),
        cmocka_unit_test(test_parse_rejects_other_shapes),
        cmocka_unit_test(test_retry_after_seconds),
        cmocka_unit_test(test_retry_after_unreadable),
        cmocka_unit_test(test_retry_after_huge_seconds_stay_positive),
        cmocka_unit_test(test_retry_after_imf_fixdate),
        cmocka_unit_test(test_retry_after_rfc850),
        cmocka_unit_test(test_retry_after_asctime),
        cmocka_unit_test(test_retry_after_date_in_past_is_zero),
        cmocka_unit_test(test_retry_after_date_relative_to_now_with_millis),
        cmocka_unit_test(test_retry_after_malformed_date),
        cmocka_unit_test(test_clocks_advance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
