/* `hook <harness>`: the command a harness runs on each of its events. A harness must never be
 * disturbed by a typo in its settings: an unknown harness is one line on stderr and exit 0. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "harnesses.h"

static void print_help(void)
{
    printf("usage: " CLI_NAME " hook <harness> < payload.json\n\n"
           "Run by a harness on its hook events (set up by `" CLI_NAME " install <harness>`):\n"
           "reads one hook payload on stdin, keeps the session's state, and sends one event per\n"
           "task. Always exits 0 and never writes to stdout; problems are one line on stderr.\n"
           "Harnesses: %s.\n",
           cli_harness_names());
}

int cli_cmd_hook(const cli_globals *globals, int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        print_help();
        return CLI_OK;
    }
    const kit_harness *harness = argc >= 2 ? cli_harness(argv[1]) : NULL;
    if (!harness) {
        cli_error("hook", "%s%s%s: nothing done (known harnesses: %s)",
                  argc < 2 ? "no harness named" : "unknown harness '", argc < 2 ? "" : argv[1],
                  argc < 2 ? "" : "'", cli_harness_names());
        return CLI_OK;
    }
    if (argc > 2)
        cli_error("hook", "extra arguments after %s ignored, starting with '%s'", argv[1], argv[2]);
    return harness->hook(&globals->host);
}
