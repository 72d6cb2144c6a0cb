/* The command's flag parser: long options only, "--name value" or "--name=value", switches
 * without a value, --help on every subcommand. Unknown flags and stray arguments are usage
 * errors (exit 2) whose one line names the flag. */
#ifndef MT_CLI_ARGS_H
#define MT_CLI_ARGS_H

#include <stddef.h>

#define CLI_MAX_FLAGS 48
/* cli_args_parse's answer when --help was given and printed: the command exits 0. */
#define CLI_HELP_SHOWN (-1)

typedef struct cli_flag {
    const char *name;       /* "model" for --model */
    const char *value_name; /* "NAME" in the help; NULL for a switch */
    const char *help;
} cli_flag;

/* --spool-dir, which every command that touches the spool takes, with the same meaning. */
#define CLI_SPOOL_DIR_FLAG                                                                         \
    {                                                                                              \
        "spool-dir", "DIR",                                                                        \
            "the spool (default MOSAIC_TELEMETRY_SPOOL_DIR, then the XDG state dir)"               \
    }

typedef struct cli_spec {
    const char *name;     /* the subcommand, e.g. "track" */
    const char *synopsis; /* what follows the name in the usage line */
    const char *summary;  /* a few lines for --help */
    const cli_flag *flags;
    size_t n_flags;
} cli_spec;

typedef struct cli_args {
    const cli_spec *spec;
    /* By index in spec->flags: the value, "" for a switch that was given, NULL when absent. A
     * repeated flag keeps its last value. */
    const char *values[CLI_MAX_FLAGS];
} cli_args;

/* Parses argv[1..argc) (argv[0] is the subcommand). CLI_OK, CLI_USAGE after printing the
 * reason, or CLI_HELP_SHOWN after printing the help on stdout. */
int cli_args_parse(const cli_spec *spec, int argc, char **argv, cli_args *out);

/* The value of --name (see values above); name must be one of the spec's flags. */
const char *cli_arg(const cli_args *args, const char *name);

/* Prints the subcommand's help (usage line, summary, flags) on stdout. */
void cli_print_help(const cli_spec *spec);

#endif
