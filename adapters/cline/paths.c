/* Where Cline keeps its hook files and its sessions, as Cline 3.0.65 resolves them
 * (docs/harnesses/cline.md, "Setup"). */
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* $CLINE_DIR, else ~/.cline, followed by rest. */
static bool in_cline_dir(const char *rest, char *out, size_t len)
{
    int n = -1;
    if (env("CLINE_DIR"))
        n = snprintf(out, len, "%s/%s", env("CLINE_DIR"), rest);
    else if (env("HOME"))
        n = snprintf(out, len, "%s/.cline/%s", env("HOME"), rest);
    return n > 0 && (size_t)n < len;
}

bool cl_hooks_path(const char *scope, char *out, size_t len, kit_file_modes *modes, char *err,
                   size_t errlen)
{
    bool user = !scope || strcmp(scope, "user") == 0;
    if (!user && strcmp(scope, "project") != 0) {
        snprintf(err, errlen, "--scope: expected user or project, got '%s'", scope);
        return false;
    }
    *modes = user ? KIT_MODES_PRIVATE : KIT_MODES_SHARED;
    char cwd[4096];
    if (user && in_cline_dir("hooks", out, len))
        return true;
    if (!user && getcwd(cwd, sizeof cwd)) {
        int n = snprintf(out, len, "%s/.clinerules/hooks", cwd);
        if (n > 0 && (size_t)n < len)
            return true;
    }
    snprintf(err, errlen,
             user ? "no user hooks directory: set HOME or CLINE_DIR"
                  : "the current directory is unknown");
    return false;
}

bool cl_session_file(const char *session_id, const char *suffix, char *out, size_t len)
{
    char sessions[4096];
    int n = -1;
    if (!session_id[0] || strchr(session_id, '/'))
        return false;
    if (env("CLINE_SESSION_DATA_DIR"))
        n = snprintf(sessions, sizeof sessions, "%s", env("CLINE_SESSION_DATA_DIR"));
    else if (env("CLINE_DATA_DIR"))
        n = snprintf(sessions, sizeof sessions, "%s/sessions", env("CLINE_DATA_DIR"));
    else if (in_cline_dir("data/sessions", sessions, sizeof sessions))
        n = (int)strlen(sessions);
    if (n <= 0 || (size_t)n >= sizeof sessions)
        return false;
    n = snprintf(out, len, "%s/%s/%s%s", sessions, session_id, session_id, suffix);
    return n > 0 && (size_t)n < len;
}
