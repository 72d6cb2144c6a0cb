/* The config's fields, shared by the setters, the rules and the client that copies them. */
#ifndef MT_CONFIG_H
#define MT_CONFIG_H

#include "log.h"
#include "mosaic/telemetry.h"

/* The settings read from MOSAIC_TELEMETRY_* variables (and from the config file, under the same
 * names): one row each in config_settings.c's table, in this order. */
typedef enum mt_setting {
    MT_SETTING_SERVER_URL,
    MT_SETTING_API_KEY,
    MT_SETTING_INSTANCE_ID,
    MT_SETTING_ENABLED,
    MT_SETTING_DRY_RUN,
    MT_SETTING_LOG_LEVEL,
    MT_SETTING_CA_BUNDLE,
    MT_SETTING_PROXY,
    MT_SETTING_ALLOW_INSECURE_HTTP,
    MT_SETTING_SPOOL_DIR,
    MT_SETTING_SPOOL_MAX_EVENTS,
    MT_SETTING_SPOOL_MAX_BYTES,
    MT_SETTING_SPOOL_MAX_AGE,
    MT_SETTING_HISTORY,
    MT_SETTING_COUNT
} mt_setting;

/* Where a setting's value came from. Later sources win: code (a setter call) over the
 * environment over the config file over the defaults. */
typedef enum mt_config_origin {
    MT_CONFIG_ORIGIN_DEFAULT = 0,
    MT_CONFIG_ORIGIN_ENV,
    MT_CONFIG_ORIGIN_FILE,
    MT_CONFIG_ORIGIN_CODE,
} mt_config_origin;

/* The settings whose values can be unreadable (not a boolean, a number...). */
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
    char *history;   /* the command's local history: a path, "off", or NULL for the default */
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
    /* Why a MOSAIC_TELEMETRY_* value (of the environment or the config file) could not be read
     * ("" when it could), one per field read that way; validate reports the first until a
     * setter overrides that field. */
    char env_errors[MT_ENV_FIELD_COUNT][256];
    /* Why a config file could not be loaded, when the caller chose to let validate report it
     * (mt_config_set_load_error); "" otherwise. */
    char load_error[256];
    unsigned char origins[MT_SETTING_COUNT]; /* mt_config_origin, by mt_setting */
    char *file_path;                         /* the config file last loaded; NULL: none */
};

/* The spool's bounds from the config (spool.h's mt_spool_limits). */
struct mt_spool_limits;
void mt_config_spool_limits(const mosaic_config *config, struct mt_spool_limits *out);

/* true/1/yes/on or false/0/no/off, in any case: the one spelling of a boolean setting. */
bool mt_parse_bool(const char *text, bool *out);

/* Replaces *slot with a copy of value (NULL clears). MOSAIC_OK or MOSAIC_ERR_NO_MEMORY. */
mosaic_status mt_config_replace_string(char **slot, const char *value);
/* Strips the trailing '/'s of a base URL in place (docs/protocol.md, "Transport"); NULL is fine. */
void mt_url_strip_trailing_slashes(char *url);

/* A config with the defaults only, the environment not read; NULL when memory runs out. */
mosaic_config *mt_config_new_defaults(void);

/* ---- the settings (config_settings.c) ---------------------------------------------------- */

#define MT_SETTING_PREFIX "MOSAIC_TELEMETRY_"

/* The setting's variable, e.g. "MOSAIC_TELEMETRY_API_KEY"; NULL when out of range. */
const char *mt_setting_name(int setting);
/* The setting whose variable is exactly name (case matters), or -1. */
int mt_setting_find(const char *name);
/* The same for the first len bytes of name. */
int mt_setting_find_n(const char *name, size_t len);

/* Reads the setting from value with its kind's parser, the same for the environment and the
 * config file: a string is copied (an empty one stores nothing, except for the proxy, where ""
 * means "ignore libcurl's proxy variables"), a URL loses its trailing '/'s, booleans, whole
 * numbers, seconds and log levels must parse. A value that does not is remembered for validate
 * as "NAME: expected <rule>, got '<value>'", followed by " (in <source>)" when source is not
 * NULL; one that does forgets such an error. Records origin when something was stored or
 * remembered. MOSAIC_OK, or MOSAIC_ERR_NO_MEMORY. */
mosaic_status mt_config_apply(mosaic_config *config, mt_setting setting, const char *value,
                              mt_config_origin origin, const char *source);
/* Applies every MOSAIC_TELEMETRY_* variable that is set (mosaic_config_new's second step). */
void mt_config_read_environment(mosaic_config *config);
/* Marks a setting as set by code (the setters call it). */
void mt_config_set_by_code(mosaic_config *config, mt_setting setting);

/* Where the setting named env_name ("MOSAIC_TELEMETRY_API_KEY") got its value;
 * MT_CONFIG_ORIGIN_DEFAULT for a name that is not a setting's. */
mt_config_origin mt_config_origin_of(const mosaic_config *config, const char *env_name);
/* "default", "environment", "file", "code". */
const char *mt_config_origin_str(mt_config_origin origin);
/* The config file last loaded into config (mosaic_config_load_file), NULL when none was. */
const char *mt_config_file_path(const mosaic_config *config);
/* Makes validate report line (one line) before any other rule: for a caller that goes on with a
 * config whose file could not be loaded, and wants it refused where a bad variable is. */
void mt_config_set_load_error(mosaic_config *config, const char *line);

/* Frees a text setting's value (the others are left): the check below starts it empty. */
void mt_config_clear_setting(mosaic_config *config, mt_setting setting);

/* Whether value is one the setting accepts: its kind's syntax (as mt_config_apply), then those
 * rules of mosaic_config_validate that concern this setting alone (a URL's form, the key's 64 hex
 * characters, a UUID, the bounds). The rule tying http:// to allow_insecure_http is left to
 * validate, since it concerns two settings. MOSAIC_OK, or MOSAIC_ERR_INVALID_CONFIG with the
 * one-line reason (naming the variable or the field), or MOSAIC_ERR_NO_MEMORY. A value accepted
 * with a warning (mt_config_shape_warning) is MOSAIC_OK with the warning in err; else err is "". */
mosaic_status mt_config_check_value(mt_setting setting, const char *value, char *err,
                                    size_t errlen);

/* A key or an instance id of a shape other than the documented one (64 hex characters; a UUID):
 * true with one line naming the field in out (the key never echoed). Not an error: such a value
 * is sent as given and the server decides (docs/protocol.md, "Transport"). False when enabled is
 * false or nothing is unexpected. */
bool mt_config_shape_warning(const mosaic_config *config, char *out, size_t len);

/* The local history's setting (docs/history.md): NULL or "" (the default place), "off", or an
 * absolute path; a relative one would follow each hook's working directory. True, or false with
 * one line naming the field and the rule in err. The command checks it (config set, track,
 * flush, report), not mosaic_config_validate: a history the library never opens must not stop
 * its client, nor a hook from recording. */
bool mt_config_history_ok(const char *value, char *err, size_t errlen);
/* The history setting as read (NULL when unset): the library only learns whether it is "off". */
const char *mt_config_history(const mosaic_config *config);

/* True when the URL's host is localhost, 127.0.0.0/8 or [::1]. */
bool mt_url_is_loopback(const char *url);

#endif
