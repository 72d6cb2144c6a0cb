/* Config: defaults, MOSAIC_TELEMETRY_* variables, setters, and every validation rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "events.h"

static const char *const ENV_VARS[] = {
    "MOSAIC_TELEMETRY_SERVER_URL",
    "MOSAIC_TELEMETRY_API_KEY",
    "MOSAIC_TELEMETRY_INSTANCE_ID",
    "MOSAIC_TELEMETRY_ENABLED",
    "MOSAIC_TELEMETRY_DRY_RUN",
    "MOSAIC_TELEMETRY_LOG_LEVEL",
    "MOSAIC_TELEMETRY_CA_BUNDLE",
    "MOSAIC_TELEMETRY_PROXY",
    "MOSAIC_TELEMETRY_ALLOW_INSECURE_HTTP",
};

static void clear_env(void)
{
    for (size_t i = 0; i < sizeof ENV_VARS / sizeof *ENV_VARS; i++)
        unsetenv(ENV_VARS[i]);
}

/* Configs made by valid_config(), so that teardown frees them when a failed assertion jumped
 * over the test's own release(). */
#define MAX_TRACKED 8
static mosaic_config *tracked[MAX_TRACKED];

static void release(mosaic_config *c)
{
    for (size_t i = 0; i < MAX_TRACKED; i++)
        if (tracked[i] == c)
            tracked[i] = NULL;
    mosaic_config_free(c);
}

static int setup(void **state)
{
    (void)state;
    clear_env();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < MAX_TRACKED; i++)
        release(tracked[i]);
    clear_env();
    return 0;
}

/* A config that validates: https server, good key and instance id. */
static mosaic_config *valid_config(void)
{
    mosaic_config *c = mosaic_config_new();
    assert_non_null(c);
    for (size_t i = 0; i < MAX_TRACKED; i++)
        if (!tracked[i]) {
            tracked[i] = c;
            break;
        }
    assert_int_equal(mosaic_config_set_server_url(c, "https://tel.example.com"), MOSAIC_OK);
    assert_int_equal(mosaic_config_set_api_key(c, TEST_API_KEY), MOSAIC_OK);
    assert_int_equal(mosaic_config_set_instance_id(c, TEST_INSTANCE_ID), MOSAIC_OK);
    return c;
}

static void expect_valid(const mosaic_config *c)
{
    char err[256] = "";
    mosaic_status status = mosaic_config_validate(c, err, sizeof err);
    if (status != MOSAIC_OK)
        fail_msg("expected a valid config, got %d: %s", (int)status, err);
}

/* Validation fails and the error line contains `needle` (the field or variable name). */
static void expect_invalid(const mosaic_config *c, const char *needle, char *err, size_t errlen)
{
    err[0] = '\0';
    mosaic_status status = mosaic_config_validate(c, err, errlen);
    if (status != MOSAIC_ERR_INVALID_CONFIG)
        fail_msg("expected INVALID_CONFIG naming '%s' (server_url '%s'), got status %d", needle,
                 c->server_url ? c->server_url : "(null)", (int)status);
    if (!strstr(err, needle))
        fail_msg("error '%s' does not name '%s'", err, needle);
}

static void expect_invalid_field(const mosaic_config *c, const char *needle)
{
    char err[256];
    expect_invalid(c, needle, err, sizeof err);
}

/* ---- defaults and environment ------------------------------------------------------------ */

static void test_defaults(void **state)
{
    (void)state;
    mosaic_config *c = mosaic_config_new();
    assert_non_null(c);
    assert_float_equal(c->submit_interval_seconds, 300.0, 0.0);
    assert_int_equal(c->max_queue_size, 1000);
    assert_int_equal(c->batch_size, 100);
    assert_float_equal(c->request_timeout_seconds, 10.0, 0.0);
    assert_float_equal(c->prediction_cache_ttl_seconds, 21600.0, 0.0);
    assert_int_equal(c->max_retries, 3);
    assert_int_equal(c->backoff_base_ms, 1000);
    assert_int_equal(c->backoff_cap_ms, 60000);
    assert_int_equal(c->log.threshold, MOSAIC_LOG_WARN);
    assert_true(mosaic_config_get_enabled(c));
    assert_false(mosaic_config_get_dry_run(c));
    assert_false(c->allow_insecure_http);
    assert_null(mosaic_config_get_server_url(c));
    assert_null(c->api_key);
    assert_null(mosaic_config_get_instance_id(c));
    assert_null(c->ca_bundle);
    assert_null(c->proxy);
    release(c);
}

static void test_defaults_with_required_values_validate(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    expect_valid(c);
    release(c);
}

static void test_defaults_alone_are_invalid_when_enabled(void **state)
{
    (void)state;
    mosaic_config *c = mosaic_config_new();
    expect_invalid_field(c, "server_url");
    release(c);
}

static void test_environment_is_read(void **state)
{
    (void)state;
    setenv("MOSAIC_TELEMETRY_SERVER_URL", "https://env.example.com/", 1);
    setenv("MOSAIC_TELEMETRY_API_KEY", TEST_API_KEY, 1);
    setenv("MOSAIC_TELEMETRY_INSTANCE_ID", TEST_INSTANCE_ID, 1);
    setenv("MOSAIC_TELEMETRY_ENABLED", "FALSE", 1);
    setenv("MOSAIC_TELEMETRY_DRY_RUN", "yes", 1);
    setenv("MOSAIC_TELEMETRY_LOG_LEVEL", "debug", 1);
    setenv("MOSAIC_TELEMETRY_CA_BUNDLE", "/etc/ca.pem", 1);
    setenv("MOSAIC_TELEMETRY_PROXY", "http://proxy:3128", 1);
    setenv("MOSAIC_TELEMETRY_ALLOW_INSECURE_HTTP", "On", 1);
    mosaic_config *c = mosaic_config_new();
    assert_string_equal(mosaic_config_get_server_url(c), "https://env.example.com");
    assert_string_equal(c->api_key, TEST_API_KEY);
    assert_string_equal(mosaic_config_get_instance_id(c), TEST_INSTANCE_ID);
    assert_false(mosaic_config_get_enabled(c));
    assert_true(mosaic_config_get_dry_run(c));
    assert_int_equal(c->log.threshold, MOSAIC_LOG_DEBUG);
    assert_string_equal(c->ca_bundle, "/etc/ca.pem");
    assert_string_equal(c->proxy, "http://proxy:3128");
    assert_true(c->allow_insecure_http);
    expect_valid(c);
    release(c);
}

static void test_environment_enabled_true_values(void **state)
{
    (void)state;
    static const char *const yes[] = {"true", "1", "YES", "on"};
    for (size_t i = 0; i < 4; i++) {
        setenv("MOSAIC_TELEMETRY_ENABLED", "0", 1);
        mosaic_config *off = mosaic_config_new();
        assert_false(mosaic_config_get_enabled(off));
        release(off);
        setenv("MOSAIC_TELEMETRY_ENABLED", yes[i], 1);
        mosaic_config *on = mosaic_config_new();
        assert_true(mosaic_config_get_enabled(on));
        release(on);
    }
}

static void test_environment_empty_proxy_is_kept(void **state)
{
    (void)state;
    setenv("MOSAIC_TELEMETRY_PROXY", "", 1);
    mosaic_config *c = mosaic_config_new();
    assert_non_null(c->proxy);
    assert_string_equal(c->proxy, "");
    release(c);
}

static void test_setters_override_environment(void **state)
{
    (void)state;
    setenv("MOSAIC_TELEMETRY_SERVER_URL", "https://env.example.com", 1);
    setenv("MOSAIC_TELEMETRY_INSTANCE_ID", "00000000-0000-4000-8000-000000000000", 1);
    setenv("MOSAIC_TELEMETRY_DRY_RUN", "true", 1);
    setenv("MOSAIC_TELEMETRY_LOG_LEVEL", "error", 1);
    mosaic_config *c = mosaic_config_new();
    mosaic_config_set_server_url(c, "https://api.example.com");
    mosaic_config_set_instance_id(c, TEST_INSTANCE_ID);
    mosaic_config_set_dry_run(c, false);
    mosaic_config_set_log_level(c, MOSAIC_LOG_INFO);
    assert_string_equal(mosaic_config_get_server_url(c), "https://api.example.com");
    assert_string_equal(mosaic_config_get_instance_id(c), TEST_INSTANCE_ID);
    assert_false(mosaic_config_get_dry_run(c));
    assert_int_equal(c->log.threshold, MOSAIC_LOG_INFO);
    release(c);
}

static void test_trailing_slash_stripped(void **state)
{
    (void)state;
    mosaic_config *c = mosaic_config_new();
    mosaic_config_set_server_url(c, "https://tel.example.com/");
    assert_string_equal(mosaic_config_get_server_url(c), "https://tel.example.com");
    mosaic_config_set_server_url(c, "https://tel.example.com/base/");
    assert_string_equal(mosaic_config_get_server_url(c), "https://tel.example.com/base");
    release(c);
}

static void test_setters_refuse_null_config(void **state)
{
    (void)state;
    assert_int_equal(mosaic_config_set_server_url(NULL, "https://x"), MOSAIC_ERR_INVALID_ARGUMENT);
    assert_int_equal(mosaic_config_set_batch_size(NULL, 10), MOSAIC_ERR_INVALID_ARGUMENT);
    assert_int_equal(mosaic_config_set_enabled(NULL, true), MOSAIC_ERR_INVALID_ARGUMENT);
    assert_int_equal(mosaic_config_validate(NULL, NULL, 0), MOSAIC_ERR_INVALID_ARGUMENT);
}

/* ---- required values --------------------------------------------------------------------- */

static void test_api_key_wrong_length_names_field_and_64(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_api_key(c, "abcdef123456");
    char err[256];
    expect_invalid(c, "api_key", err, sizeof err);
    assert_non_null(strstr(err, "64"));
    assert_null(strstr(err, "abcdef123456"));
    release(c);
}

static void test_api_key_non_hex_refused_without_echoing_key(void **state)
{
    (void)state;
    static const char key[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg";
    mosaic_config *c = valid_config();
    mosaic_config_set_api_key(c, key);
    char err[256];
    expect_invalid(c, "api_key", err, sizeof err);
    assert_null(strstr(err, key));
    assert_null(strstr(err, "0123456789abcdef")); /* not even a part of it */
    release(c);
}

static void test_bad_instance_id_refused(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_instance_id(c, "not-a-uuid");
    expect_invalid_field(c, "instance_id");
    mosaic_config_set_instance_id(c, "12345678-1234-4234-8234-123456789abcd");
    expect_invalid_field(c, "instance_id");
    release(c);
}

static void test_missing_server_url_refused(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_server_url(c, NULL);
    expect_invalid_field(c, "server_url");
    release(c);
}

static void test_missing_api_key_refused(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_api_key(c, NULL);
    expect_invalid_field(c, "api_key");
    release(c);
}

static void test_missing_instance_id_refused(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_instance_id(c, NULL);
    expect_invalid_field(c, "instance_id");
    release(c);
}

static void test_disabled_config_valid_without_required(void **state)
{
    (void)state;
    mosaic_config *c = mosaic_config_new();
    mosaic_config_set_enabled(c, false);
    expect_valid(c);
    release(c);
}

/* ---- server URL -------------------------------------------------------------------------- */

static void expect_url_valid(const char *url)
{
    mosaic_config *c = valid_config();
    mosaic_config_set_server_url(c, url);
    expect_valid(c);
    release(c);
}

static void expect_url_invalid(const char *url)
{
    mosaic_config *c = valid_config();
    mosaic_config_set_server_url(c, url);
    expect_invalid_field(c, "server_url");
    release(c);
}

static void test_http_to_remote_host_refused(void **state)
{
    (void)state;
    expect_url_invalid("http://tel.example.com");
}

static void test_http_to_loopback_accepted(void **state)
{
    (void)state;
    expect_url_valid("http://127.0.0.1:8080");
    expect_url_valid("http://localhost");
    expect_url_valid("http://localhost:9000/base");
    expect_url_valid("http://[::1]:8080");
}

static void test_http_to_lookalike_of_loopback_refused(void **state)
{
    (void)state;
    expect_url_invalid("http://127.evil.com");
    expect_url_invalid("http://localhost.evil.com");
}

/* The userinfo part of a URL is not the host: curl would connect to evil.example here. */
static void test_http_with_loopback_userinfo_refused(void **state)
{
    (void)state;
    expect_url_invalid("http://127.0.0.1:80@evil.example");
    expect_url_invalid("http://localhost:1@evil.example/");
}

static void test_allow_insecure_http_permits_remote_http(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_server_url(c, "http://tel.example.com");
    mosaic_config_set_allow_insecure_http(c, true);
    expect_valid(c);
    release(c);
}

static void test_other_schemes_refused(void **state)
{
    (void)state;
    expect_url_invalid("ftp://tel.example.com");
    expect_url_invalid("tel.example.com");
    expect_url_invalid("https://");
}

/* ---- numbers ----------------------------------------------------------------------------- */

static void test_batch_size_bounds(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_batch_size(c, 0);
    expect_invalid_field(c, "batch_size");
    mosaic_config_set_batch_size(c, 101);
    expect_invalid_field(c, "batch_size");
    mosaic_config_set_batch_size(c, 1);
    expect_valid(c);
    mosaic_config_set_batch_size(c, 100);
    expect_valid(c);
    release(c);
}

static void test_max_queue_size_zero_refused(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_max_queue_size(c, 0);
    expect_invalid_field(c, "max_queue_size");
    release(c);
}

static void test_interval_must_be_positive_and_finite(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_submit_interval_seconds(c, 0);
    expect_invalid_field(c, "submit_interval_seconds");
    mosaic_config_set_submit_interval_seconds(c, -5);
    expect_invalid_field(c, "submit_interval_seconds");
    mosaic_config_set_submit_interval_seconds(c, NAN);
    expect_invalid_field(c, "submit_interval_seconds");
    mosaic_config_set_submit_interval_seconds(c, 0.5);
    expect_valid(c);
    release(c);
}

static void test_timeout_zero_refused(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_request_timeout_seconds(c, 0);
    expect_invalid_field(c, "request_timeout_seconds");
    release(c);
}

static void test_ttl_zero_refused(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_prediction_cache_ttl_seconds(c, 0);
    expect_invalid_field(c, "prediction_cache_ttl_seconds");
    release(c);
}

static void test_max_retries_bounds(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_max_retries(c, -1);
    expect_invalid_field(c, "max_retries");
    mosaic_config_set_max_retries(c, 101);
    expect_invalid_field(c, "max_retries");
    mosaic_config_set_max_retries(c, 0);
    expect_valid(c);
    release(c);
}

static void test_backoff_cap_below_base_refused(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_backoff_ms(c, 2000, 1000);
    expect_invalid_field(c, "backoff");
    mosaic_config_set_backoff_ms(c, 0, 1000);
    expect_invalid_field(c, "backoff");
    mosaic_config_set_backoff_ms(c, 10, 10);
    expect_valid(c);
    release(c);
}

/* ---- unreadable variables ---------------------------------------------------------------- */

static void test_env_enabled_maybe_is_an_error_naming_variable(void **state)
{
    (void)state;
    setenv("MOSAIC_TELEMETRY_ENABLED", "maybe", 1);
    mosaic_config *c = valid_config();
    expect_invalid_field(c, "MOSAIC_TELEMETRY_ENABLED");
    release(c);
}

static void test_set_enabled_clears_env_error(void **state)
{
    (void)state;
    setenv("MOSAIC_TELEMETRY_ENABLED", "maybe", 1);
    mosaic_config *c = valid_config();
    mosaic_config_set_enabled(c, true);
    expect_valid(c);
    release(c);
}

static void test_env_log_level_loud_is_an_error(void **state)
{
    (void)state;
    setenv("MOSAIC_TELEMETRY_LOG_LEVEL", "loud", 1);
    mosaic_config *c = valid_config();
    expect_invalid_field(c, "MOSAIC_TELEMETRY_LOG_LEVEL");
    mosaic_config_set_log_level(c, MOSAIC_LOG_ERROR);
    expect_valid(c);
    release(c);
}

/* Only the first unreadable variable is remembered: overriding it must not hide the second. */
static void test_second_unreadable_variable_still_reported(void **state)
{
    (void)state;
    setenv("MOSAIC_TELEMETRY_ENABLED", "maybe", 1);
    setenv("MOSAIC_TELEMETRY_DRY_RUN", "perhaps", 1);
    mosaic_config *c = valid_config();
    mosaic_config_set_enabled(c, true);
    expect_invalid_field(c, "MOSAIC_TELEMETRY_DRY_RUN");
    mosaic_config_set_dry_run(c, false);
    expect_valid(c);
    release(c);
}

/* ---- clone ------------------------------------------------------------------------------- */

static void test_clone_is_deep(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_proxy(c, "http://proxy:3128");
    mosaic_config_set_ca_bundle(c, "/etc/ca.pem");
    mosaic_config_set_batch_size(c, 7);
    mosaic_config *copy = mosaic_config_clone(c);
    assert_non_null(copy);
    assert_ptr_not_equal(copy->server_url, c->server_url);
    assert_ptr_not_equal(copy->api_key, c->api_key);
    assert_ptr_not_equal(copy->proxy, c->proxy);
    mosaic_config_set_server_url(c, "https://other.example.com");
    release(c);
    assert_string_equal(mosaic_config_get_server_url(copy), "https://tel.example.com");
    assert_string_equal(copy->api_key, TEST_API_KEY);
    assert_string_equal(mosaic_config_get_instance_id(copy), TEST_INSTANCE_ID);
    assert_string_equal(copy->proxy, "http://proxy:3128");
    assert_string_equal(copy->ca_bundle, "/etc/ca.pem");
    assert_int_equal(copy->batch_size, 7);
    expect_valid(copy);
    release(copy);
}

static void test_clone_keeps_env_error(void **state)
{
    (void)state;
    setenv("MOSAIC_TELEMETRY_ENABLED", "maybe", 1);
    mosaic_config *c = valid_config();
    mosaic_config *copy = mosaic_config_clone(c);
    release(c);
    expect_invalid_field(copy, "MOSAIC_TELEMETRY_ENABLED");
    release(copy);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_defaults),
        T(test_defaults_with_required_values_validate),
        T(test_defaults_alone_are_invalid_when_enabled),
        T(test_environment_is_read),
        T(test_environment_enabled_true_values),
        T(test_environment_empty_proxy_is_kept),
        T(test_setters_override_environment),
        T(test_trailing_slash_stripped),
        T(test_setters_refuse_null_config),
        T(test_api_key_wrong_length_names_field_and_64),
        T(test_api_key_non_hex_refused_without_echoing_key),
        T(test_bad_instance_id_refused),
        T(test_missing_server_url_refused),
        T(test_missing_api_key_refused),
        T(test_missing_instance_id_refused),
        T(test_disabled_config_valid_without_required),
        T(test_http_to_remote_host_refused),
        T(test_http_to_loopback_accepted),
        T(test_http_to_lookalike_of_loopback_refused),
        T(test_http_with_loopback_userinfo_refused),
        T(test_allow_insecure_http_permits_remote_http),
        T(test_other_schemes_refused),
        T(test_batch_size_bounds),
        T(test_max_queue_size_zero_refused),
        T(test_interval_must_be_positive_and_finite),
        T(test_timeout_zero_refused),
        T(test_ttl_zero_refused),
        T(test_max_retries_bounds),
        T(test_backoff_cap_below_base_refused),
        T(test_env_enabled_maybe_is_an_error_naming_variable),
        T(test_set_enabled_clears_env_error),
        T(test_env_log_level_loud_is_an_error),
        T(test_second_unreadable_variable_still_reported),
        T(test_clone_is_deep),
        T(test_clone_keeps_env_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
