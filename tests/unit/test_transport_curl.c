/* The libcurl transport on the libcurl versions it accepts: the real libcurl, and the same
 * libcurl behind a test double that refuses the options an older one does not know
 * (CURLOPT_PROTOCOLS_STR before 7.85). Either way a file:// URL must be refused, since only http
 * and https may be used; a libcurl that can be limited by neither option is not used at all. */
#define CURL_DISABLE_DEPRECATION /* CURLOPT_PROTOCOLS: what an older libcurl understands */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "curl_api.h"
#include "log_capture.h"
#include "transport_curl.h"

/* ---- the test double: the real libcurl, minus the options an older one lacks ---------------- */

static const mt_curl_api *real;
static bool knows_protocols_str, knows_protocols;
static long protocols_mask; /* what CURLOPT_PROTOCOLS was given; 0 when never */

static CURLcode older_setopt(CURL *easy, CURLoption option, ...)
{
    va_list args;
    va_start(args, option);
    CURLcode result;
    if ((option == CURLOPT_PROTOCOLS_STR && !knows_protocols_str) ||
        (option == CURLOPT_PROTOCOLS && !knows_protocols)) {
        result = CURLE_UNKNOWN_OPTION;
    } else if (option < CURLOPTTYPE_OBJECTPOINT) {
        long value = va_arg(args, long);
        if (option == CURLOPT_PROTOCOLS)
            protocols_mask = value;
        result = real->easy_setopt(easy, option, value);
    } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
        result = real->easy_setopt(easy, option, va_arg(args, void *));
    } else if (option < CURLOPTTYPE_OFF_T) {
        result = real->easy_setopt(easy, option, va_arg(args, void (*)(void)));
    } else {
        result = real->easy_setopt(easy, option, va_arg(args, curl_off_t));
    }
    va_end(args);
    return result;
}

static mt_curl_api older_libcurl(bool protocols_str, bool protocols)
{
    knows_protocols_str = protocols_str;
    knows_protocols = protocols;
    protocols_mask = 0;
    mt_curl_api api = *real;
    api.easy_setopt = older_setopt;
    return api;
}

/* ---- helpers -------------------------------------------------------------------------------- */

static int load_real(void **state)
{
    (void)state;
    char why[200];
    real = mt_curl_api_get(why, sizeof why);
    return real ? 0 : -1;
}

/* A request for a local file: any libcurl reads it unless its protocols are limited. */
static void send_file_url(mt_transport *t, mt_http_response *response)
{
    mt_http_request request = {.url = "file:///etc/hostname", .body = "{}", .body_len = 2};
    *response = (mt_http_response){0};
    t->ops->send(t, &request, response);
}

static mt_transport *transport_over(const mt_curl_api *api, mt_logger *log)
{
    mosaic_config config = {.request_timeout_seconds = 5};
    return mt_transport_curl_over(api, &config, log);
}

static void assert_refused(mt_transport *t)
{
    mt_http_response response;
    send_file_url(t, &response);
    assert_int_equal(response.status, 0);
    assert_non_null(strstr(response.error, "rotocol")); /* "Unsupported protocol" */
    mt_buf_clear(&response.body);
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void this_libcurl_refuses_file_urls(void **state)
{
    (void)state;
    log_capture capture = {0};
    mt_logger log = log_capture_logger(&capture, MOSAIC_LOG_DEBUG);
    mt_transport *t = transport_over(real, &log);
    assert_non_null(t);
    assert_refused(t);
    t->ops->destroy(t);
    log_capture_free(&capture);
}

static void before_7_85_the_bitmask_limits_the_protocols(void **state)
{
    (void)state;
    mt_curl_api older = older_libcurl(false, true);
    log_capture capture = {0};
    mt_logger log = log_capture_logger(&capture, MOSAIC_LOG_DEBUG);
    mt_transport *t = transport_over(&older, &log);
    assert_non_null(t);
    assert_int_equal(protocols_mask, CURLPROTO_HTTP | CURLPROTO_HTTPS);
    assert_refused(t);
    t->ops->destroy(t);
    log_capture_free(&capture);
}

static void a_libcurl_that_cannot_be_limited_is_not_used(void **state)
{
    (void)state;
    mt_curl_api neither = older_libcurl(false, false);
    log_capture capture = {0};
    mt_logger log = log_capture_logger(&capture, MOSAIC_LOG_DEBUG);
    assert_null(transport_over(&neither, &log));
    assert_int_equal(log_capture_matching(&capture, "limited to http and https"), 1);
    log_capture_free(&capture);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(this_libcurl_refuses_file_urls),
        cmocka_unit_test(before_7_85_the_bitmask_limits_the_protocols),
        cmocka_unit_test(a_libcurl_that_cannot_be_limited_is_not_used),
    };
    return cmocka_run_group_tests(tests, load_real, NULL);
}
