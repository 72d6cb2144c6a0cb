/* The MOSAIC_TELEMETRY_* settings: one table of variable name, kind and field, one parser per
 * kind, shared by the environment and the config file (docs/cli.md, "The config file"), and
 * where each value came from. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "err.h"

typedef enum setting_kind {
    KIND_STRING,          /* copied; "" stores nothing */
    KIND_STRING_OR_EMPTY, /* copied, "" included */
    KIND_URL,             /* a string without its trailing '/'s */
    KIND_BOOL,
    KIND_COUNT,   /* a whole number */
    KIND_SECONDS, /* a decimal number */
    KIND_LOG_LEVEL,
} setting_kind;

typedef struct setting_def {
    const char *name;
    setting_kind kind;
    size_t offset; /* of the field in mosaic_config */
    int error;     /* its mt_env_field slot; -1 for the strings, which are always readable */
} setting_def;

#define FIELD(member) offsetof(mosaic_config, member)

static const setting_def SETTINGS[MT_SETTING_COUNT] = {
    [MT_SETTING_SERVER_URL] = {"MOSAIC_TELEMETRY_SERVER_URL", KIND_URL, FIELD(server_url), -1},
    [MT_SETTING_API_KEY] = {"MOSAIC_TELEMETRY_API_KEY", KIND_STRING, FIELD(api_key), -1},
    [MT_SETTING_INSTANCE_ID] = {"MOSAIC_TELEMETRY_INSTANCE_ID", KIND_STRING, FIELD(instance_id),
                                -1},
    [MT_SETTING_ENABLED] = {"MOSAIC_TELEMETRY_ENABLED", KIND_BOOL, FIELD(enabled), MT_ENV_ENABLED},
    [MT_SETTING_DRY_RUN] = {"MOSAIC_TELEMETRY_DRY_RUN", KIND_BOOL, FIELD(dry_run), MT_ENV_DRY_RUN},
    [MT_SETTING_LOG_LEVEL] = {"MOSAIC_TELEMETRY_LOG_LEVEL", KIND_LOG_LEVEL, FIELD(log.threshold),
                              MT_ENV_LOG_LEVEL},
    [MT_SETTING_CA_BUNDLE] = {"MOSAIC_TELEMETRY_CA_BUNDLE", KIND_STRING, FIELD(ca_bundle), -1},
    [MT_SETTING_PROXY] = {"MOSAIC_TELEMETRY_PROXY", KIND_STRING_OR_EMPTY, FIELD(proxy), -1},
    [MT_SETTING_ALLOW_INSECURE_HTTP] = {"MOSAIC_TELEMETRY_ALLOW_INSECURE_HTTP", KIND_BOOL,
                                        FIELD(allow_insecure_http), MT_ENV_ALLOW_INSECURE_HTTP},
    [MT_SETTING_SPOOL_DIR] = {"MOSAIC_TELEMETRY_SPOOL_DIR", KIND_STRING, FIELD(spool_dir), -1},
    [MT_SETTING_SPOOL_MAX_EVENTS] = {"MOSAIC_TELEMETRY_SPOOL_MAX_EVENTS", KIND_COUNT,
                                     FIELD(spool_max_events), MT_ENV_SPOOL_MAX_EVENTS},
    [MT_SETTING_SPOOL_MAX_BYTES] = {"MOSAIC_TELEMETRY_SPOOL_MAX_BYTES", KIND_COUNT,
                                    FIELD(spool_max_bytes), MT_ENV_SPOOL_MAX_BYTES},
    [MT_SETTING_SPOOL_MAX_AGE] = {"MOSAIC_TELEMETRY_SPOOL_MAX_AGE_SECONDS", KIND_SECONDS,
                                  FIELD(spool_max_age_seconds), MT_ENV_SPOOL_MAX_AGE},
    /* Carried for the command's history (docs/history.md), which the library never opens. */
    [MT_SETTING_HISTORY] = {"MOSAIC_TELEMETRY_HISTORY", KIND_STRING, FIELD(history), -1},
};

const char *mt_setting_name(int setting)
{
    return setting >= 0 && setting < MT_SETTING_COUNT ? SETTINGS[setting].name : NULL;
}

int mt_setting_find_n(const char *name, size_t len)
{
    for (int i = 0; i < MT_SETTING_COUNT; i++)
        if (strlen(SETTINGS[i].name) == len && memcmp(SETTINGS[i].name, name, len) == 0)
            return i;
    return -1;
}

int mt_setting_find(const char *name)
{
    return name ? mt_setting_find_n(name, strlen(name)) : -1;
}

/* ---- one parser per kind ------------------------------------------------------------------ */

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

static bool parse_count(const char *text, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(text, &end, 10);
    if (errno || end == text || *end || *text == '-')
        return false;
    *out = n;
    return true;
}

static bool parse_seconds(const char *text, double *out)
{
    char *end;
    double seconds = strtod(text, &end);
    if (end == text || *end)
        return false;
    *out = seconds;
    return true;
}

/* Stores a string setting; "" stores nothing where the kind says so. */
static mosaic_status store_string(setting_kind kind, char **slot, const char *value)
{
    if (!*value && kind != KIND_STRING_OR_EMPTY)
        return MOSAIC_OK;
    mosaic_status status = mt_config_replace_string(slot, value);
    if (kind == KIND_URL)
        mt_url_strip_trailing_slashes(*slot);
    return status;
}

/* Parses value into field by kind (not a string kind); NULL, or the rule it broke. */
static const char *parse_into(setting_kind kind, void *field, const char *value)
{
    switch (kind) {
    case KIND_BOOL: return mt_parse_bool(value, field) ? NULL : "true/1/yes/on or false/0/no/off";
    case KIND_COUNT: return parse_count(value, field) ? NULL : "a whole number";
    case KIND_SECONDS: return parse_seconds(value, field) ? NULL : "a number of seconds";
    case KIND_LOG_LEVEL:
        return mosaic_log_level_parse(value, field) == MOSAIC_OK
                   ? NULL
                   : "debug, info, warn, error or off";
    default: return NULL;
    }
}

static bool is_string_kind(setting_kind kind)
{
    return kind == KIND_STRING || kind == KIND_STRING_OR_EMPTY || kind == KIND_URL;
}

mosaic_status mt_config_apply(mosaic_config *c, mt_setting setting, const char *value,
                              mt_config_origin origin, const char *source)
{
    const setting_def *def = &SETTINGS[setting];
    void *field = (char *)c + def->offset;
    if (is_string_kind(def->kind)) {
        if (*value || def->kind == KIND_STRING_OR_EMPTY)
            c->origins[setting] = (unsigned char)origin;
        return store_string(def->kind, field, value);
    }
    c->origins[setting] = (unsigned char)origin;
    char *error = c->env_errors[def->error];
    const char *rule = parse_into(def->kind, field, value);
    if (!rule)
        error[0] = '\0';
    else if (source)
        snprintf(error, sizeof c->env_errors[0], "%s: expected %s, got '%.40s' (in %s)", def->name,
                 rule, value, source);
    else
        snprintf(error, sizeof c->env_errors[0], "%s: expected %s, got '%.40s'", def->name, rule,
                 value);
    return MOSAIC_OK;
}

void mt_config_read_environment(mosaic_config *c)
{
    for (int i = 0; i < MT_SETTING_COUNT; i++) {
        const char *value = getenv(SETTINGS[i].name);
        if (value)
            mt_config_apply(c, (mt_setting)i, value, MT_CONFIG_ORIGIN_ENV, NULL);
    }
}

/* ---- origins -------------------------------------------------------------------------------- */

void mt_config_set_by_code(mosaic_config *c, mt_setting setting)
{
    c->origins[setting] = MT_CONFIG_ORIGIN_CODE;
}

mt_config_origin mt_config_origin_of(const mosaic_config *c, const char *env_name)
{
    int setting = mt_setting_find(env_name);
    return c && setting >= 0 ? (mt_config_origin)c->origins[setting] : MT_CONFIG_ORIGIN_DEFAULT;
}

const char *mt_config_origin_str(mt_config_origin origin)
{
    switch (origin) {
    case MT_CONFIG_ORIGIN_DEFAULT: return "default";
    case MT_CONFIG_ORIGIN_ENV: return "environment";
    case MT_CONFIG_ORIGIN_FILE: return "file";
    case MT_CONFIG_ORIGIN_CODE: return "code";
    }
    return "unknown";
}

const char *mt_config_file_path(const mosaic_config *c)
{
    return c ? c->file_path : NULL;
}

void mt_config_set_load_error(mosaic_config *c, const char *line)
{
    snprintf(c->load_error, sizeof c->load_error, "%s", line);
}

void mt_config_clear_setting(mosaic_config *c, mt_setting setting)
{
    if (is_string_kind(SETTINGS[setting].kind))
        mt_config_replace_string((char **)((char *)c + SETTINGS[setting].offset), NULL);
}
