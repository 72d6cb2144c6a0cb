/* Where Gemini CLI keeps its settings, by install scope, and its chat files
 * (docs/harnesses/gemini-cli.md, "Setup", "Tokens"). */
#include "paths.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Gemini CLI's home: $GEMINI_CLI_HOME (which moves ~/.gemini with it), else $HOME. */
static const char *gemini_home(void)
{
    const char *home = getenv("GEMINI_CLI_HOME");
    if (home && *home)
        return home;
    home = getenv("HOME");
    return home && *home ? home : NULL;
}

bool gm_settings_path(const char *scope, char *out, size_t len, kit_file_modes *modes, char *err,
                      size_t errlen)
{
    const char *home = gemini_home();
    bool user = !scope || strcmp(scope, "user") == 0;
    if (!user && strcmp(scope, "project") != 0) {
        snprintf(err, errlen, "--scope: expected user or project, got '%s'", scope);
        return false;
    }
    *modes = user ? KIT_MODES_PRIVATE : KIT_MODES_SHARED;
    char cwd[4096];
    int n = -1;
    if (user && home)
        n = snprintf(out, len, "%s/.gemini/settings.json", home);
    else if (!user && getcwd(cwd, sizeof cwd))
        n = snprintf(out, len, "%s/.gemini/settings.json", cwd);
    if (n > 0 && (size_t)n < len)
        return true;
    snprintf(err, errlen,
             user ? "no user settings file: set HOME or GEMINI_CLI_HOME"
                  : "the current directory is unknown");
    return false;
}

bool gm_find_chat(const char *session_id, char *out, size_t len)
{
    const char *home = gemini_home();
    char pattern[4096];
    out[0] = '\0';
    /* The id's first 8 characters name the file; a glob character there would widen it. */
    if (!home || strlen(session_id) < 8 || strpbrk(session_id, "*?[]\\/"))
        return false;
    int n = snprintf(pattern, sizeof pattern, "%s/.gemini/tmp/*/chats/session-*-%.8s.jsonl", home,
                     session_id);
    glob_t g;
    if (n <= 0 || (size_t)n >= sizeof pattern || glob(pattern, 0, NULL, &g) != 0)
        return false;
    time_t newest = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        struct stat st;
        if (stat(g.gl_pathv[i], &st) == 0 && st.st_mtime >= newest && strlen(g.gl_pathv[i]) < len) {
            newest = st.st_mtime;
            strcpy(out, g.gl_pathv[i]);
        }
    }
    globfree(&g);
    return out[0] != '\0';
}
