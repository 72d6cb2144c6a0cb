/* Where Codex keeps its hooks file, by install scope (docs/harnesses/codex.md, "Setup"). */
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* user: $CODEX_HOME/hooks.json, else ~/.codex/hooks.json; project: ./.codex/hooks.json. */
bool cx_hooks_path(const char *scope, char *out, size_t len, kit_file_modes *modes, char *err,
                   size_t errlen)
{
    const char *home = getenv("CODEX_HOME"), *user_home = getenv("HOME");
    bool user = !scope || strcmp(scope, "user") == 0;
    if (!user && strcmp(scope, "project") != 0) {
        snprintf(err, errlen, "--scope: expected user or project, got '%s'", scope);
        return false;
    }
    *modes = user ? KIT_MODES_PRIVATE : KIT_MODES_SHARED;
    char cwd[4096];
    int n = -1;
    if (user && home && *home)
        n = snprintf(out, len, "%s/hooks.json", home);
    else if (user && user_home && *user_home)
        n = snprintf(out, len, "%s/.codex/hooks.json", user_home);
    else if (!user && getcwd(cwd, sizeof cwd))
        n = snprintf(out, len, "%s/.codex/hooks.json", cwd);
    if (n > 0 && (size_t)n < len)
        return true;
    snprintf(err, errlen,
             user ? "no user hooks file: set HOME or CODEX_HOME"
                  : "the current directory is unknown");
    return false;
}
