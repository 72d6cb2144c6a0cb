/* Where Cline keeps its hook files and its sessions (paths.c). */
#ifndef CL_PATHS_H
#define CL_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "settings_file.h"

/* The hooks directory of a scope (NULL: user): user $CLINE_DIR/hooks, else ~/.cline/hooks;
 * project ./.clinerules/hooks. The kit_harness settings_path. */
bool cl_hooks_path(const char *scope, char *out, size_t len, kit_file_modes *modes, char *err,
                   size_t errlen);

/* A session's file <id><suffix> (".json", the manifest; ".messages.json") in its directory:
 * $CLINE_SESSION_DATA_DIR, else $CLINE_DATA_DIR/sessions, else ($CLINE_DIR, else
 * ~/.cline)/data/sessions, then <id>/. False when no root is known or the path is too long. */
bool cl_session_file(const char *session_id, const char *suffix, char *out, size_t len);

#endif
