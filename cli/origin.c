/* Where a setting's value came from, as `status` and `doctor` say it: a user who finds a wrong
 * value must know where to correct it (docs/cli.md, "The config file"). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "hist_db.h"

void cli_format_origin(const mosaic_config *config, const char *env_name, char *out, size_t len)
{
    switch (mt_config_origin_of(config, env_name)) {
    case MT_CONFIG_ORIGIN_ENV: snprintf(out, len, "(from environment)"); break;
    case MT_CONFIG_ORIGIN_FILE: snprintf(out, len, "(from %s)", mt_config_file_path(config)); break;
    case MT_CONFIG_ORIGIN_CODE: snprintf(out, len, "(from code)"); break;
    case MT_CONFIG_ORIGIN_DEFAULT: snprintf(out, len, "(default)"); break;
    }
}

void cli_format_spool_origin(const char *flag_value, const cli_globals *globals,
                             const mosaic_config *config, char *out, size_t len)
{
    if (flag_value || globals->host.spool_dir)
        snprintf(out, len, "(from --spool-dir)");
    else
        cli_format_origin(config, "MOSAIC_TELEMETRY_SPOOL_DIR", out, len);
}

void cli_format_history(const mosaic_config *config, char *out, size_t len)
{
    char path[4096], origin[4200];
    bool off = false;
    char why[512];
    if (!hist_path_of(mt_config_history(config), path, sizeof path, &off, why, sizeof why)) {
        size_t named = strncmp(why, "history: ", 9) == 0 ? 9 : 0; /* printed after "history: " */
        snprintf(out, len, "%s", why + named);
        return;
    }
    cli_format_origin(config, HIST_ENV, origin, sizeof origin);
    snprintf(out, len, "%s %s", off ? "off" : path, origin);
}
