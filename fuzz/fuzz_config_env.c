/* Config values from the environment (docs/cli.md): the input is an environment block, one
 * NAME=value per line. Every MOSAIC_TELEMETRY_* setting named is set (the others left unset),
 * then read as mosaic_config_new reads them and validated; the values of the variables `run`
 * reads as enum names (MOSAIC_TELEMETRY_TASK_TYPE, _COMPLEXITY, _HARNESS) go through the enum
 * tables too. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fuzz_support.h"
#include "wire.h"

static void set_variable(const char *line, size_t len, void *user)
{
    (void)user;
    const char *eq = memchr(line, '=', len);
    int setting = eq ? mt_setting_find_n(line, (size_t)(eq - line)) : -1;
    if (setting < 0)
        return;
    char *value = fuzz_cstring((const uint8_t *)eq + 1, len - (size_t)(eq - line) - 1);
    setenv(mt_setting_name(setting), value, 1);
    mt_enum_parse(&mt_task_type_table, value);
    mt_enum_parse(&mt_complexity_table, value);
    mt_enum_parse(&mt_harness_table, value);
    free(value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int i = 0; i < MT_SETTING_COUNT; i++)
        unsetenv(mt_setting_name(i));
    fuzz_each_line(data, size, set_variable, NULL);
    mosaic_config *config = mosaic_config_new();
    if (!config)
        abort();
    char err[512];
    mosaic_config_validate(config, err, sizeof err);
    mt_config_shape_warning(config, err, sizeof err);
    mosaic_config_free(config);
    return 0;
}
