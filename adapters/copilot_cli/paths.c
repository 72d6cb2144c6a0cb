/* Where the Copilot CLI keeps its hooks files and its session logs, by install scope, and what
 * a project's hooks need besides (docs/harnesses/copilot-cli.md, "Setup"). Copilot reads every
 * *.json in a hooks directory, so ours is a file of its own beside the user's. */
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"

#define HOOKS_FILE "mosaic-telemetry.json"

/* $COPILOT_HOME, else ~/.copilot, followed by rest; false when neither can be formed. */
static bool in_copilot_home(const char *rest, char *out, size_t len)
{
    const char *home = getenv("COPILOT_HOME"), *user_home = getenv("HOME");
    int n = -1;
    if (home && *home)
        n = snprintf(out, len, "%s/%s", home, rest);
    else if (user_home && *user_home)
        n = snprintf(out, len, "%s/.copilot/%s", user_home, rest);
    return n > 0 && (size_t)n < len;
}

bool cp_hooks_path(const char *scope, char *out, size_t len, kit_file_modes *modes, char *err,
                   size_t errlen)
{
    bool user = !scope || strcmp(scope, "user") == 0;
    if (!user && strcmp(scope, "project") != 0) {
        snprintf(err, errlen, "--scope: expected user or project, got '%s'", scope);
        return false;
    }
    *modes = user ? KIT_MODES_PRIVATE : KIT_MODES_SHARED;
    char cwd[4096];
    if (user && in_copilot_home("hooks/" HOOKS_FILE, out, len))
        return true;
    if (!user && getcwd(cwd, sizeof cwd)) {
        int n = snprintf(out, len, "%s/.github/hooks/" HOOKS_FILE, cwd);
        if (n > 0 && (size_t)n < len)
            return true;
    }
    snprintf(err, errlen,
             user ? "no user hooks file: set HOME or COPILOT_HOME"
                  : "the current directory is unknown");
    return false;
}

bool cp_log_path(const char *session_id, char *out, size_t len)
{
    char rest[512];
    int n = snprintf(rest, sizeof rest, "session-state/%s/events.jsonl", session_id);
    return n > 0 && (size_t)n < sizeof rest && !strchr(session_id, '/') &&
           in_copilot_home(rest, out, len);
}

int cp_after_install(const char *path, bool install, bool dry_run)
{
    if (install && !dry_run && strstr(path, "/.github/hooks/"))
        printf("note: GitHub Copilot CLI runs a repository's hooks only in a folder it trusts:\n"
               "  answer its trust prompt once in this folder, or add the folder to\n"
               "  \"trusted_folders\" in $COPILOT_HOME/config.json (~/.copilot/config.json)\n");
    return KIT_OK;
}
