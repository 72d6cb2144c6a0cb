/* Config: defaults (README.md, "Configuration"), then MOSAIC_TELEMETRY_* variables
 * (config_settings.c), then setters, which record that code set their settings. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spool.h"

static void forget_env_error(mosaic_config *c, mt_env_field field)
{
    c->env_errors[field][0] = '\0';
}

MOSAIC_API mosaic_config *mosaic_config_new(void)
{
    mosaic_config *c = mt_config_new_defaults();
    if (c)
        mt_config_read_environment(c);
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
    free(c->history);
    free(c->proxy);
    free(c->file_path);
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
    copy->spool_dir = copy->file_path = copy->history = NULL;
    if (mt_config_replace_string(&copy->server_url, c->server_url) ||
        mt_config_replace_string(&copy->api_key, c->api_key) ||
        mt_config_replace_string(&copy->instance_id, c->instance_id) ||
        mt_config_replace_string(&copy->ca_bundle, c->ca_bundle) ||
        mt_config_replace_string(&copy->proxy, c->proxy) ||
        mt_config_replace_string(&copy->spool_dir, c->spool_dir) ||
        mt_config_replace_string(&copy->history, c->history) ||
        mt_config_replace_string(&copy->file_path, c->file_path)) {
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
    mt_config_set_by_code(c, MT_SETTING_SERVER_URL);
    mosaic_status status = mt_config_replace_string(&c->server_url, url);
    mt_url_strip_trailing_slashes(c->server_url);
    return status;
}

MOSAIC_API mosaic_status mosaic_config_set_api_key(mosaic_config *c, const char *api_key)
{
    CHECK_CONFIG(c);
    mt_config_set_by_code(c, MT_SETTING_API_KEY);
    return mt_config_replace_string(&c->api_key, api_key);
}

MOSAIC_API mosaic_status mosaic_config_set_instance_id(mosaic_config *c, const char *id)
{
    CHECK_CONFIG(c);
    mt_config_set_by_code(c, MT_SETTING_INSTANCE_ID);
    return mt_config_replace_string(&c->instance_id, id);
}

MOSAIC_API mosaic_status mosaic_config_set_enabled(mosaic_config *c, bool enabled)
{
    CHECK_CONFIG(c);
    mt_config_set_by_code(c, MT_SETTING_ENABLED);
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
    mt_config_set_by_code(c, MT_SETTING_DRY_RUN);
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
    mt_config_set_by_code(c, MT_SETTING_LOG_LEVEL);
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
    mt_config_set_by_code(c, MT_SETTING_SPOOL_DIR);
    return mt_config_replace_string(&c->spool_dir, dir && *dir ? dir : NULL);
}

MOSAIC_API mosaic_status mosaic_config_set_spool_limits(mosaic_config *c, uint64_t max_events,
                                                        uint64_t max_bytes, double max_age_seconds)
{
    CHECK_CONFIG(c);
    mt_config_set_by_code(c, MT_SETTING_SPOOL_MAX_EVENTS);
    mt_config_set_by_code(c, MT_SETTING_SPOOL_MAX_BYTES);
    mt_config_set_by_code(c, MT_SETTING_SPOOL_MAX_AGE);
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
    mt_config_set_by_code(c, MT_SETTING_CA_BUNDLE);
    return mt_config_replace_string(&c->ca_bundle, path);
}

MOSAIC_API mosaic_status mosaic_config_set_proxy(mosaic_config *c, const char *proxy)
{
    CHECK_CONFIG(c);
    mt_config_set_by_code(c, MT_SETTING_PROXY);
    return mt_config_replace_string(&c->proxy, proxy);
}

MOSAIC_API mosaic_status mosaic_config_set_allow_insecure_http(mosaic_config *c, bool allow)
{
    CHECK_CONFIG(c);
    mt_config_set_by_code(c, MT_SETTING_ALLOW_INSECURE_HTTP);
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

const char *mt_config_history(const mosaic_config *c)
{
    return c ? c->history : NULL;
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
