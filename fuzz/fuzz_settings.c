/* The harness settings files `install` edits (adapters/kit/settings_file.c, hooks_edit.c): the
 * input read as a settings file as `install` reads it, then, for every harness of the command's
 * table (cli/harnesses.c: a new adapter is fuzzed here as soon as it is listed), our hooks
 * installed, formatted, uninstalled and formatted again. Uninstall must leave no entry of ours
 * behind, and a second install must change nothing. */
#include <json-c/json.h>
#include <stdlib.h>

#include "fuzz_support.h"
#include "harnesses.h"
#include "hooks_edit.h"
#include "settings_file.h"

static void edit(const char *path, const kit_harness *harness)
{
    bool existed;
    char err[512], command[512];
    json_object *root = kit_settings_read(path, &existed, err, sizeof err);
    if (!root)
        return;
    if (!kit_hook_command("/opt/mosaic telemetry/bin/mosaic-telemetry", harness->name, command,
                          sizeof command))
        abort();
    if (kit_hooks_install(root, harness->layout, command, err, sizeof err) >= 0) {
        if (kit_hooks_install(root, harness->layout, command, err, sizeof err) != 0)
            abort(); /* installing twice is installing once */
        free(kit_json_format(root));
        kit_hooks_uninstall(root, harness->layout, err, sizeof err);
        if (kit_hooks_uninstall(root, harness->layout, err, sizeof err) > 0)
            abort(); /* an uninstall leaves none of ours */
    }
    free(kit_json_format(root));
    json_object_put(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_file("settings.json", data, size);
    for (size_t i = 0; cli_harness_at(i); i++)
        edit(path, cli_harness_at(i));
    return 0;
}
