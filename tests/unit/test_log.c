/* Log lines never carry a control character from outside input (core/log.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "log.h"
#include "log_capture.h"

static void control_characters_are_written_as_hex(void **state)
{
    (void)state;
    char out[64];
    mt_escape_controls("a\x1b[31mred\r\nend\x7f", out, sizeof out);
    assert_string_equal(out, "a\\x1b[31mred\\x0d\\x0aend\\x7f");
    mt_escape_controls("caf\xc3\xa9", out, sizeof out); /* UTF-8 is not a control */
    assert_string_equal(out, "caf\xc3\xa9");
}

static void an_escape_is_never_cut_in_half(void **state)
{
    (void)state;
    char out[6];
    mt_escape_controls("ab\x1b", out, sizeof out); /* "ab\x1b" needs 7 bytes with its NUL */
    assert_string_equal(out, "ab");
    mt_escape_controls("abcdefgh", out, sizeof out);
    assert_string_equal(out, "abcde");
}

static void a_log_line_is_escaped_before_any_sink(void **state)
{
    (void)state;
    log_capture logs = {0};
    mt_logger logger = log_capture_logger(&logs, MOSAIC_LOG_DEBUG);
    mt_log(&logger, MOSAIC_LOG_WARN, "unknown event '%s'", "Stop\x1b]0;owned\x07");
    assert_int_equal(log_capture_matching(&logs, "unknown event 'Stop\\x1b]0;owned\\x07'"), 1);
    log_capture_free(&logs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(control_characters_are_written_as_hex),
        cmocka_unit_test(an_escape_is_never_cut_in_half),
        cmocka_unit_test(a_log_line_is_escaped_before_any_sink),
    };
    return cmocka_run_group_tests_name("unit/log", tests, NULL, NULL);
}
