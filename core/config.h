/* The config's fields, shared by the setters, the rules and the client that copies them. */
#ifndef MT_CONFIG_H
#define MT_CONFIG_H

#include "log.h"
#include "mosaic/telemetry.h"

/* The settings whose environment variables can hold an unreadable value. */
typedef enum mt_env_field {
    MT_ENV_ENABLED,
    MT_ENV_DRY_RUN,
    MT_ENV_ALLOW_INSECURE_HTTP,
    MT_ENV_LOG_LEVEL,
    MT_ENV_SPOOL_MAX_EVENTS,
    MT_ENV_SPOOL_MAX_BYTES,
    MT_ENV_SPOOL_MAX_AGE,
    MT_ENV_FIELD_COUNT
} mt_env_field;

struct mosaic_config {
    char *server_url; /* without a trailing '/' */
    char *api_key;
    char *instance_id;
    char *ca_bundle; /* NULL: the system store */
    char *proxy;     /* NULL: libcurl's own environment */
    char *spool_dir; /* NULL: no spool (the client keeps events in memory only) */
    bool enabled;
    bool dry_run;
    bool allow_insecure_http;
    double submit_interval_seconds;
    double request_timeout_seconds;
    double prediction_cache_ttl_seconds;
    size_t max_queue_size;
    size_t batch_size;
    int max_retries;
    uint32_t backoff_base_ms;
    uint32_t backoff_cap_ms;
    uint64_t spool_max_events;
    uint64_t spool_max_bytes;
    double spool_max_age_seconds;
    mt_logger log;
    /* Why a MOSAIC_TELEMETRY_* variable could not be read ("" when it could), one per field read
     * that way; validate reports the first until a setter overrides that field. */
    char env_errors[MT_ENV_FIELD_COUNT][160];
};

/* The spool's bounds from the config (spool.h's mt_spool_limits). */
struct mt_spool_limits;
void mt_config_spool_limits(const mosaic_config *config, struct mt_spool_limits *out);

/* true/1/yes/on or false/0/no/off, in any case: the one spelling of a boolean setting. */
bool mt_parse_bool(const char *text, bool *out);

/* True when the URL's host is localhost, 127.0.0.0/8 or [::1]. */
bool mt_url_is_loopback(const char *url);

#endif
