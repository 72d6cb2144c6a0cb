/* mosaic_config_load_file: a config file's settings under the environment and the setters
 * (docs/cli.md, "The config file"). Every line is checked before any is applied, so that a bad
 * file changes nothing. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_file.h"
#include "err.h"

/* The environment and the setters come first: a line applies only to a setting that code did
 * not set and whose variable is unset or empty. */
static bool file_may_set(const mosaic_config *c, mt_setting setting)
{
    if (c->origins[setting] == MT_CONFIG_ORIGIN_CODE)
        return false;
    const char *env = getenv(mt_setting_name(setting));
    return !env || !*env;
}

/* Copies the value of every setting the file may set, by setting (each appears once). */
static bool take_values(const mosaic_config *c, const mt_config_line *lines, size_t n,
                        char *values[MT_SETTING_COUNT])
{
    for (size_t i = 0; i < n; i++) {
        int setting = lines[i].setting;
        if (setting < 0 || !file_may_set(c, (mt_setting)setting))
            continue;
        values[setting] = strndup(lines[i].value, lines[i].value_len);
        if (!values[setting])
            return false;
    }
    return true;
}

static mosaic_status apply_lines(mosaic_config *c, const char *path, const mt_config_line *lines,
                                 size_t n, char *err, size_t errlen)
{
    char *values[MT_SETTING_COUNT] = {0};
    char *path_copy = strdup(path);
    mosaic_status status =
        path_copy && take_values(c, lines, n, values) ? MOSAIC_OK : MOSAIC_ERR_NO_MEMORY;
    for (int s = 0; s < MT_SETTING_COUNT; s++) {
        if (status == MOSAIC_OK && values[s])
            status = mt_config_apply(c, (mt_setting)s, values[s], MT_CONFIG_ORIGIN_FILE, path);
        free(values[s]);
    }
    if (status == MOSAIC_OK) {
        free(c->file_path);
        c->file_path = path_copy;
    } else {
        free(path_copy);
        mt_set_error(err, errlen, "out of memory");
    }
    return status;
}

static mosaic_status load(mosaic_config *c, const char *path, bool missing_ok, char *err,
                          size_t errlen)
{
    char *text = NULL;
    size_t len = 0;
    mosaic_status status = mt_config_file_read(path, &text, &len, err, errlen);
    if (status != MOSAIC_OK)
        return status;
    if (!text) {
        if (missing_ok)
            return MOSAIC_OK;
        mt_set_error(err, errlen, "%s: cannot open: No such file or directory", path);
        return MOSAIC_ERR_SYSTEM;
    }
    mt_config_line *lines = NULL;
    size_t n = 0;
    status = mt_config_file_parse(path, text, len, &lines, &n, err, errlen);
    if (status == MOSAIC_OK)
        status = apply_lines(c, path, lines, n, err, errlen);
    free(lines);
    free(text);
    return status;
}

MOSAIC_API mosaic_status mosaic_config_load_file(mosaic_config *config, const char *path, char *err,
                                                 size_t errlen)
{
    if (!config) {
        mt_set_error(err, errlen, "config: must not be NULL");
        return MOSAIC_ERR_INVALID_ARGUMENT;
    }
    if (path)
        return load(config, path, false, err, errlen);
    char fallback[4096];
    if (!mt_config_default_path(fallback, sizeof fallback))
        return MOSAIC_OK; /* neither XDG_CONFIG_HOME nor HOME: there is no default file */
    return load(config, fallback, true, err, errlen);
}
