/* Diagnostics, the config and the spool as adapters and the command share them (host.h). */
#include "host.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/* Declared a printf-like function so that clang's -Wformat-nonliteral accepts the vsnprintf. */
__attribute__((format(printf, 2, 0))) static void vlog(const char *who, const char *fmt,
                                                       va_list args)
{
    char raw[1024], line[1024];
    vsnprintf(raw, sizeof raw, fmt, args);
    mt_escape_controls(raw, line, sizeof line); /* a payload's text is outside input */
    if (who)
        fprintf(stderr, KIT_PROGRAM " %s: %s\n", who, line);
    else
        fprintf(stderr, KIT_PROGRAM ": %s\n", line);
}

void kit_log(const char *who, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vlog(who, fmt, args);
    va_end(args);
}

int kit_mute(int fd)
{
    fflush(NULL);
    int saved = dup(fd);
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (devnull >= 0) {
        dup2(devnull, fd);
        close(devnull);
    }
    return saved;
}

void kit_unmute(int fd, int saved)
{
    fflush(NULL);
    if (saved >= 0) {
        dup2(saved, fd);
        close(saved);
    }
}

/* The library's own log lines carry the program's prefix too, so that a user reading stderr
 * sees one tool. */
static void log_to_stderr(mosaic_log_level level, const char *message, void *user)
{
    (void)user;
    fprintf(stderr, KIT_PROGRAM ": %s: %s\n", mosaic_log_level_str(level), message);
}

mosaic_config *kit_config_raw(const char *who)
{
    mosaic_config *config = mosaic_config_new();
    if (!config) {
        kit_log(who, "out of memory");
        return NULL;
    }
    mosaic_config_set_log_callback(config, log_to_stderr, NULL);
    /* The default config file, under the environment (docs/cli.md, "The config file"): hooks run
     * in whatever environment their harness gives them. A bad file is kept as the config's error,
     * so that each command treats it as it treats a bad variable: track and flush refuse (exit
     * 2), status and doctor show it, a hook logs it and exits 0. */
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

/* A key or instance id of an unexpected shape: one line, once a process (the server decides). */
static void warn_shape(const char *who, const mosaic_config *config)
{
    static bool warned;
    char line[200];
    if (!warned && mt_config_shape_warning(config, line, sizeof line))
        kit_log(who, "warning: %s; sent as given: the server decides", line);
    warned = true;
}

int kit_config_load(const char *who, bool full, mosaic_config **out)
{
    *out = NULL;
    mosaic_config *config = kit_config_raw(who);
    if (!config)
        return KIT_FAIL;
    char err[256] = "";
    if (!config_valid(config, full, err, sizeof err)) {
        kit_log(who, "%s", err);
        mosaic_config_free(config);
        return KIT_USAGE;
    }
    if (full)
        warn_shape(who, config);
    *out = config;
    return KIT_OK;
}

int kit_spool_dir(const char *who, const char *flag_value, const kit_host *host,
                  const mosaic_config *config, char *out, size_t len)
{
    const char *dir = flag_value ? flag_value : host ? host->spool_dir : NULL;
    if (!dir || !*dir)
        dir = mosaic_config_get_spool_dir(config);
    if (dir && *dir) {
        if ((size_t)snprintf(out, len, "%s", dir) < len)
            return KIT_OK;
        kit_log(who, "spool_dir: path too long");
        return KIT_USAGE;
    }
    if (mt_spool_default_dir(out, len))
        return KIT_OK;
    kit_log(who, "spool_dir: none found; set MOSAIC_TELEMETRY_SPOOL_DIR, XDG_STATE_HOME or "
                 "HOME, or pass --spool-dir");
    return KIT_USAGE;
}

int kit_spool_open(const char *who, const char *flag_value, const kit_host *host,
                   const mosaic_config *config, mt_spool **out)
{
    *out = NULL;
    char dir[4096];
    int status = kit_spool_dir(who, flag_value, host, config, dir, sizeof dir);
    if (status != KIT_OK)
        return status;
    mt_spool_limits limits;
    mt_config_spool_limits(config, &limits);
    char err[512] = "";
    if (mt_spool_open(dir, &limits, &config->log, out, err, sizeof err) != MOSAIC_OK) {
        kit_log(who, "%s", err[0] ? err : "the spool could not be opened");
        return KIT_FAIL;
    }
    return KIT_OK;
}
