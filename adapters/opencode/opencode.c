/* Where OpenCode loads the plugin from, and the harness's entry for the command
 * (docs/harnesses/opencode.md, "Setup"). OpenCode runs every .js or .ts file of its plugins
 * folders, so `install` writes one file of ours there and `uninstall` removes exactly it. */
#include "opencode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hook.h"
#include "plugin_file.h"

#define PLUGIN_NAME "mosaic-telemetry.js"

/* user: $XDG_CONFIG_HOME/opencode/plugins/, else ~/.config/opencode/plugins/; project:
 * ./.opencode/plugins/. */
static bool plugin_path(const char *scope, char *out, size_t len, kit_file_modes *modes, char *err,
                        size_t errlen)
{
    const char *config = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    bool user = !scope || strcmp(scope, "user") == 0;
    if (!user && strcmp(scope, "project") != 0) {
        snprintf(err, errlen, "--scope: expected user or project, got '%s'", scope);
        return false;
    }
    *modes = user ? KIT_MODES_PRIVATE : KIT_MODES_SHARED;
    char cwd[4096];
    int n = -1;
    if (user && config && config[0] == '/')
        n = snprintf(out, len, "%s/opencode/plugins/" PLUGIN_NAME, config);
    else if (user && home && *home)
        n = snprintf(out, len, "%s/.config/opencode/plugins/" PLUGIN_NAME, home);
    else if (!user && getcwd(cwd, sizeof cwd))
        n = snprintf(out, len, "%s/.opencode/plugins/" PLUGIN_NAME, cwd);
    if (n > 0 && (size_t)n < len)
        return true;
    snprintf(err, errlen,
             user ? "no user config folder: set HOME or XDG_CONFIG_HOME"
                  : "the current directory is unknown");
    return false;
}

const kit_harness oc_harness = {
    .name = "opencode",
    .title = "OpenCode",
    .hook = oc_hook_run,
    .layout = NULL,
    .scopes = "user|project",
    .settings_path = plugin_path,
    .own_file = oc_plugin_text,
};
