/* Gemini CLI may run hooks without the variables whose names contain KEY, TOKEN, SECRET... (its
 * security.environmentVariableRedaction, and always under GitHub Actions), so a hook can count on
 * its settings only from the config file (README.md, "The config file";
 * docs/harnesses/gemini-cli.md, "Setup"). `install` says which of them the file lacks. */
#include "config_note.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_file.h"
#include "host.h"

static const struct {
    const char *env, *name;
} NEEDED[] = {
    {"MOSAIC_TELEMETRY_SERVER_URL", "server_url"},
    {"MOSAIC_TELEMETRY_API_KEY", "api_key"},
    {"MOSAIC_TELEMETRY_INSTANCE_ID", "instance_id"},
};
#define N_NEEDED (sizeof NEEDED / sizeof *NEEDED)

/* Which of NEEDED the config file sets (a file that cannot be read or parsed sets none: the
 * hook cannot use it either). */
static void settings_in_file(bool present[N_NEEDED])
{
    char path[4096], err[256], *text = NULL;
    size_t len = 0, n = 0;
    mt_config_line *lines = NULL;
    if (!mt_config_default_path(path, sizeof path) ||
        mt_config_file_read(path, &text, &len, err, sizeof err) != MOSAIC_OK || !text ||
        mt_config_file_parse(path, text, len, &lines, &n, err, sizeof err) != MOSAIC_OK)
        n = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < N_NEEDED; k++)
            present[k] |=
                lines[i].setting == mt_setting_find(NEEDED[k].env) && lines[i].value_len > 0;
    free(lines);
    free(text);
}

int gm_after_install(const char *path, bool install, bool dry_run)
{
    (void)path;
    (void)dry_run;
    if (!install)
        return KIT_OK;
    bool present[N_NEEDED] = {false};
    settings_in_file(present);
    char missing[128] = "";
    for (size_t i = 0; i < N_NEEDED; i++)
        if (!present[i]) {
            if (missing[0])
                strncat(missing, ", ", sizeof missing - strlen(missing) - 1);
            strncat(missing, NEEDED[i].name, sizeof missing - strlen(missing) - 1);
        }
    if (missing[0])
        printf("note: Gemini CLI can run hooks without variables named like *KEY* (environment "
               "variable redaction): the config file lacks %s; set them there with `%s config "
               "set NAME VALUE` (see `%s config path`)\n",
               missing, KIT_PROGRAM, KIT_PROGRAM);
    return KIT_OK;
}
