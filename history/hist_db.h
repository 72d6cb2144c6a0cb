/* The local history: every event this machine recorded, one row per event_id in an SQLite
 * database that a user can open with sqlite3 (docs/history.md has its schema). The command feeds
 * it where it drains the spool, and reports on it; the shared library never touches it. */
#ifndef HIST_DB_H
#define HIST_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HIST_ENV          "MOSAIC_TELEMETRY_HISTORY"
#define HIST_FILE         "mosaic-telemetry/history.sqlite3"
#define HIST_SCHEMA       2   /* PRAGMA user_version of the schema this program writes */
#define HIST_KEEP_DAYS    400 /* the retention bound: older events go when new ones come */
#define HIST_BUSY_WAIT_MS 2000

typedef struct hist_db hist_db;

/* Where the history is: the MOSAIC_TELEMETRY_HISTORY setting, from the environment, else the
 * config file (an absolute path, or "off": *off is set), else
 * $XDG_DATA_HOME/mosaic-telemetry/history.sqlite3, else ~/.local/share/... False (err says why)
 * when the config file is refused, the setting breaks its rule, none can be found or the path
 * does not fit. */
bool hist_path(char *out, size_t len, bool *off, char *err, size_t errlen);
/* The same for a setting already read (NULL or "": the default place). */
bool hist_path_of(const char *setting, char *out, size_t len, bool *off, char *err, size_t errlen);
/* The same for a config already loaded; a bad setting's error names the file it came from. */
struct mosaic_config;
bool hist_path_in_config(const struct mosaic_config *config, char *out, size_t len, bool *off,
                         char *err, size_t errlen);

/* Opens the history at path; create: making it (and its directory, mode 0700) when missing, else
 * a missing file is an error. Brings an older schema up to date (one transaction per step); a
 * newer one, a file that is not a database, or one that is locked past HIST_BUSY_WAIT_MS is an
 * error of one line naming the path. */
bool hist_open(const char *path, bool create, hist_db **out, char *err, size_t errlen);
void hist_close(hist_db *db);
const char *hist_db_path(const hist_db *db);

#endif
