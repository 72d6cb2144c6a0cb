/* The config file (docs/cli.md, "The config file"): where it is, reading it without trusting
 * it, and its lines. mosaic_config_load_file applies it; the command's `config` edits it. */
#ifndef MT_CONFIG_FILE_H
#define MT_CONFIG_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "mosaic/telemetry.h"

#define MT_CONFIG_FILE_MAX_BYTES (64 * 1024)

/* $XDG_CONFIG_HOME/mosaic-telemetry/config, else $HOME/.config/mosaic-telemetry/config. False
 * when neither variable is set (or the path does not fit). */
bool mt_config_default_path(char *out, size_t len);

/* Reads the file at path into *text (NUL-terminated, to free()) and *len, after checking that
 * it is a regular file and not a symbolic link, owned by this user (or root), neither readable
 * nor writable by group or others, and at most 64 KiB. A file that does not exist gives
 * MOSAIC_OK with *text NULL. MOSAIC_ERR_INVALID_CONFIG when a check fails, MOSAIC_ERR_SYSTEM when
 * it cannot be opened or read, each with one line naming the path. */
mosaic_status mt_config_file_read(const char *path, char **text, size_t *len, char *err,
                                  size_t errlen);

/* One line of the file. */
typedef struct mt_config_line {
    const char *text; /* the line as written, without its '\n' */
    size_t len;
    int setting;       /* its mt_setting; -1 for a blank line or a comment */
    const char *value; /* after the '=', its trailing '\r', spaces and tabs left out */
    size_t value_len;
} mt_config_line;

/* Splits text into lines (*lines to free()) and checks each: blank, a comment ('#' first), or
 * NAME=value with NAME one of the settings' variables, each set at most once. Stops at the first
 * line that breaks a rule: MOSAIC_ERR_INVALID_CONFIG with "<path>:<line>: <rule>". */
mosaic_status mt_config_file_parse(const char *path, const char *text, size_t len,
                                   mt_config_line **lines, size_t *n, char *err, size_t errlen);

#endif
