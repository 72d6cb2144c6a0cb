/* Config: defaults, MOSAIC_TELEMETRY_* variables, setters, every validation rule, the config file
 * (real files in a temp directory) and where each value came from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "config_file.h"
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
    "MOSAIC_TELEMETRY_SPOOL_DIR",
    "MOSAIC_TELEMETRY_SPOOL_MAX_EVENTS",
    "MOSAIC_TELEMETRY_SPOOL_MAX_BYTES",
    "MOSAIC_TELEMETRY_SPOOL_MAX_AGE_SECONDS",
    "XDG_CONFIG_HOME",
};

static char home[4096]; /* HOME as the test started: a test that changes it, teardown restores */
static char tmp[64];    /* a fresh directory per test, for config files */

static void clear_env(void)
{
    for (size_t i = 0; i < sizeof ENV_VARS / sizeof *ENV_VARS; i++)
        unsetenv(ENV_VARS[i]);
    setenv("HOME", home, 1);
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
    strcpy(tmp, "/tmp/mosaic-config-XXXXXX");
    return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < MAX_TRACKED; i++)
        release(tracked[i]);
    clear_env();
    char command[128];
    snprintf(command, sizeof command, "rm -rf %s", tmp);
    return system(command) == 0 ? 0 : -1;
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

/* docs/protocol.md, "Transport": a key of another shape (msk_..., as another Mosaic client
 * shows) is a warning naming the field, and the server decides; the key is never echoed. */
static void test_api_key_of_another_shape_is_a_warning_naming_64(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_api_key(c, "msk_abcdef123456");
    char err[256] = "";
    assert_int_equal(mosaic_config_validate(c, err, sizeof err), MOSAIC_OK);
    assert_true(mt_config_shape_warning(c, err, sizeof err));
    assert_int_equal(strncmp(err, "api_key: expected 64 hex characters, got 16", 43), 0);
    assert_null(strstr(err, "abcdef123456"));
    mosaic_config_set_api_key(c, TEST_API_KEY);
    assert_false(mt_config_shape_warning(c, err, sizeof err));
    release(c);
}

static void test_api_key_non_hex_warned_without_echoing_key(void **state)
{
    (void)state;
    static const char key[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg";
    mosaic_config *c = valid_config();
    mosaic_config_set_api_key(c, key);
    char err[256] = "";
    assert_true(mt_config_shape_warning(c, err, sizeof err));
    assert_non_null(strstr(err, "position 64"));
    assert_null(strstr(err, "0123456789abcdef")); /* not even a part of it */
    release(c);
}

/* What no server could take is still refused: a key with a space or a control character. */
static void test_api_key_that_no_header_can_carry_refused(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_api_key(c, "msk_abc def");
    char err[256];
    expect_invalid(c, "api_key", err, sizeof err);
    assert_non_null(strstr(err, "position 8"));
    assert_null(strstr(err, "abc"));
    release(c);
}

static void test_instance_id_of_another_shape_is_a_warning(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mosaic_config_set_instance_id(c, "not-a-uuid");
    char err[256] = "";
    assert_int_equal(mosaic_config_validate(c, err, sizeof err), MOSAIC_OK);
    assert_true(mt_config_shape_warning(c, err, sizeof err));
    assert_non_null(strstr(err, "instance_id: expected a UUID"));
    mosaic_config_set_instance_id(c, "has space");
    expect_invalid_field(c, "instance_id");
    mosaic_config_set_instance_id(
        c, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    expect_invalid_field(c, "instance_id"); /* 65 characters */
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

/* ---- the config file ---------------------------------------------------------------------- */

/* mosaic_config_new(), freed by teardown when an assertion jumps over the test's release(). */
static mosaic_config *new_config(void)
{
    mosaic_config *c = mosaic_config_new();
    assert_non_null(c);
    for (size_t i = 0; i < MAX_TRACKED; i++)
        if (!tracked[i]) {
            tracked[i] = c;
            break;
        }
    return c;
}

/* Writes text to <tmp>/<name> (its directories made 0700) with mode; the path in out. */
static void write_file(const char *name, const char *text, mode_t mode, char *out, size_t len)
{
    snprintf(out, len, "%s/%s", tmp, name);
    for (char *slash = strchr(out + strlen(tmp) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(out, 0700);
        *slash = '/';
    }
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    assert_int_equal(fchmod(fd, mode), 0);
    close(fd);
}

#define GOOD_FILE                                                                                  \
    "# written by hand\n"                                                                          \
    "MOSAIC_TELEMETRY_SERVER_URL=https://file.example.com/\n"                                      \
    "MOSAIC_TELEMETRY_API_KEY=" TEST_API_KEY "\n"                                                  \
    "\n"                                                                                           \
    "MOSAIC_TELEMETRY_INSTANCE_ID=" TEST_INSTANCE_ID "\n"                                          \
    "MOSAIC_TELEMETRY_DRY_RUN=yes\n"                                                               \
    "MOSAIC_TELEMETRY_SPOOL_MAX_EVENTS=500\n"

static void load_ok(mosaic_config *c, const char *path)
{
    char err[512] = "";
    mosaic_status status = mosaic_config_load_file(c, path, err, sizeof err);
    if (status != MOSAIC_OK)
        fail_msg("load_file(%s): %d: %s", path ? path : "(default)", (int)status, err);
}

/* load_file fails with status and exactly the line `expected`; c is left as it was. */
static void load_fails(const char *path, mosaic_status status, const char *expected)
{
    mosaic_config *c = new_config();
    char err[512] = "";
    assert_int_equal(mosaic_config_load_file(c, path, err, sizeof err), status);
    assert_string_equal(err, expected);
    assert_null(mosaic_config_get_server_url(c)); /* nothing applied */
    assert_null(mt_config_file_path(c));
    release(c);
}

static void test_file_sets_settings(void **state)
{
    (void)state;
    char path[256];
    write_file("config", GOOD_FILE, 0600, path, sizeof path);
    mosaic_config *c = new_config();
    load_ok(c, path);
    assert_string_equal(mosaic_config_get_server_url(c), "https://file.example.com");
    assert_string_equal(c->api_key, TEST_API_KEY);
    assert_string_equal(mosaic_config_get_instance_id(c), TEST_INSTANCE_ID);
    assert_true(mosaic_config_get_dry_run(c));
    assert_int_equal(c->spool_max_events, 500);
    assert_string_equal(mt_config_file_path(c), path);
    expect_valid(c);
    release(c);
}

static void test_new_reads_no_file(void **state)
{
    (void)state;
    char path[256];
    write_file("mosaic-telemetry/config", GOOD_FILE, 0600, path, sizeof path);
    setenv("XDG_CONFIG_HOME", tmp, 1);
    mosaic_config *c = new_config();
    assert_null(mosaic_config_get_server_url(c));
    assert_null(mt_config_file_path(c));
    release(c);
}

static void test_environment_wins_over_file(void **state)
{
    (void)state;
    char path[256];
    write_file("config", GOOD_FILE, 0600, path, sizeof path);
    setenv("MOSAIC_TELEMETRY_SERVER_URL", "https://env.example.com", 1);
    setenv("MOSAIC_TELEMETRY_DRY_RUN", "no", 1);
    mosaic_config *c = new_config();
    load_ok(c, path);
    assert_string_equal(mosaic_config_get_server_url(c), "https://env.example.com");
    assert_false(mosaic_config_get_dry_run(c));
    assert_string_equal(c->api_key, TEST_API_KEY); /* not in the environment: the file's */
    assert_int_equal(mt_config_origin_of(c, "MOSAIC_TELEMETRY_SERVER_URL"), MT_CONFIG_ORIGIN_ENV);
    assert_int_equal(mt_config_origin_of(c, "MOSAIC_TELEMETRY_API_KEY"), MT_CONFIG_ORIGIN_FILE);
    release(c);
}

/* An empty variable counts as unset, even one that could not be read (a boolean). */
static void test_empty_variable_gives_way_to_file(void **state)
{
    (void)state;
    char path[256];
    write_file("config", GOOD_FILE "MOSAIC_TELEMETRY_ENABLED=off\n", 0600, path, sizeof path);
    setenv("MOSAIC_TELEMETRY_SERVER_URL", "", 1);
    setenv("MOSAIC_TELEMETRY_ENABLED", "", 1);
    mosaic_config *c = new_config();
    expect_invalid_field(c, "MOSAIC_TELEMETRY_ENABLED");
    load_ok(c, path);
    assert_string_equal(mosaic_config_get_server_url(c), "https://file.example.com");
    assert_false(mosaic_config_get_enabled(c));
    assert_int_equal(mt_config_origin_of(c, "MOSAIC_TELEMETRY_ENABLED"), MT_CONFIG_ORIGIN_FILE);
    expect_valid(c);
    release(c);
}

static void test_setters_win_over_file(void **state)
{
    (void)state;
    char path[256];
    write_file("config", GOOD_FILE, 0600, path, sizeof path);
    mosaic_config *c = new_config();
    mosaic_config_set_server_url(c, "https://code.example.com");
    mosaic_config_set_spool_limits(c, 7, 8192, 60);
    load_ok(c, path);
    assert_string_equal(mosaic_config_get_server_url(c), "https://code.example.com");
    assert_int_equal(c->spool_max_events, 7);
    assert_string_equal(mosaic_config_get_instance_id(c), TEST_INSTANCE_ID);
    assert_int_equal(mt_config_origin_of(c, "MOSAIC_TELEMETRY_SERVER_URL"), MT_CONFIG_ORIGIN_CODE);
    release(c);
}

static void test_default_path_under_xdg_config_home(void **state)
{
    (void)state;
    char path[256];
    write_file("xdg/mosaic-telemetry/config", GOOD_FILE, 0600, path, sizeof path);
    char xdg[128];
    snprintf(xdg, sizeof xdg, "%s/xdg", tmp);
    setenv("XDG_CONFIG_HOME", xdg, 1);
    char found[256];
    assert_true(mt_config_default_path(found, sizeof found));
    assert_string_equal(found, path);
    mosaic_config *c = new_config();
    load_ok(c, NULL);
    assert_string_equal(mosaic_config_get_server_url(c), "https://file.example.com");
    assert_string_equal(mt_config_file_path(c), path);
    release(c);
}

static void test_default_path_under_home(void **state)
{
    (void)state;
    char path[256];
    write_file(".config/mosaic-telemetry/config", GOOD_FILE, 0600, path, sizeof path);
    setenv("HOME", tmp, 1);
    setenv("XDG_CONFIG_HOME", "", 1); /* empty: as if unset */
    mosaic_config *c = new_config();
    load_ok(c, NULL);
    assert_string_equal(mt_config_file_path(c), path);
    assert_string_equal(mosaic_config_get_instance_id(c), TEST_INSTANCE_ID);
    release(c);
}

static void test_missing_default_file_is_ok(void **state)
{
    (void)state;
    setenv("XDG_CONFIG_HOME", tmp, 1);
    mosaic_config *c = new_config();
    load_ok(c, NULL);
    assert_null(mt_config_file_path(c));
    assert_null(mosaic_config_get_server_url(c));
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME"); /* no default path at all */
    load_ok(c, NULL);
    release(c);
}

static void test_missing_explicit_file_is_an_error(void **state)
{
    (void)state;
    char path[256], expected[512];
    snprintf(path, sizeof path, "%s/nowhere", tmp);
    snprintf(expected, sizeof expected, "%s: cannot open: No such file or directory", path);
    load_fails(path, MOSAIC_ERR_SYSTEM, expected);
}

static void test_file_readable_by_others_refused(void **state)
{
    (void)state;
    char path[256], expected[768];
    write_file("config", GOOD_FILE, 0644, path, sizeof path);
    snprintf(expected, sizeof expected, "%s: readable by others (mode 0644); run chmod 600 %s",
             path, path);
    load_fails(path, MOSAIC_ERR_INVALID_CONFIG, expected);
    write_file("config", GOOD_FILE, 0640, path, sizeof path);
    snprintf(expected, sizeof expected, "%s: readable by others (mode 0640); run chmod 600 %s",
             path, path);
    load_fails(path, MOSAIC_ERR_INVALID_CONFIG, expected);
    write_file("config", GOOD_FILE, 0620, path, sizeof path); /* others could change the URL */
    snprintf(expected, sizeof expected, "%s: writable by others (mode 0620); run chmod 600 %s",
             path, path);
    load_fails(path, MOSAIC_ERR_INVALID_CONFIG, expected);
}

static void test_symbolic_link_refused(void **state)
{
    (void)state;
    char target[256], link[256], expected[512];
    write_file("real", GOOD_FILE, 0600, target, sizeof target);
    snprintf(link, sizeof link, "%s/config", tmp);
    assert_int_equal(symlink(target, link), 0);
    snprintf(expected, sizeof expected,
             "%s: a symbolic link; the config file must be a regular file", link);
    load_fails(link, MOSAIC_ERR_INVALID_CONFIG, expected);
}

static void test_fifo_and_directory_refused(void **state)
{
    (void)state;
    char path[256], expected[512];
    snprintf(path, sizeof path, "%s/fifo", tmp);
    assert_int_equal(mkfifo(path, 0600), 0); /* opened without blocking, then refused */
    snprintf(expected, sizeof expected, "%s: not a regular file", path);
    load_fails(path, MOSAIC_ERR_INVALID_CONFIG, expected);
    snprintf(path, sizeof path, "%s/dir", tmp);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(expected, sizeof expected, "%s: not a regular file", path);
    load_fails(path, MOSAIC_ERR_INVALID_CONFIG, expected);
}

static void test_file_over_64_kib_refused(void **state)
{
    (void)state;
    char *text = malloc(MT_CONFIG_FILE_MAX_BYTES + 2);
    memset(text, '#', MT_CONFIG_FILE_MAX_BYTES + 1);
    text[MT_CONFIG_FILE_MAX_BYTES + 1] = '\0';
    char path[256], expected[512];
    write_file("config", text, 0600, path, sizeof path);
    free(text);
    snprintf(expected, sizeof expected, "%s: larger than 64 KiB (65537 bytes)", path);
    load_fails(path, MOSAIC_ERR_INVALID_CONFIG, expected);
}

/* The settings before the bad line are not applied either. */
static void test_unknown_setting_refused_naming_the_line(void **state)
{
    (void)state;
    char path[256], expected[512];
    write_file("config",
               "MOSAIC_TELEMETRY_SERVER_URL=https://file.example.com\n# comment\n"
               "MOSAIC_TELEMETRY_KEY=abc\n",
               0600, path, sizeof path);
    snprintf(expected, sizeof expected, "%s:3: unknown setting 'MOSAIC_TELEMETRY_KEY'", path);
    load_fails(path, MOSAIC_ERR_INVALID_CONFIG, expected);
    write_file("config", "mosaic_telemetry_server_url=https://x.example.com\n", 0600, path,
               sizeof path); /* names are the variables', exactly */
    snprintf(expected, sizeof expected, "%s:1: unknown setting 'mosaic_telemetry_server_url'",
             path);
    load_fails(path, MOSAIC_ERR_INVALID_CONFIG, expected);
}

static void test_malformed_lines_refused(void **state)
{
    (void)state;
    char path[256], expected[512];
    write_file("config", "# a key pasted alone\n" TEST_API_KEY "\n", 0600, path, sizeof path);
    snprintf(expected, sizeof expected, "%s:2: expected MOSAIC_TELEMETRY_NAME=value", path);
    load_fails(path, MOSAIC_ERR_INVALID_CONFIG, expected); /* and the key is not echoed */
    write_file("config", "MOSAIC_TELEMETRY_DRY_RUN = true\n", 0600, path, sizeof path);
    snprintf(expected, sizeof expected, "%s:1: no spaces before '=' (NAME=value)", path);
    load_fails(path, MOSAIC_ERR_INVALID_CONFIG, expected);
    write_file("config", "MOSAIC_TELEMETRY_DRY_RUN=true\n\nMOSAIC_TELEMETRY_DRY_RUN=false\n", 0600,
               path, sizeof path);
    snprintf(expected, sizeof expected,
             "%s:3: MOSAIC_TELEMETRY_DRY_RUN is set again (first on line 1)", path);
    load_fails(path, MOSAIC_ERR_INVALID_CONFIG, expected);
}

static void test_bad_value_reported_by_validate_naming_the_variable(void **state)
{
    (void)state;
    char path[256], expected[512];
    write_file("config", GOOD_FILE "MOSAIC_TELEMETRY_ENABLED=maybe\n", 0600, path, sizeof path);
    mosaic_config *c = new_config();
    load_ok(c, path);
    snprintf(expected, sizeof expected,
             "MOSAIC_TELEMETRY_ENABLED: expected true/1/yes/on or false/0/no/off, got 'maybe' "
             "(in %s)",
             path);
    char err[512];
    expect_invalid(c, "MOSAIC_TELEMETRY_ENABLED", err, sizeof err);
    assert_string_equal(err, expected);
    release(c);
}

static void test_comments_blank_lines_crlf_and_trailing_spaces(void **state)
{
    (void)state;
    char path[256];
    write_file("config",
               "  # indented comment\r\n\r\n\t\n"
               "MOSAIC_TELEMETRY_SERVER_URL=https://file.example.com/base/ \t\r\n"
               "MOSAIC_TELEMETRY_PROXY=\n"
               "MOSAIC_TELEMETRY_LOG_LEVEL=error", /* no newline at the end */
               0600, path, sizeof path);
    mosaic_config *c = new_config();
    load_ok(c, path);
    assert_string_equal(mosaic_config_get_server_url(c), "https://file.example.com/base");
    assert_non_null(c->proxy); /* "" ignores libcurl's proxy variables, as in the environment */
    assert_string_equal(c->proxy, "");
    assert_int_equal(c->log.threshold, MOSAIC_LOG_ERROR);
    release(c);
}

static void test_origins(void **state)
{
    (void)state;
    char path[256];
    write_file("config", "MOSAIC_TELEMETRY_API_KEY=" TEST_API_KEY "\n", 0600, path, sizeof path);
    setenv("MOSAIC_TELEMETRY_SERVER_URL", "https://env.example.com", 1);
    mosaic_config *c = new_config();
    load_ok(c, path);
    mosaic_config_set_instance_id(c, TEST_INSTANCE_ID);
    assert_int_equal(mt_config_origin_of(c, "MOSAIC_TELEMETRY_SERVER_URL"), MT_CONFIG_ORIGIN_ENV);
    assert_int_equal(mt_config_origin_of(c, "MOSAIC_TELEMETRY_API_KEY"), MT_CONFIG_ORIGIN_FILE);
    assert_int_equal(mt_config_origin_of(c, "MOSAIC_TELEMETRY_INSTANCE_ID"), MT_CONFIG_ORIGIN_CODE);
    assert_int_equal(mt_config_origin_of(c, "MOSAIC_TELEMETRY_ENABLED"), MT_CONFIG_ORIGIN_DEFAULT);
    assert_int_equal(mt_config_origin_of(c, "MOSAIC_TELEMETRY_NOT_A_SETTING"),
                     MT_CONFIG_ORIGIN_DEFAULT);
    assert_string_equal(mt_config_origin_str(MT_CONFIG_ORIGIN_DEFAULT), "default");
    assert_string_equal(mt_config_origin_str(MT_CONFIG_ORIGIN_ENV), "environment");
    assert_string_equal(mt_config_origin_str(MT_CONFIG_ORIGIN_FILE), "file");
    assert_string_equal(mt_config_origin_str(MT_CONFIG_ORIGIN_CODE), "code");
    mosaic_config *copy = mosaic_config_clone(c); /* a copy keeps the origins and the path */
    assert_int_equal(mt_config_origin_of(copy, "MOSAIC_TELEMETRY_API_KEY"), MT_CONFIG_ORIGIN_FILE);
    assert_string_equal(mt_config_file_path(copy), path);
    assert_ptr_not_equal(mt_config_file_path(copy), mt_config_file_path(c));
    mosaic_config_free(copy);
    release(c);
}

static void test_load_error_reported_first(void **state)
{
    (void)state;
    mosaic_config *c = valid_config();
    mt_config_set_load_error(c,
                             "/x/config: readable by others (mode 0644); run chmod 600 /x/config");
    expect_invalid_field(c, "/x/config: readable by others");
    mosaic_config_set_enabled(c, false); /* not forgotten by a setter, unlike a bad value */
    expect_invalid_field(c, "/x/config: readable by others");
    release(c);
}

static void test_null_config_refused(void **state)
{
    (void)state;
    char err[128] = "";
    assert_int_equal(mosaic_config_load_file(NULL, NULL, err, sizeof err),
                     MOSAIC_ERR_INVALID_ARGUMENT);
    assert_string_equal(err, "config: must not be NULL");
}

static void expect_value_check(mt_setting setting, const char *value, const char *needle)
{
    char err[256] = "";
    mosaic_status status = mt_config_check_value(setting, value, err, sizeof err);
    if (!needle && status != MOSAIC_OK)
        fail_msg("%s=%s refused: %s", mt_setting_name(setting), value, err);
    if (needle && (status != MOSAIC_ERR_INVALID_CONFIG || !strstr(err, needle)))
        fail_msg("%s=%s: expected an error naming '%s', got %d '%s'", mt_setting_name(setting),
                 value, needle, (int)status, err);
}

/* Accepted, with the warning in err. */
static void expect_value_warning(mt_setting setting, const char *value, const char *needle)
{
    char err[256] = "";
    mosaic_status status = mt_config_check_value(setting, value, err, sizeof err);
    if (status != MOSAIC_OK || !strstr(err, needle))
        fail_msg("%s=%s: expected a warning naming '%s', got %d '%s'", mt_setting_name(setting),
                 value, needle, (int)status, err);
}

static void test_check_value(void **state)
{
    (void)state;
    expect_value_check(MT_SETTING_API_KEY, TEST_API_KEY, NULL);
    expect_value_warning(MT_SETTING_API_KEY, "abc", "api_key: expected 64 hex characters, got 3");
    expect_value_check(MT_SETTING_API_KEY, "a b", "api_key: must be printable ASCII");
    expect_value_check(MT_SETTING_SERVER_URL, "http://127.0.0.1:8080/", NULL);
    expect_value_check(MT_SETTING_SERVER_URL, "ftp://x.example", "server_url");
    expect_value_warning(MT_SETTING_INSTANCE_ID, "not-a-uuid", "instance_id: expected a UUID");
    expect_value_check(MT_SETTING_INSTANCE_ID, "not a uuid", "instance_id");
    expect_value_check(MT_SETTING_ENABLED, "maybe", "MOSAIC_TELEMETRY_ENABLED: expected");
    expect_value_check(MT_SETTING_ENABLED, "off", NULL);
    expect_value_check(MT_SETTING_SPOOL_MAX_EVENTS, "0", "spool_limits");
    expect_value_check(MT_SETTING_SPOOL_MAX_AGE, "1e9", "spool_max_age_seconds");
    expect_value_check(MT_SETTING_LOG_LEVEL, "loud", "MOSAIC_TELEMETRY_LOG_LEVEL");
    expect_value_check(MT_SETTING_PROXY, "", NULL);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const char *start_home = getenv("HOME");
    snprintf(home, sizeof home, "%s", start_home ? start_home : "/");
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
        T(test_api_key_of_another_shape_is_a_warning_naming_64),
        T(test_api_key_non_hex_warned_without_echoing_key),
        T(test_api_key_that_no_header_can_carry_refused),
        T(test_instance_id_of_another_shape_is_a_warning),
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
        T(test_file_sets_settings),
        T(test_new_reads_no_file),
        T(test_environment_wins_over_file),
        T(test_empty_variable_gives_way_to_file),
        T(test_setters_win_over_file),
        T(test_default_path_under_xdg_config_home),
        T(test_default_path_under_home),
        T(test_missing_default_file_is_ok),
        T(test_missing_explicit_file_is_an_error),
        T(test_file_readable_by_others_refused),
        T(test_symbolic_link_refused),
        T(test_fifo_and_directory_refused),
        T(test_file_over_64_kib_refused),
        T(test_unknown_setting_refused_naming_the_line),
        T(test_malformed_lines_refused),
        T(test_bad_value_reported_by_validate_naming_the_variable),
        T(test_comments_blank_lines_crlf_and_trailing_spaces),
        T(test_origins),
        T(test_load_error_reported_first),
        T(test_null_config_refused),
        T(test_check_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
