/* The config file (docs/cli.md, "The config file"): a file of NAME=value lines, read through
 * mosaic_config_load_file as the library and the command read it (its checks of owner and mode
 * pass: the file is ours, mode 0600), then the values validated as a client's would be. */
#include <stdlib.h>

#include "fuzz_support.h"
#include "mosaic/telemetry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_file("config", data, size);
    mosaic_config *config = mosaic_config_new();
    if (!config)
        abort();
    char err[512];
    if (mosaic_config_load_file(config, path, err, sizeof err) == MOSAIC_OK)
        mosaic_config_validate(config, err, sizeof err);
    mosaic_config_free(config);
    return 0;
}
