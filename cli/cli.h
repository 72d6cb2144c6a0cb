/* Shared declarations of the mosaic-telemetry command: exit codes, diagnostics, and the steps
 * that several subcommands take (loading the config, finding and opening the spool, flushing). */
#ifndef MT_CLI_H
#define MT_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "host.h"
#include "mosaic/telemetry.h"
#include "spool.h"

#define CLI_NAME KIT_PROGRAM

/* Exit statuses: the same for every subcommand (host.h). */
enum { CLI_OK = KIT_OK, CLI_FAIL = KIT_FAIL, CLI_USAGE = KIT_USAGE };

/* What main() parsed before the subcommand, and what the command offers the adapters it runs. */
typedef struct cli_globals {
    kit_host host; /* host.spool_dir: --spool-dir before the subcommand; NULL when absent */
} cli_globals;

typedef int (*cli_command_fn)(const cli_globals *globals, int argc, char **argv);

int cli_cmd_track(const cli_globals *globals, int argc, char **argv);
int cli_cmd_flush(const cli_globals *globals, int argc, char **argv);
int cli_cmd_predict(const cli_globals *globals, int argc, char **argv);
int cli_cmd_status(const cli_globals *globals, int argc, char **argv);
int cli_cmd_doctor(const cli_globals *globals, int argc, char **argv);
int cli_cmd_config(const cli_globals *globals, int argc, char **argv);
int cli_cmd_version(const cli_globals *globals, int argc, char **argv);
int cli_cmd_run(const cli_globals *globals, int argc, char **argv);
int cli_cmd_hook(const cli_globals *globals, int argc, char **argv);
int cli_cmd_install(const cli_globals *globals, int argc, char **argv);
int cli_cmd_uninstall(const cli_globals *globals, int argc, char **argv);
int cli_cmd_report(const cli_globals *globals, int argc, char **argv);
int cli_cmd_history(const cli_globals *globals, int argc, char **argv);

/* One diagnostic line on stderr: "mosaic-telemetry <cmd>: <message>" (cmd may be NULL). */
#define cli_error kit_log

/* Starts `flush --background` for the spool in dir, detached, in a child whose output is not
 * the caller's (kit_host's start_flush). */
void cli_start_background_flush(const kit_host *host, const char *dir);

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
/* The same for the spool directory, which kit_spool_dir takes from --spool-dir first. */
void cli_format_spool_origin(const char *flag_value, const cli_globals *globals,
                             const mosaic_config *config, char *out, size_t len);

/* The local history's place as the config says it, "<path> (origin)" or "off (origin)", or the
 * rule its setting breaks (docs/history.md). */
void cli_format_history(const mosaic_config *config, char *out, size_t len);

/* "850 ms", "12.5 s", "3 min 12 s", "2.5 h", "1.2 days". */
void cli_format_duration(double ms, char *out, size_t len);
/* "512 B", "12.0 KiB", "3.4 MiB". */
void cli_format_bytes(unsigned long long bytes, char *out, size_t len);

#endif
