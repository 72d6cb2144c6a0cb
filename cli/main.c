/* mosaic-telemetry: the command that harness hooks run. Global flags, then one subcommand; exit
 * 0 on success, 1 on a runtime failure, 2 on bad usage or invalid input. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "history_feed.h"

typedef struct command {
    const char *name;
    cli_command_fn run;
    const char *summary;
} command;

static const command COMMANDS[] = {
    {"track", cli_cmd_track, "record one event in the spool (--now: and send it)"},
    {"flush", cli_cmd_flush, "send what the spool holds"},
    {"predict", cli_cmd_predict, "show the prediction for a task"},
    {"status", cli_cmd_status, "show the config (key masked) and the spool"},
    {"doctor", cli_cmd_doctor,
     "check the config, the spool and the server, and say how to fix them"},
    {"config", cli_cmd_config, "set, get, unset or list the config file's settings (key masked)"},
    {"version", cli_cmd_version, "show the version"},
    {"run", cli_cmd_run, "run a command as one task, its commands seen through the preload shim"},
    {"hook", cli_cmd_hook, "run as a harness hook: hook claude-code (reads the payload on stdin)"},
    {"install", cli_cmd_install, "add our hooks to a harness: install claude-code [--scope ...]"},
    {"uninstall", cli_cmd_uninstall, "remove exactly what install added: uninstall claude-code"},
    {"report", cli_cmd_report, "report on the local history: tasks, cost, outcomes, by day..."},
    {"history", cli_cmd_history, "the local history: import FILE, export, prune --before DATE"},
};
#define N_COMMANDS (sizeof COMMANDS / sizeof *COMMANDS)

static void print_usage(FILE *out)
{
    fprintf(out, "usage: " CLI_NAME " [--spool-dir DIR] <command> [flags]\n\ncommands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(out, "\nglobal flags:\n"
                 "  --spool-dir DIR  the spool (default MOSAIC_TELEMETRY_SPOOL_DIR, else\n"
                 "                   $XDG_STATE_HOME/mosaic-telemetry/spool, else\n"
                 "                   ~/.local/state/mosaic-telemetry/spool)\n"
                 "  --help           this help; `" CLI_NAME " <command> --help` for a command's\n"
                 "\nexit status: 0 success, 1 runtime failure, 2 bad usage or invalid input\n"
                 "see docs/cli.md\n");
}

/* Global flags before the subcommand; returns the index of the subcommand's name, or -1 after
 * handling --help (0 in *status) or an error (2 in *status). */
static int parse_globals(int argc, char **argv, cli_globals *globals, int *status)
{
    int at = 1;
    while (at < argc && strncmp(argv[at], "-", 1) == 0) {
        const char *arg = argv[at];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_usage(stdout);
            *status = CLI_OK;
            return -1;
        }
        if (strncmp(arg, "--spool-dir=", 12) == 0) {
            globals->host.spool_dir = arg + 12;
        } else if (strcmp(arg, "--spool-dir") == 0 && at + 1 < argc) {
            globals->host.spool_dir = argv[++at];
        } else {
            if (strcmp(arg, "--spool-dir") == 0)
                cli_error(NULL, "--spool-dir: missing value DIR");
            else
                cli_error(NULL, "unknown flag %s", arg);
            *status = CLI_USAGE;
            return -1;
        }
        at++;
    }
    if (at < argc)
        return at;
    print_usage(stderr);
    *status = CLI_USAGE;
    return -1;
}

int main(int argc, char **argv)
{
    cli_globals globals = {
        .host = {.start_flush = cli_start_background_flush, .records_offline = cli_history_on}};
    globals.host.user = &globals;
    int status = CLI_USAGE;
    int at = parse_globals(argc, argv, &globals, &status);
    if (at < 0)
        return status;
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(argv[at], COMMANDS[i].name) == 0) {
            status = COMMANDS[i].run(&globals, argc - at, argv + at);
            return status == CLI_HELP_SHOWN ? CLI_OK : status;
        }
    }
    cli_error(NULL, "unknown command '%s' (see --help)", argv[at]);
    return CLI_USAGE;
}
