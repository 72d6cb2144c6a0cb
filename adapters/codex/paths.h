/* Where Codex keeps its hooks file (paths.c). */
#ifndef CX_PATHS_H
#define CX_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "settings_file.h"

/* The hooks.json of a scope (NULL: user): user $CODEX_HOME/hooks.json, else
 * ~/.codex/hooks.json; project ./.codex/hooks.json. The kit_harness settings_path. */
bool cx_hooks_path(const char *scope, char *out, size_t len, kit_file_modes *modes, char *err,
                   size_t errlen);

#endif
