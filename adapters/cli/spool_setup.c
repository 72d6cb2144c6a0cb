/* Where the spool lives and how large it may grow: the command's flags over the config (whose
 * MOSAIC_TELEMETRY_SPOOL_* variables the library reads and checks). */
#include <stdio.h>

#include "cli.h"

int cli_spool_dir(const char *cmd, const char *flag_value, const cli_globals *globals,
                  const mosaic_config *config, char *out, size_t len)
{
    const char *dir = flag_value ? flag_value : globals->spool_dir;
    if (!dir || !*dir)
        dir = mosaic_config_get_spool_dir(config);
    if (dir && *dir) {
        if ((size_t)snprintf(out, len, "%s", dir) < len)
            return CLI_OK;
        cli_error(cmd, "spool_dir: path too long");
        return CLI_USAGE;
    }
    if (mt_spool_default_dir(out, len))
        return CLI_OK;
    cli_error(cmd, "spool_dir: none found; set MOSAIC_TELEMETRY_SPOOL_DIR, XDG_STATE_HOME or "
                   "HOME, or pass --spool-dir");
    return CLI_USAGE;
}

int cli_spool_open(const char *cmd, const char *flag_value, const cli_globals *globals,
                   const mosaic_config *config, mt_spool **out)
{
    *out = NULL;
    char dir[4096];
    int status = cli_spool_dir(cmd, flag_value, globals, config, dir, sizeof dir);
    if (status != CLI_OK)
        return status;
    mt_spool_limits limits;
    mt_config_spool_limits(config, &limits);
    char err[512] = "";
    if (mt_spool_open(dir, &limits, &config->log, out, err, sizeof err) != MOSAIC_OK) {
        cli_error(cmd, "%s", err[0] ? err : "the spool could not be opened");
        return CLI_FAIL;
    }
    return CLI_OK;
}
