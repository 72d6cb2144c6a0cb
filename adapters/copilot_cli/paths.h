/* Where the Copilot CLI keeps its hooks file and its session logs (paths.c). */
#ifndef CP_PATHS_H
#define CP_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "settings_file.h"

/* The hooks file of a scope (NULL: user): user $COPILOT_HOME/hooks/mosaic-telemetry.json, else
 * ~/.copilot/hooks/mosaic-telemetry.json; project ./.github/hooks/mosaic-telemetry.json. The
 * kit_harness settings_path. */
bool cp_hooks_path(const char *scope, char *out, size_t len, kit_file_modes *modes, char *err,
                   size_t errlen);

/* A session's events.jsonl: $COPILOT_HOME (else ~/.copilot)/session-state/<id>/events.jsonl.
 * False when neither variable is set or the path is too long. */
bool cp_log_path(const char *session_id, char *out, size_t len);

/* After `install --scope project`: the note that Copilot runs a repository's hooks only in a
 * folder it trusts (docs/harnesses/copilot-cli.md, "Setup"). The kit_harness after_install. */
int cp_after_install(const char *path, bool install, bool dry_run);

#endif
