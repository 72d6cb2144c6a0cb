/* Shared declarations of the mosaic-telemetry command: exit codes, diagnostics, and the steps
 * that several subcommands take (loading the config, finding and opening the spool, flushing). */
#ifndef MT_CLI_H
#define MT_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "mosaic/telemetry.h"
#include "spool.h"

#define CLI_NAME "mosaic-telemetry"

/* Exit statuses: the issue fixes them for every subcommand. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* What main() parsed before the subcommand. */
typedef struct cli_globals {
    const char *spool_dir; /* --spool-dir before the subcommand; NULL when absent */
} cli_globals;

typedef int (*cli_command_fn)(const cli_globals *globals, int argc, char **argv);

int cmd_track(const cli_globals *globals, int argc, char **argv);
int cmd_flush(const cli_globals *globals, int argc, char **argv);
int cmd_predict(const cli_globals *globals, int argc, char **argv);
int cmd_status(const cli_globals *globals, int argc, char **argv);
int cmd_doctor(const cli_globals *globals, int argc, char **argv);
int cmd_config(const cli_globals *globals, int argc, char **argv);
int cmd_version(const cli_globals *globals, int argc, char **argv);

/* One diagnostic line on stderr: "mosaic-telemetry <cmd>: <message>" (cmd may be NULL). */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The config from the defaults, the default config file and MOSAIC_TELEMETRY_* (which wins),
 * unchecked, with the library's log lines routed to stderr under the command's prefix; NULL
 * (printed) when memory runs out. A config file that cannot be loaded is the config's error, the
 * first that validate reports. */
mosaic_config *cli_config_raw(const char *cmd);
/* cli_config_raw's config, validated: `full` as a client needs it; otherwise every
 * rule but the three settings a server needs (track works offline, with only an instance id).
 * CLI_OK, or CLI_USAGE after printing the one-line reason. */
int cli_config_load(const char *cmd, bool full, mosaic_config **out);

/* The spool directory: the subcommand's --spool-dir, main's, the config's spool_dir
 * (MOSAIC_TELEMETRY_SPOOL_DIR), then mt_spool_default_dir. CLI_OK or CLI_USAGE (printed). */
int cli_spool_dir(const char *cmd, const char *flag_value, const cli_globals *globals,
                  const mosaic_config *config, char *out, size_t len);
/* Resolves the directory, then opens the spool with the config's bounds. CLI_OK, CLI_USAGE, or
 * CLI_FAIL when the directory cannot be created or written (printed). */
int cli_spool_open(const char *cmd, const char *flag_value, const cli_globals *globals,
                   const mosaic_config *config, mt_spool **out);

/* Sends what the spool holds through a submitter set up from the config, until done or
 * timeout_ms passes. Returns mt_spool_flush's status (or MOSAIC_ERR_SYSTEM when no transport
 * could be made); *result gets the counts, why (may be "") the cause of a hold. */
mosaic_status cli_flush_spool(const mosaic_config *config, mt_spool *spool, int64_t timeout_ms,
                              mt_spool_flush_result *result, char *why, size_t why_len);

/* "****" plus the last 4 characters of a key (just "****" for short keys, "(unset)" for none):
 * the whole key is never shown. */
void cli_mask_key(const char *key, char *out, size_t len);

/* "(from environment)", "(from <config file>)", "(from code)" or "(default)": where the setting
 * whose variable is env_name got its value. */
void cli_format_origin(const mosaic_config *config, const char *env_name, char *out, size_t len);
/* The same for the spool directory, which cli_spool_dir takes from --spool-dir first. */
void cli_format_spool_origin(const char *flag_value, const cli_globals *globals,
                             const mosaic_config *config, char *out, size_t len);

/* "850 ms", "12.5 s", "3 min 12 s", "2.5 h", "1.2 days". */
void cli_format_duration(double ms, char *out, size_t len);
/* "512 B", "12.0 KiB", "3.4 MiB". */
void cli_format_bytes(unsigned long long bytes, char *out, size_t len);

#endif
