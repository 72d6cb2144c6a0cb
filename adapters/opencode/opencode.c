/* Where OpenCode loads the plugin from, and the harness's entry for the command
 * (docs/harnesses/opencode.md, "Setup"). OpenCode runs every .js or .ts file of its plugins
 * folders, so `install` writes one file of ours there and `uninstall` removes exactly it. */
#include "opencode.h"

#include <stdlib.h>

#include "hook.h"
#include "plugin_file.h"

#define PLUGIN_NAME "mosaic-telemetry.js"

/* user: $XDG_CONFIG_HOME/opencode/plugins/, else ~/.config/opencode/plugins/; project:
 * ./.opencode/plugins/. */
static bool plugin_path(const char *scope, char *out, size_t len, kit_file_modes *modes, char *err,
                        size_t errlen)
{
    const char *config = getenv("XDG_CONFIG_HOME");
    bool xdg = config && config[0] == '/';
    return kit_scope_path(
        scope, xdg ? config : getenv("HOME"),
        xdg ? "opencode/plugins/" PLUGIN_NAME : ".config/opencode/plugins/" PLUGIN_NAME,
        ".opencode/plugins/" PLUGIN_NAME, "no user config folder: set HOME or XDG_CONFIG_HOME", out,
        len, modes, err, errlen);
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
