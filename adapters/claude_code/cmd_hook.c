/* `hook <harness>`: the command a harness runs on each of its events. */
#include <stdio.h>
#include <string.h>

#include "claude_code.h"
#include "hook.h"

static void print_help(void)
{
    printf("usage: " CLI_NAME " hook claude-code < payload.json\n\n"
           "Run by Claude Code on its hook events (set up by `" CLI_NAME " install claude-code`):\n"
           "reads one hook payload on stdin, keeps the session's state, and sends one event per\n"
           "task. Always exits 0 and never writes to stdout; problems are one line on stderr.\n");
}

int cmd_hook(const cli_globals *globals, int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        print_help();
        return CLI_OK;
    }
    if (argc < 2 || strcmp(argv[1], "claude-code") != 0) {
        cli_error("hook", "%s%s%s: nothing done (known harnesses: claude-code)",
                  argc < 2 ? "no harness named" : "unknown harness '", argc < 2 ? "" : argv[1],
                  argc < 2 ? "" : "'");
        return CLI_OK;
    }
    if (argc > 2)
        cli_error("hook", "extra arguments after claude-code ignored, starting with '%s'", argv[2]);
    return cc_hook_run(globals);
}
