/* The config's own fields: its defaults (README.md, "Configuration") and the helpers that the
 * setters (config.c) and the settings table (config_settings.c) both use, below both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
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

mosaic_status mt_config_replace_string(char **slot, const char *value)
{
    char *copy = NULL;
    if (value && !(copy = strdup(value)))
        return MOSAIC_ERR_NO_MEMORY;
    free(*slot);
    *slot = copy;
    return MOSAIC_OK;
}

/* docs/protocol.md, "Transport": a trailing '/' of the base URL is stripped. */
void mt_url_strip_trailing_slashes(char *url)
{
    if (!url)
        return;
    size_t len = strlen(url);
    while (len > 0 && url[len - 1] == '/')
        url[--len] = '\0';
}

mosaic_config *mt_config_new_defaults(void)
{
    mosaic_config *c = calloc(1, sizeof *c);
    if (c)
        set_defaults(c);
    return c;
}
