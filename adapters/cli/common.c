/* Diagnostics, the config as each subcommand needs it, and key masking. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cli_error(const char *cmd, const char *fmt, ...)
{
    char line[1024];
    va_list args;
    va_start(args, fmt);
    vsnprintf(line, sizeof line, fmt, args);
    va_end(args);
    /* One fprintf per line, so that lines of concurrent processes do not interleave. */
    if (cmd)
        fprintf(stderr, CLI_NAME " %s: %s\n", cmd, line);
    else
        fprintf(stderr, CLI_NAME ": %s\n", line);
}

/* The library's own log lines carry the command's prefix too, so that a user reading stderr
 * sees one tool. */
static void log_to_stderr(mosaic_log_level level, const char *message, void *user)
{
    (void)user;
    fprintf(stderr, CLI_NAME ": %s: %s\n", mosaic_log_level_str(level), message);
}

mosaic_config *cli_config_raw(const char *cmd)
{
    mosaic_config *config = mosaic_config_new();
    if (!config) {
        cli_error(cmd, "out of memory");
        return NULL;
    }
    mosaic_config_set_log_callback(config, log_to_stderr, NULL);
    /* The default config file, under the environment (docs/cli.md, "The config file"). A bad
     * file is kept as the config's error, so that each command treats it as it treats a bad
     * variable: track and flush refuse (exit 2), status and doctor show it. */
    char err[256] = "";
    if (mosaic_config_load_file(config, NULL, err, sizeof err) != MOSAIC_OK)
        mt_config_set_load_error(config, err);
    return config;
}

/* Every rule; without `full`, as if disabled, which skips exactly the required server_url,
 * api_key and instance_id (the spool bounds, the variables' syntax and the rest still hold). */
static bool config_valid(const mosaic_config *config, bool full, char *err, size_t errlen)
{
    if (full)
        return mosaic_config_validate(config, err, errlen) == MOSAIC_OK;
    /* Setting enabled forgets an unreadable MOSAIC_TELEMETRY_ENABLED: look at those first. */
    for (int field = 0; field < MT_ENV_FIELD_COUNT; field++) {
        if (config->env_errors[field][0]) {
            snprintf(err, errlen, "%s", config->env_errors[field]);
            return false;
        }
    }
    mosaic_config *offline = mosaic_config_clone(config);
    if (!offline) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    mosaic_config_set_enabled(offline, false);
    bool ok = mosaic_config_validate(offline, err, errlen) == MOSAIC_OK;
    mosaic_config_free(offline);
    return ok;
}

int cli_config_load(const char *cmd, bool full, mosaic_config **out)
{
    *out = NULL;
    mosaic_config *config = cli_config_raw(cmd);
    if (!config)
        return CLI_FAIL;
    char err[256] = "";
    if (!config_valid(config, full, err, sizeof err)) {
        cli_error(cmd, "%s", err);
        mosaic_config_free(config);
        return CLI_USAGE;
    }
    *out = config;
    return CLI_OK;
}

void cli_mask_key(const char *key, char *out, size_t len)
{
    size_t key_len = key ? strlen(key) : 0;
    if (!key)
        snprintf(out, len, "(unset)");
    else if (key_len < 8) /* four shown characters would be half of it or more */
        snprintf(out, len, "****");
    else
        snprintf(out, len, "****%s", key + key_len - 4);
}
