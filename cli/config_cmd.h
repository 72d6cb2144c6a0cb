/* The `config` subcommand's helpers: the config file as it edits it (config_store.c), and the
 * names and values it is given (config_value.c). The file's format and checks are the library's
 * (core/config_file.h); docs/cli.md, "The config file", describes them. */
#ifndef MT_CLI_CONFIG_CMD_H
#define MT_CLI_CONFIG_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "config_file.h"

typedef struct cli_config_file {
    const char *path;
    char *text; /* NULL when the file does not exist */
    size_t len;
    mt_config_line *lines;
    size_t n;
    int lock_fd; /* the directory, locked while a change is made; -1 */
} cli_config_file;

/* Reads and checks the file at path as mosaic_config_load_file does. With `lock`, first makes
 * its directory (0700, with missing parents) and takes the directory's lock, which
 * cli_config_file_close releases, so that two changes made at once do not lose one. CLI_OK;
 * CLI_USAGE for a file that breaks a rule (its mode, a bad line), CLI_FAIL when it cannot be
 * read; both printed. */
int cli_config_file_open(const char *cmd, const char *path, bool lock, cli_config_file *f);
void cli_config_file_close(cli_config_file *f);

/* The file's line for setting, or NULL. */
const mt_config_line *cli_config_file_find(const cli_config_file *f, int setting);

/* Writes the file again with setting's line set to NAME=value (added at the end when absent),
 * or removed when value is NULL; every other line as it was, in order. Atomic: a temp file made
 * 0600 next to it, fsync'd, renamed over it, and the directory fsync'd. CLI_OK or CLI_FAIL
 * (printed). */
int cli_config_file_write(const char *cmd, const cli_config_file *f, int setting,
                          const char *value);

/* The setting named by name: with or without the MOSAIC_TELEMETRY_ prefix, in any case, '-' for
 * '_' ("api_key", "API-KEY", "MOSAIC_TELEMETRY_API_KEY"); -1 after printing the settings'
 * names. */
int cli_config_setting(const char *cmd, const char *name);
/* "api_key" for MT_SETTING_API_KEY. */
void cli_config_short_name(int setting, char *out, size_t len);

/* The value for `set`: given, or one line read from stdin when given is "-" (from a terminal,
 * without echo, after a prompt on stderr); trailing spaces, tabs and the line end dropped, as the
 * file drops them. Then checked with the library's rules for the setting. CLI_OK, or CLI_USAGE
 * after printing the one line that names the rule. */
int cli_config_value(const char *cmd, int setting, const char *given, char *out, size_t len);

/* Writes the value as `get` and `list` show it: the API key masked (cli_mask_key). */
void cli_config_shown(int setting, const char *value, size_t value_len, char *out, size_t len);

#endif
