/* Config: defaults (README.md, "Configuration"), then MOSAIC_TELEMETRY_* variables, then
 * setters. */
#include "config.h"

#include <errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spool.h"

#define DEFAULT_SUBMIT_INTERVAL_SECONDS 300.0
#define DEFAULT_MAX_QUEUE_SIZE          1000
#define DEFAULT_BATCH_SIZE              100
#define DEFAULT_REQUEST_TIMEOUT_SECONDS 10.0
#define DEFAULT_PREDICTION_TTL_SECONDS  21600.0
#define DEFAULT_MAX_RETRIES             3
#define DEFAULT_BACKOFF_BASE_MS         1000
#define DEFAULT_BACKOFF_CAP_MS          60000

static void set_defaults(mosaic_config *c)
{
    c->enabled = true;
    c->submit_interval_seconds = DEFAULT_SUBMIT_INTERVAL_SECONDS;
    c->max_queue_size = DEFAULT_MAX_QUEUE_SIZE;
    c->batch_size = DEFAULT_BATCH_SIZE;
    c->request_timeout_seconds = DEFAULT_REQUEST_TIMEOUT_SECONDS;
    c->prediction_cache_ttl_seconds = DEFAULT_PREDICTION_TTL_SECONDS;
    c->max_retries = DEFAULT_MAX_RETRIES;
    c->backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
    c->backoff_cap_ms = DEFAULT_BACKOFF_CAP_MS;
    c->log.threshold = MOSAIC_LOG_WARN;
    c->spool_max_events = MT_SPOOL_DEFAULT_MAX_EVENTS;
    c->spool_max_bytes = MT_SPOOL_DEFAULT_MAX_BYTES;
    c->spool_max_age_seconds = MT_SPOOL_DEFAULT_MAX_AGE_MS / 1000.0;
}

/* Replaces *slot with a copy of value (NULL clears). */
static mosaic_status replace_string(char **slot, const char *value)
{
    char *copy = NULL;
    if (value && !(copy = strdup(value)))
        return MOSAIC_ERR_NO_MEMORY;
    free(*slot);
    *slot = copy;
    return MOSAIC_OK;
}

/* docs/protocol.md, "Transport": a trailing '/' of the base URL is stripped. */
static void strip_trailing_slashes(char *url)
{
    if (!url)
        return;
    size_t len = strlen(url);
    while (len > 0 && url[len - 1] == '/')
        url[--len] = '\0';
}

static void note_env_error(mosaic_config *c, mt_env_field field, const char *variable,
                           const char *value, const char *expected)
{
    snprintf(c->env_errors[field], sizeof c->env_errors[field], "%s: expected %s, got '%.40s'",
             variable, expected, value);
}

static void forget_env_error(mosaic_config *c, mt_env_field field)
{
    c->env_errors[field][0] = '\0';
}

bool mt_parse_bool(const char *text, bool *out)
{
    static const char *const yes[] = {"true", "1", "yes", "on"};
    static const char *const no[] = {"false", "0", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(text, yes[i]) == 0)
            return *out = true, true;
        if (strcasecmp(text, no[i]) == 0)
            return *out = false, true;
    }
    return false;
}

static void env_bool(mosaic_config *c, const char *variable, mt_env_field field, bool *slot)
{
    const char *value = getenv(variable);
    if (value && !mt_parse_bool(value, slot))
        note_env_error(c, field, variable, value, "true/1/yes/on or false/0/no/off");
}

static void env_string(const char *variable, char **slot)
{
    const char *value = getenv(variable);
    if (value && *value)
        replace_string(slot, value);
}

/* A whole number from the environment; a value that is not one is an error for validate. */
static void env_count(mosaic_config *c, const char *variable, mt_env_field field, uint64_t *slot)
{
    const char *value = getenv(variable);
    if (!value)
        return;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(value, &end, 10);
    if (errno || end == value || *end || *value == '-')
        note_env_error(c, field, variable, value, "a whole number");
    else
        *slot = n;
}

static void env_seconds(mosaic_config *c, const char *variable, mt_env_field field, double *slot)
{
    const char *value = getenv(variable);
    if (!value)
        return;
    char *end;
    double seconds = strtod(value, &end);
    if (end == value || *end)
        note_env_error(c, field, variable, value, "a number of seconds");
    else
        *slot = seconds;
}

static void read_environment(mosaic_config *c)
{
    env_string("MOSAIC_TELEMETRY_SERVER_URL", &c->server_url);
    env_string("MOSAIC_TELEMETRY_API_KEY", &c->api_key);
    env_string("MOSAIC_TELEMETRY_INSTANCE_ID", &c->instance_id);
    env_string("MOSAIC_TELEMETRY_CA_BUNDLE", &c->ca_bundle);
    env_string("MOSAIC_TELEMETRY_SPOOL_DIR", &c->spool_dir);
    env_count(c, "MOSAIC_TELEMETRY_SPOOL_MAX_EVENTS", MT_ENV_SPOOL_MAX_EVENTS,
              &c->spool_max_events);
    env_count(c, "MOSAIC_TELEMETRY_SPOOL_MAX_BYTES", MT_ENV_SPOOL_MAX_BYTES, &c->spool_max_bytes);
    env_seconds(c, "MOSAIC_TELEMETRY_SPOOL_MAX_AGE_SECONDS", MT_ENV_SPOOL_MAX_AGE,
                &c->spool_max_age_seconds);
    const char *proxy = getenv("MOSAIC_TELEMETRY_PROXY");
    if (proxy)
        replace_string(&c->proxy, proxy);
    env_bool(c, "MOSAIC_TELEMETRY_ENABLED", MT_ENV_ENABLED, &c->enabled);
    env_bool(c, "MOSAIC_TELEMETRY_DRY_RUN", MT_ENV_DRY_RUN, &c->dry_run);
    env_bool(c, "MOSAIC_TELEMETRY_ALLOW_INSECURE_HTTP", MT_ENV_ALLOW_INSECURE_HTTP,
             &c->allow_insecure_http);
    const char *level = getenv("MOSAIC_TELEMETRY_LOG_LEVEL");
    if (level && mosaic_log_level_parse(level, &c->log.threshold) != MOSAIC_OK)
        note_env_error(c, MT_ENV_LOG_LEVEL, "MOSAIC_TELEMETRY_LOG_LEVEL", level,
                       "debug, info, warn, error or off");
    strip_trailing_slashes(c->server_url);
}

MOSAIC_API mosaic_config *mosaic_config_new(void)
{
    mosaic_config *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    set_defaults(c);
    read_environment(c);
    return c;
}

MOSAIC_API void mosaic_config_free(mosaic_config *c)
{
    if (!c)
        return;
    free(c->server_url);
    free(c->api_key);
    free(c->instance_id);
    free(c->ca_bundle);
    free(c->spool_dir);
    free(c->proxy);
    free(c);
}

MOSAIC_API mosaic_config *mosaic_config_clone(const mosaic_config *c)
{
    if (!c)
        return NULL;
    mosaic_config *copy = malloc(sizeof *copy);
    if (!copy)
        return NULL;
    *copy = *c;
    copy->server_url = copy->api_key = copy->instance_id = copy->ca_bundle = copy->proxy = NULL;
    copy->spool_dir = NULL;
    if (replace_string(&copy->server_url, c->server_url) ||
        replace_string(&copy->api_key, c->api_key) ||
        replace_string(&copy->instance_id, c->instance_id) ||
        replace_string(&copy->ca_bundle, c->ca_bundle) || replace_string(&copy->proxy, c->proxy) ||
        replace_string(&copy->spool_dir, c->spool_dir)) {
        mosaic_config_free(copy);
        return NULL;
    }
    return copy;
}

#define CHECK_CONFIG(c)                                                                            \
    do {                                                                                           \
        if (!(c))                                                                                  \
            return MOSAIC_ERR_INVALID_ARGUMENT;                                                    \
    } while (0)

MOSAIC_API mosaic_status mosaic_config_set_server_url(mosaic_config *c, const char *url)
{
    CHECK_CONFIG(c);
    mosaic_status status = replace_string(&c->server_url, url);
    strip_trailing_slashes(c->server_url);
    return status;
}

MOSAIC_API mosaic_status mosaic_config_set_api_key(mosaic_config *c, const char *api_key)
{
    CHECK_CONFIG(c);
    return replace_string(&c->api_key, api_key);
}

MOSAIC_API mosaic_status mosaic_config_set_instance_id(mosaic_config *c, const char *id)
{
    CHECK_CONFIG(c);
    return replace_string(&c->instance_id, id);
}

MOSAIC_API mosaic_status mosaic_config_set_enabled(mosaic_config *c, bool enabled)
{
    CHECK_CONFIG(c);
    c->enabled = enabled;
    forget_env_error(c, MT_ENV_ENABLED);
    return MOSAIC_OK;
}

MOSAIC_API mosaic_status mosaic_config_set_submit_interval_seconds(mosaic_config *c, double s)
{
    CHECK_CONFIG(c);
    c->submit_interval_seconds = s;
    return MOSAIC_OK;
}

MOSAIC_API mosaic_status mosaic_config_set_max_queue_size(mosaic_config *c, size_t events)
{
    CHECK_CONFIG(c);
    c->max_queue_size = events;
    return MOSAIC_OK;
}

MOSAIC_API mosaic_status mosaic_config_set_batch_size(mosaic_config *c, size_t events)
{
    CHECK_CONFIG(c);
    c->batch_size = events;
    return MOSAIC_OK;
}

MOSAIC_API mosaic_status mosaic_config_set_request_timeout_seconds(mosaic_config *c, double s)
{
    CHECK_CONFIG(c);
    c->request_timeout_seconds = s;
    return MOSAIC_OK;
}

MOSAIC_API mosaic_status mosaic_config_set_prediction_cache_ttl_seconds(mosaic_config *c, double s)
{
    CHECK_CONFIG(c);
    c->prediction_cache_ttl_seconds = s;
    return MOSAIC_OK;
}

MOSAIC_API mosaic_status mosaic_config_set_dry_run(mosaic_config *c, bool dry_run)
{
    CHECK_CONFIG(c);
    c->dry_run = dry_run;
    forget_env_error(c, MT_ENV_DRY_RUN);
    return MOSAIC_OK;
}

MOSAIC_API mosaic_status mosaic_config_set_max_retries(mosaic_config *c, int retries)
{
    CHECK_CONFIG(c);
    c->max_retries = retries;
    return MOSAIC_OK;
}

MOSAIC_API mosaic_status mosaic_config_set_log_level(mosaic_config *c, mosaic_log_level level)
{
    CHECK_CONFIG(c);
    c->log.threshold = level;
    forget_env_error(c, MT_ENV_LOG_LEVEL);
    return MOSAIC_OK;
}

MOSAIC_API mosaic_status mosaic_config_set_log_callback(mosaic_config *c, mosaic_log_fn fn,
                                                        void *user)
{
    CHECK_CONFIG(c);
    c->log.fn = fn;
    c->log.user = user;
    return MOSAIC_OK;
}

MOSAIC_API mosaic_status mosaic_config_set_spool_dir(mosaic_config *c, const char *dir)
{
    CHECK_CONFIG(c);
    return replace_string(&c->spool_dir, dir && *dir ? dir : NULL);
}

MOSAIC_API mosaic_status mosaic_config_set_spool_limits(mosaic_config *c, uint64_t max_events,
                                                        uint64_t max_bytes, double max_age_seconds)
{
    CHECK_CONFIG(c);
    c->spool_max_events = max_events;
    c->spool_max_bytes = max_bytes;
    c->spool_max_age_seconds = max_age_seconds;
    forget_env_error(c, MT_ENV_SPOOL_MAX_EVENTS);
    forget_env_error(c, MT_ENV_SPOOL_MAX_BYTES);
    forget_env_error(c, MT_ENV_SPOOL_MAX_AGE);
    return MOSAIC_OK;
}

MOSAIC_API const char *mosaic_config_get_spool_dir(const mosaic_config *c)
{
    return c ? c->spool_dir : NULL;
}

void mt_config_spool_limits(const mosaic_config *c, struct mt_spool_limits *out)
{
    out->max_events = (size_t)c->spool_max_events;
    out->max_bytes = c->spool_max_bytes;
    out->max_age_ms = (int64_t)(c->spool_max_age_seconds * 1000.0);
}

MOSAIC_API mosaic_status mosaic_config_set_ca_bundle(mosaic_config *c, const char *path)
{
    CHECK_CONFIG(c);
    return replace_string(&c->ca_bundle, path);
}

MOSAIC_API mosaic_status mosaic_config_set_proxy(mosaic_config *c, const char *proxy)
{
    CHECK_CONFIG(c);
    return replace_string(&c->proxy, proxy);
}

MOSAIC_API mosaic_status mosaic_config_set_allow_insecure_http(mosaic_config *c, bool allow)
{
    CHECK_CONFIG(c);
    c->allow_insecure_http = allow;
    forget_env_error(c, MT_ENV_ALLOW_INSECURE_HTTP);
    return MOSAIC_OK;
}

MOSAIC_API mosaic_status mosaic_config_set_backoff_ms(mosaic_config *c, uint32_t base_ms,
                                                      uint32_t cap_ms)
{
    CHECK_CONFIG(c);
    c->backoff_base_ms = base_ms;
    c->backoff_cap_ms = cap_ms;
    return MOSAIC_OK;
}

MOSAIC_API const char *mosaic_config_get_server_url(const mosaic_config *c)
{
    return c ? c->server_url : NULL;
}

MOSAIC_API const char *mosaic_config_get_instance_id(const mosaic_config *c)
{
    return c ? c->instance_id : NULL;
}

MOSAIC_API bool mosaic_config_get_enabled(const mosaic_config *c)
{
    return c && c->enabled;
}

MOSAIC_API bool mosaic_config_get_dry_run(const mosaic_config *c)
{
    return c && c->dry_run;
}
