/* The config's fields, shared by the setters, the rules and the client that copies them. */
#ifndef MT_CONFIG_H
#define MT_CONFIG_H

#include "log.h"
#include "mosaic/telemetry.h"

struct mosaic_config {
    char *server_url; /* without a trailing '/' */
    char *api_key;
    char *instance_id;
    char *ca_bundle; /* NULL: the system store */
    char *proxy;     /* NULL: libcurl's own environment */
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
    mt_logger log;
    /* The first MOSAIC_TELEMETRY_* variable that could not be read, reported by validate until a
     * setter overrides the field it would have set. */
    const char *env_error_field;
    char env_error[160];
};

/* True when the URL's host is localhost, 127.0.0.0/8 or [::1]. */
bool mt_url_is_loopback(const char *url);

#endif
