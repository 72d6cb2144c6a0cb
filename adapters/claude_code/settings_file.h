/* A settings.json on disk: where each scope keeps it, reading it, the backup, the atomic
 * write. */
#ifndef CC_SETTINGS_FILE_H
#define CC_SETTINGS_FILE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum cc_scope { CC_SCOPE_USER, CC_SCOPE_PROJECT, CC_SCOPE_LOCAL } cc_scope;

/* "user", "project", "local"; false otherwise. */
bool cc_scope_parse(const char *text, cc_scope *out);
/* user: $CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json; project:
 * ./.claude/settings.json; local: ./.claude/settings.local.json. False (err) when HOME or the
 * current directory is unknown. */
bool cc_settings_path(cc_scope scope, char *out, size_t len, char *err, size_t errlen);

/* The file's object; a missing or empty file is {} (*existed false). NULL (err) when it cannot
 * be read or is not a JSON object: it is then never written. */
json_object *cc_settings_read(const char *path, bool *existed, char *err, size_t errlen);

/* Copies path to <path>.bak-<UTC yyyymmddThhmmssZ>[-n]; the backup's name in backup. */
bool cc_settings_backup(const char *path, char *backup, size_t len, char *err, size_t errlen);
/* Writes text to path atomically (temp file, fsync, rename), creating its directory; keeps the
 * mode of the file it replaces (new files: 0600 for the user's, 0644 for a project's). */
bool cc_settings_write(const char *path, const char *text, cc_scope scope, char *err,
                       size_t errlen);

#endif
