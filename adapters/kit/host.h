/* What every adapter needs from the process it runs in, whichever harness it serves: one-line
 * diagnostics on stderr, the config as the command makes it, the spool, and a way to start the
 * background flusher. The command (cli/) fills a kit_host and hands it down; the kit and the
 * adapters never call up into the command. */
#ifndef KIT_HOST_H
#define KIT_HOST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "mosaic/telemetry.h"
#include "spool.h"

#define KIT_PROGRAM "mosaic-telemetry"

/* Exit statuses, the same for every subcommand and adapter. */
enum { KIT_OK = 0, KIT_FAIL = 1, KIT_USAGE = 2 };

typedef struct kit_host kit_host;
struct kit_host {
    const char *spool_dir; /* the command's --spool-dir; NULL when not given */
    /* Starts a detached `flush --background` for the spool in dir and returns at once (one
     * flusher at a time is the flusher's own rule). */
    void (*start_flush)(const kit_host *host, const char *dir);
    /* Whether a flush keeps events when config names no server (the command's local history),
     * so that start_flush is worth calling then too; NULL: it does not. Asked of the config
     * already loaded, only when an event waits: a hook reads no other file for it. */
    bool (*records_offline)(const mosaic_config *config);
    void *user;
};

/* One diagnostic line on stderr, "mosaic-telemetry <who>: <message>" (who may be NULL), written
 * with one call so that lines of concurrent processes do not interleave. */
void kit_log(const char *who, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Points fd at /dev/null (after flushing stdio) until kit_unmute: for output that is not the
 * caller's to show. Returns the descriptor saved for kit_unmute (-1 when none could be kept). */
int kit_mute(int fd);
void kit_unmute(int fd, int saved);

/* The config from the defaults, the default config file and MOSAIC_TELEMETRY_* (which wins),
 * unchecked, the library's log lines routed to stderr under the program's name; NULL (logged)
 * when memory runs out. A config file that cannot be loaded is the config's error, the first
 * that validate reports. */
mosaic_config *kit_config_raw(const char *who);
/* kit_config_raw's config, validated: `full` as a client needs it; otherwise every rule but the
 * three settings a server needs (an event can be recorded offline, with only an instance id).
 * KIT_OK, or KIT_USAGE after logging the one-line reason. */
int kit_config_load(const char *who, bool full, mosaic_config **out);

/* The spool directory: flag_value, the host's --spool-dir, the config's spool_dir
 * (MOSAIC_TELEMETRY_SPOOL_DIR), then mt_spool_default_dir. KIT_OK or KIT_USAGE (logged). */
int kit_spool_dir(const char *who, const char *flag_value, const kit_host *host,
                  const mosaic_config *config, char *out, size_t len);
/* Resolves the directory, then opens the spool with the config's bounds. KIT_OK, KIT_USAGE, or
 * KIT_FAIL when the directory cannot be created or written (logged). */
int kit_spool_open(const char *who, const char *flag_value, const kit_host *host,
                   const mosaic_config *config, mt_spool **out);

#endif
