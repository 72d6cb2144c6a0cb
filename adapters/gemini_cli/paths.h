/* Where Gemini CLI keeps its settings and its chat files (paths.c). */
#ifndef GM_PATHS_H
#define GM_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "settings_file.h"

/* The settings.json of a scope (NULL: user): user <home>/.gemini/settings.json, home being
 * $GEMINI_CLI_HOME, else $HOME; project ./.gemini/settings.json. The kit_harness settings_path. */
bool gm_settings_path(const char *scope, char *out, size_t len, kit_file_modes *modes, char *err,
                      size_t errlen);

/* The chat file of a session when the payload named none: the newest
 * <home>/.gemini/tmp/<project>/chats/session-*-<first 8 of the id>.jsonl. False (out "") when
 * there is none. */
bool gm_find_chat(const char *session_id, char *out, size_t len);

#endif
