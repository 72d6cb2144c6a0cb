/* A harness's settings file on disk: reading it strictly, the backup, the atomic write. The file
 * is the user's: it is never written unless it parsed, and the write is all-or-nothing. */
#ifndef KIT_SETTINGS_FILE_H
#define KIT_SETTINGS_FILE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* The file's object; a missing or empty file is {} (*existed false). NULL (err) when it cannot
 * be read or is not a JSON object: it is then never written. */
json_object *kit_settings_read(const char *path, bool *existed, char *err, size_t errlen);

/* Copies path to <path>.bak-<UTC yyyymmddThhmmssZ of now>[-n]; the backup's name in backup. */
bool kit_settings_backup(const char *path, time_t now, char *backup, size_t len, char *err,
                         size_t errlen);

/* How a new file and its new directories are made (an existing file keeps its own mode). */
typedef struct kit_file_modes {
    mode_t file, dir;
} kit_file_modes;
#define KIT_MODES_PRIVATE ((kit_file_modes){0600, 0700}) /* the user's own settings */
#define KIT_MODES_SHARED  ((kit_file_modes){0644, 0755}) /* a project's, read by others */

/* Writes text to path atomically (temp file, fsync, rename), creating its directory. */
bool kit_settings_write(const char *path, const char *text, kit_file_modes modes, char *err,
                        size_t errlen);

/* The file of a `--scope user|project` harness (NULL: user): user_dir/user_rel, the user's own
 * (KIT_MODES_PRIVATE), or <current directory>/project_rel, shared (KIT_MODES_SHARED). False with
 * the reason in err for another scope, a user_dir that is NULL or empty (user_hint says what to
 * set), an unknown current directory, or a path longer than len. */
bool kit_scope_path(const char *scope, const char *user_dir, const char *user_rel,
                    const char *project_rel, const char *user_hint, char *out, size_t len,
                    kit_file_modes *modes, char *err, size_t errlen);

#endif
