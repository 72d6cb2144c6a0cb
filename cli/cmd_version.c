/* `version`: the command's and the library's versions, and the protocol they speak. */
#include <stdio.h>

#include "args.h"
#include "cli.h"
#include "curl_api.h"

static const cli_spec SPEC = {
    "version",
    "",
    "Prints the version of mosaic-telemetry, the Telemetry API and event schema it speaks, and\n"
    "the libcurl it uses.",
    NULL,
    0,
};

int cli_cmd_version(const cli_globals *globals, int argc, char **argv)
{
    (void)globals;
    cli_args args;
    int status = cli_args_parse(&SPEC, argc, argv, &args);
    if (status != CLI_OK)
        return status;
    char why[200];
    const mt_curl_api *curl = mt_curl_api_get(why, sizeof why); /* loaded only to be named */
    printf(CLI_NAME " %s (Telemetry API %s, event schema %s, libcurl %s)\n", mosaic_version(),
           MOSAIC_API_VERSION, MOSAIC_SCHEMA_VERSION,
           curl ? curl->version_info(CURLVERSION_NOW)->version : "not loadable");
    return CLI_OK;
}
