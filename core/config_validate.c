/* The rules a config must follow, each failure one line that names the field and the rule. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "err.h"
#include "event.h"
#include "random.h"

#define API_KEY_LEN           64
#define MAX_QUEUE_EVENTS      100000u /* its memory (~670 B an event) is reserved up front */
#define MAX_BATCH_EVENTS      100u    /* the server's maximum (docs/protocol.md) */
#define MAX_RETRIES           100
#define MAX_INTERVAL_SECONDS  86400.0
#define MAX_TIMEOUT_SECONDS   600.0
#define MAX_TTL_SECONDS       (30.0 * 86400.0)
#define MAX_SPOOL_AGE_SECONDS (365.0 * 86400.0)

/* Points *host at the host part of an http(s) URL and its length; NULL scheme on failure. */
static const char *url_scheme(const char *url, const char **host, size_t *host_len)
{
    const char *scheme = NULL;
    if (strncmp(url, "https://", 8) == 0)
        scheme = "https";
    else if (strncmp(url, "http://", 7) == 0)
        scheme = "http";
    if (!scheme)
        return NULL;
    const char *start = url + strlen(scheme) + 3;
    /* "http://127.0.0.1:80@evil.example" connects to evil.example: user information would let a
     * host pass for another, so an authority holding '@' is refused outright. */
    size_t authority = strcspn(start, "/?#");
    if (memchr(start, '@', authority))
        return NULL;
    const char *end = start;
    if (*start == '[') { /* IPv6 literal */
        end = strchr(start, ']');
        if (!end)
            return NULL;
        end++;
    } else {
        end = start + strcspn(start, ":/?#");
    }
    *host = start;
    *host_len = (size_t)(end - start);
    return scheme;
}

bool mt_url_is_loopback(const char *url)
{
    const char *host;
    size_t len;
    if (!url || !url_scheme(url, &host, &len))
        return false;
    if ((len == 9 && strncasecmp(host, "localhost", 9) == 0) ||
        (len == 5 && strncmp(host, "[::1]", 5) == 0))
        return true;
    if (len < 7 || strncmp(host, "127.", 4) != 0)
        return false;
    for (size_t i = 4; i < len; i++) /* 127.0.0.0/8 as a dotted quad, not "127.example.com" */
        if (!isdigit((unsigned char)host[i]) && host[i] != '.')
            return false;
    return true;
}

static bool check_url(const mosaic_config *c, char *err, size_t errlen)
{
    const char *url = c->server_url, *host;
    size_t host_len;
    for (const char *p = url; *p; p++) {
        if (isspace((unsigned char)*p) || iscntrl((unsigned char)*p)) {
            mt_set_error(err, errlen, "server_url: must not contain spaces or control characters");
            return false;
        }
    }
    const char *scheme = url_scheme(url, &host, &host_len);
    if (!scheme || host_len == 0) {
        mt_set_error(err, errlen,
                     "server_url: expected http(s)://host[:port][/path] without user@, got '%.60s'",
                     url);
        return false;
    }
    if (strcmp(scheme, "http") == 0 && !c->allow_insecure_http && !mt_url_is_loopback(url)) {
        mt_set_error(err, errlen,
                     "server_url: plain http:// is only allowed for loopback hosts "
                     "(use https:// or set allow_insecure_http)");
        return false;
    }
    return true;
}

/* The documented shape: 64 hex characters. Another shape is a warning, not an error (the
 * Python SDK's rule; another of Mosaic's clients shows keys of another form): the server decides.
 * Never echo the key itself: only its length says what is unexpected. */
static bool api_key_shape(const char *key, char *err, size_t errlen)
{
    size_t len = strlen(key);
    size_t hex = 0;
    while (hex < len && isxdigit((unsigned char)key[hex]))
        hex++;
    if (len != API_KEY_LEN)
        mt_set_error(err, errlen, "api_key: expected 64 hex characters, got %zu", len);
    else if (hex != len)
        mt_set_error(err, errlen,
                     "api_key: expected 64 hex characters, found a non-hex one at position %zu",
                     hex + 1);
    return len == API_KEY_LEN && hex == len;
}

/* What an HTTP header can carry: printable ASCII, no space. */
static bool api_key_usable(const char *key, char *err, size_t errlen)
{
    for (size_t i = 0; key[i]; i++) {
        if (key[i] <= ' ' || key[i] > '~') {
            mt_set_error(err, errlen,
                         "api_key: must be printable ASCII without spaces (position %zu is not)",
                         i + 1);
            return false;
        }
    }
    return true;
}

bool mt_config_shape_warning(const mosaic_config *c, char *out, size_t len)
{
    if (!c->enabled)
        return false;
    if (c->api_key && *c->api_key && api_key_usable(c->api_key, out, len) &&
        !api_key_shape(c->api_key, out, len))
        return true;
    if (c->instance_id && mt_instance_id_ok(c->instance_id) && !mt_is_uuid(c->instance_id, false)) {
        mt_set_error(out, len,
                     "instance_id: expected a UUID like 12345678-1234-4234-8234-123456789abc, "
                     "got '%.40s'",
                     c->instance_id);
        return true;
    }
    return false;
}

static bool check_required(const mosaic_config *c, char *err, size_t errlen)
{
    if (!c->server_url || !*c->server_url) {
        mt_set_error(err, errlen,
                     "server_url: required when enabled "
                     "(set it or MOSAIC_TELEMETRY_SERVER_URL)");
        return false;
    }
    if (!check_url(c, err, errlen))
        return false;
    if (!c->api_key || !*c->api_key) {
        mt_set_error(err, errlen,
                     "api_key: required when enabled "
                     "(set it or MOSAIC_TELEMETRY_API_KEY)");
        return false;
    }
    if (!api_key_usable(c->api_key, err, errlen))
        return false;
    if (!c->instance_id || !*c->instance_id) {
        mt_set_error(err, errlen,
                     "instance_id: required when enabled "
                     "(set it or MOSAIC_TELEMETRY_INSTANCE_ID)");
        return false;
    }
    if (!mt_instance_id_ok(c->instance_id)) {
        mt_set_error(err, errlen,
                     "instance_id: expected a UUID (at most %d printable characters), got %zu "
                     "bytes",
                     MT_INSTANCE_ID_MAX, strlen(c->instance_id));
        return false;
    }
    return true;
}

bool mt_config_history_ok(const char *value, char *err, size_t errlen)
{
    if (!value || !*value || value[0] == '/' || strcmp(value, "off") == 0)
        return true;
    mt_set_error(err, errlen, "history: expected an absolute path or off, got '%.60s'", value);
    return false;
}

static bool check_seconds(const char *field, double value, double max, char *err, size_t errlen)
{
    if (!isfinite(value) || value <= 0 || value > max) {
        mt_set_error(err, errlen, "%s: must be more than 0 and at most %g, got %g", field, max,
                     value);
        return false;
    }
    return true;
}

static bool check_counts(const mosaic_config *c, char *err, size_t errlen)
{
    if (c->max_queue_size < 1 || c->max_queue_size > MAX_QUEUE_EVENTS) {
        mt_set_error(err, errlen, "max_queue_size: must be 1 to %u, got %zu", MAX_QUEUE_EVENTS,
                     c->max_queue_size);
        return false;
    }
    if (c->batch_size < 1 || c->batch_size > MAX_BATCH_EVENTS) {
        mt_set_error(err, errlen, "batch_size: must be 1 to %u (the server's maximum), got %zu",
                     MAX_BATCH_EVENTS, c->batch_size);
        return false;
    }
    if (c->max_retries < 0 || c->max_retries > MAX_RETRIES) {
        mt_set_error(err, errlen, "max_retries: must be 0 to %d, got %d", MAX_RETRIES,
                     c->max_retries);
        return false;
    }
    if (c->backoff_base_ms < 1 || c->backoff_cap_ms < c->backoff_base_ms) {
        mt_set_error(err, errlen,
                     "backoff_ms: base must be at least 1 and cap at least base, "
                     "got base %u, cap %u",
                     c->backoff_base_ms, c->backoff_cap_ms);
        return false;
    }
    if (c->spool_max_events < 1 || c->spool_max_events > 10000000 || c->spool_max_bytes < 4096) {
        mt_set_error(err, errlen,
                     "spool_limits: at least 1 event (at most 10 000 000) and 4096 bytes, got %llu "
                     "events, %llu bytes",
                     (unsigned long long)c->spool_max_events,
                     (unsigned long long)c->spool_max_bytes);
        return false;
    }
    if (c->log.threshold < MOSAIC_LOG_DEBUG || c->log.threshold > MOSAIC_LOG_OFF) {
        mt_set_error(err, errlen, "log_level: must be debug, info, warn, error or off");
        return false;
    }
    return true;
}

MOSAIC_API mosaic_status mosaic_config_validate(const mosaic_config *c, char *err, size_t errlen)
{
    if (!c) {
        mt_set_error(err, errlen, "config: must not be NULL");
        return MOSAIC_ERR_INVALID_ARGUMENT;
    }
    if (c->load_error[0]) {
        mt_set_error(err, errlen, "%s", c->load_error);
        return MOSAIC_ERR_INVALID_CONFIG;
    }
    for (int field = 0; field < MT_ENV_FIELD_COUNT; field++) {
        if (c->env_errors[field][0]) {
            mt_set_error(err, errlen, "%s", c->env_errors[field]);
            return MOSAIC_ERR_INVALID_CONFIG;
        }
    }
    bool ok = (!c->enabled || check_required(c, err, errlen)) &&
              check_seconds("submit_interval_seconds", c->submit_interval_seconds,
                            MAX_INTERVAL_SECONDS, err, errlen) &&
              check_seconds("request_timeout_seconds", c->request_timeout_seconds,
                            MAX_TIMEOUT_SECONDS, err, errlen) &&
              check_seconds("prediction_cache_ttl_seconds", c->prediction_cache_ttl_seconds,
                            MAX_TTL_SECONDS, err, errlen) &&
              check_seconds("spool_max_age_seconds", c->spool_max_age_seconds,
                            MAX_SPOOL_AGE_SECONDS, err, errlen) &&
              check_counts(c, err, errlen);
    return ok ? MOSAIC_OK : MOSAIC_ERR_INVALID_CONFIG;
}
