/* Long-option parsing shared by every subcommand. */
#include "args.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_flag *find_flag(const cli_spec *spec, const char *name, size_t name_len,
                                 size_t *index)
{
    for (size_t i = 0; i < spec->n_flags; i++) {
        const char *candidate = spec->flags[i].name;
        if (strlen(candidate) == name_len && strncmp(candidate, name, name_len) == 0) {
            *index = i;
            return &spec->flags[i];
        }
    }
    return NULL;
}

/* A value that looks like another flag ("--x") means the value was left out; "-" (stdin) and
 * "-5" are values, so that "--duration-ms -5" reports the number rather than a missing value. */
static int looks_like_flag(const char *text)
{
    return strncmp(text, "--", 2) == 0 && text[2] != '\0';
}

/* Parses argv[*at] (a flag) and, when it takes one, its value; advances *at. */
static int parse_one(const cli_spec *spec, int argc, char **argv, int *at, cli_args *out)
{
    const char *arg = argv[*at] + 2;
    const char *eq = strchr(arg, '=');
    size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
    size_t index = 0;
    const cli_flag *flag = find_flag(spec, arg, name_len, &index);
    if (!flag) {
        cli_error(spec->name, "unknown flag --%.*s", (int)name_len, arg);
        return CLI_USAGE;
    }
    if (!flag->value_name) {
        if (eq) {
            cli_error(spec->name, "--%s takes no value", flag->name);
            return CLI_USAGE;
        }
        out->values[index] = "";
        return CLI_OK;
    }
    const char *value = eq ? eq + 1 : NULL;
    if (!eq && *at + 1 < argc && !looks_like_flag(argv[*at + 1]))
        value = argv[++*at];
    if (!value) {
        cli_error(spec->name, "--%s: missing value %s", flag->name, flag->value_name);
        return CLI_USAGE;
    }
    out->values[index] = value;
    return CLI_OK;
}

int cli_args_parse(const cli_spec *spec, int argc, char **argv, cli_args *out)
{
    memset(out, 0, sizeof *out);
    out->spec = spec;
    for (int at = 1; at < argc; at++) {
        const char *arg = argv[at];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            cli_print_help(spec);
            return CLI_HELP_SHOWN;
        }
        if (!looks_like_flag(arg)) {
            cli_error(spec->name, "unexpected argument '%s' (see --help)", arg);
            return CLI_USAGE;
        }
        int status = parse_one(spec, argc, argv, &at, out);
        if (status != CLI_OK)
            return status;
    }
    return CLI_OK;
}

const char *cli_arg(const cli_args *args, const char *name)
{
    size_t index = 0;
    return find_flag(args->spec, name, strlen(name), &index) ? args->values[index] : NULL;
}

void cli_print_help(const cli_spec *spec)
{
    printf("usage: " CLI_NAME " %s %s\n\n%s\n", spec->name, spec->synopsis, spec->summary);
    if (spec->n_flags)
        printf("\nflags:\n");
    for (size_t i = 0; i < spec->n_flags; i++) {
        const cli_flag *f = &spec->flags[i];
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", f->name, f->value_name ? " " : "",
                 f->value_name ? f->value_name : "");
        printf("  %-30s %s\n", left, f->help);
    }
    printf("  %-30s %s\n", "--help", "show this help");
}
