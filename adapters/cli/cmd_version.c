/* `version`: the command's and the library's versions, and the protocol they speak. */
#include <curl/curl.h>
#include <stdio.h>

#include "args.h"
#include "cli.h"

static const cli_spec SPEC = {
    "version",
    "",
    "Prints the version of mosaic-telemetry, the Telemetry API and event schema it speaks, and\n"
    "the libcurl it uses.",
    NULL,
    0,
};

int cmd_version(const cli_globals *globals, int argc, char **argv)
{
    (void)globals;
    cli_args args;
    int status = cli_args_parse(&SPEC, argc, argv, &args);
    if (status != CLI_OK)
        return status;
    printf(CLI_NAME " %s (Telemetry API %s, event schema %s, libcurl %s)\n", mosaic_version(),
           MOSAIC_API_VERSION, MOSAIC_SCHEMA_VERSION, curl_version_info(CURLVERSION_NOW)->version);
    return CLI_OK;
}
