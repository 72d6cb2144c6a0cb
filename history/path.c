/* Where the history lives (hist_db.h): the MOSAIC_TELEMETRY_HISTORY setting, read like every
 * other from the environment, then the config file (docs/cli.md, "The config file"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "hist_db.h"

static bool fits(size_t len, int written, char *err, size_t errlen)
{
    if (written >= 0 && (size_t)written < len)
        return true;
    snprintf(err, errlen, "history: the path is too long");
    return false;
}

bool hist_path_of(const char *setting, char *out, size_t len, bool *off, char *err, size_t errlen)
{
    *off = false;
    if (!mt_config_history_ok(setting, err, errlen))
        return false;
    if (setting && strcmp(setting, "off") == 0) {
        *off = true;
        return true;
    }
    if (setting && *setting)
        return fits(len, snprintf(out, len, "%s", setting), err, errlen);
    /* XDG: a relative XDG_DATA_HOME is invalid and to be ignored. */
    const char *data = getenv("XDG_DATA_HOME");
    if (data && data[0] == '/')
        return fits(len, snprintf(out, len, "%s/" HIST_FILE, data), err, errlen);
    const char *home = getenv("HOME");
    if (home && *home)
        return fits(len, snprintf(out, len, "%s/.local/share/" HIST_FILE, home), err, errlen);
    snprintf(err, errlen, HIST_ENV ": no history path; set it (or \"off\"), XDG_DATA_HOME or HOME");
    return false;
}

bool hist_path_in_config(const mosaic_config *config, char *out, size_t len, bool *off, char *err,
                         size_t errlen)
{
    if (hist_path_of(mt_config_history(config), out, len, off, err, errlen))
        return true;
    size_t used = strlen(err);
    if (mt_config_origin_of(config, HIST_ENV) == MT_CONFIG_ORIGIN_FILE && used < errlen)
        snprintf(err + used, errlen - used, " (in %s)", mt_config_file_path(config));
    return false;
}

bool hist_path(char *out, size_t len, bool *off, char *err, size_t errlen)
{
    mosaic_config *config = mosaic_config_new();
    if (!config) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    /* The variable wins over the file: then the file need not be read (every command asks). */
    const char *env = getenv(HIST_ENV);
    bool ok = (env && *env) || mosaic_config_load_file(config, NULL, err, errlen) == MOSAIC_OK;
    ok = ok && hist_path_in_config(config, out, len, off, err, errlen);
    mosaic_config_free(config);
    return ok;
}
