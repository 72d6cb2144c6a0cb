/* `config set|get|unset|list|path`: the config file that the command and its hooks read under
 * the environment, for harnesses that filter the environment their hooks get (docs/cli.md, "The
 * config file"). The API key is never printed: get and list mask it, and set can read it from
 * stdin so that it need not be in the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "config_cmd.h"

#define CMD "config"

static const cli_flag FLAGS[] = {
    {"file", "PATH",
     "the config file (default $XDG_CONFIG_HOME/mosaic-telemetry/config, else "
     "~/.config/mosaic-telemetry/config)"},
};

static const cli_spec SPEC = {
    CMD,
    "set NAME VALUE | get NAME | unset NAME | list | path  [--file PATH]",
    "The settings the command and its hooks read when a variable is unset or empty, one\n"
    "MOSAIC_TELEMETRY_NAME=value line each. NAME is the variable's, with or without the\n"
    "MOSAIC_TELEMETRY_ prefix, in any case: api_key, MOSAIC_TELEMETRY_API_KEY.\n"
    "\n"
    "  set NAME VALUE  check VALUE by the variable's rules, then write it (the file 0600, its\n"
    "                  directory 0700; other lines kept). VALUE - reads it from stdin (from a\n"
    "                  terminal without echo), so that the key stays out of the command line:\n"
    "                  " CLI_NAME " config set api_key -\n"
    "  get NAME        print the file's value (the API key masked)\n"
    "  unset NAME      remove the setting from the file\n"
    "  list            print the file's settings, NAME=value (the API key masked)\n"
    "  path            print the file's path\n"
    "\n"
    "Exit 0 on success, 1 when the file cannot be read or written (or get finds no value), 2 on\n"
    "bad usage, a bad value or a file that breaks a rule.",
    FLAGS,
    sizeof FLAGS / sizeof *FLAGS,
};

typedef struct request {
    const char *words[3]; /* the action, NAME, VALUE */
    int n;
    char path[4096];
} request;

/* Positional words apart from flags (and "--file PATH"), which go to the shared parser. */
static int split(int argc, char **argv, char **flags, int *n_flags, request *r)
{
    bool words_only = false;
    flags[(*n_flags)++] = argv[0];
    for (int at = 1; at < argc; at++) {
        const char *arg = argv[at];
        if (!words_only && strcmp(arg, "--") == 0) {
            words_only = true;
        } else if (!words_only && (strncmp(arg, "--", 2) == 0 || strcmp(arg, "-h") == 0)) {
            flags[(*n_flags)++] = argv[at];
            if (strcmp(arg, "--file") == 0 && at + 1 < argc)
                flags[(*n_flags)++] = argv[++at];
        } else if (r->n < 3) {
            r->words[r->n++] = arg;
        } else {
            cli_error(CMD, "unexpected argument '%s' (see --help)", arg);
            return CLI_USAGE;
        }
    }
    return CLI_OK;
}

static int resolve_path(const cli_args *args, request *r)
{
    const char *flag = cli_arg(args, "file");
    if (flag && !*flag) {
        cli_error(CMD, "--file: must not be empty");
        return CLI_USAGE;
    }
    if (flag) {
        snprintf(r->path, sizeof r->path, "%s", flag);
        return CLI_OK;
    }
    if (mt_config_default_path(r->path, sizeof r->path))
        return CLI_OK;
    cli_error(CMD, "no config file path: neither XDG_CONFIG_HOME nor HOME is set (or use --file)");
    return CLI_FAIL;
}

/* set: the environment still wins, which a user who just set a value should hear. */
static void note_environment(const char *cmd, int setting)
{
    const char *env = getenv(mt_setting_name(setting));
    if (env && *env)
        cli_error(cmd, "note: %s is set in the environment, which wins over the file",
                  mt_setting_name(setting));
}

static int do_set(const char *cmd, const request *r)
{
    int setting = cli_config_setting(cmd, r->words[1]);
    if (setting < 0)
        return CLI_USAGE;
    char value[8192];
    int status = cli_config_value(cmd, setting, r->words[2], value, sizeof value);
    cli_config_file f;
    if (status != CLI_OK || (status = cli_config_file_open(cmd, r->path, true, &f)) != CLI_OK)
        return status;
    status = cli_config_file_write(cmd, &f, setting, value);
    cli_config_file_close(&f);
    if (status == CLI_OK)
        note_environment(cmd, setting);
    return status;
}

static int do_get(const char *cmd, const request *r)
{
    int setting = cli_config_setting(cmd, r->words[1]);
    cli_config_file f;
    int status = setting < 0 ? CLI_USAGE : cli_config_file_open(cmd, r->path, false, &f);
    if (status != CLI_OK)
        return status;
    const mt_config_line *line = cli_config_file_find(&f, setting);
    if (line) {
        char shown[8192];
        cli_config_shown(setting, line->value, line->value_len, shown, sizeof shown);
        printf("%s\n", shown);
    } else {
        cli_error(cmd, "%s: not set in %s", mt_setting_name(setting), r->path);
    }
    cli_config_file_close(&f);
    return line ? CLI_OK : CLI_FAIL;
}

/* Nothing to remove is success, and creates nothing; otherwise the file is read again under
 * the lock. */
static int do_unset(const char *cmd, const request *r)
{
    int setting = cli_config_setting(cmd, r->words[1]);
    cli_config_file f;
    int status = setting < 0 ? CLI_USAGE : cli_config_file_open(cmd, r->path, false, &f);
    if (status != CLI_OK)
        return status;
    bool present = cli_config_file_find(&f, setting) != NULL;
    cli_config_file_close(&f);
    if (!present || (status = cli_config_file_open(cmd, r->path, true, &f)) != CLI_OK)
        return status;
    if (cli_config_file_find(&f, setting))
        status = cli_config_file_write(cmd, &f, setting, NULL);
    cli_config_file_close(&f);
    return status;
}

static int do_list(const char *cmd, const request *r)
{
    cli_config_file f;
    int status = cli_config_file_open(cmd, r->path, false, &f);
    if (status != CLI_OK)
        return status;
    for (size_t i = 0; i < f.n; i++) {
        const mt_config_line *line = &f.lines[i];
        char shown[8192];
        if (line->setting < 0)
            continue;
        cli_config_shown(line->setting, line->value, line->value_len, shown, sizeof shown);
        printf("%s=%s\n", mt_setting_name(line->setting), shown);
    }
    cli_config_file_close(&f);
    return CLI_OK;
}

static int do_path(const char *cmd, const request *r)
{
    (void)cmd;
    printf("%s\n", r->path);
    return CLI_OK;
}

typedef struct action {
    const char *name;
    int words; /* with the action's own */
    const char *label;
    int (*run)(const char *cmd, const request *r);
    const char *usage;
} action;

static const action ACTIONS[] = {
    {"set", 3, CMD " set", do_set, "expected set NAME VALUE"},
    {"get", 2, CMD " get", do_get, "expected get NAME"},
    {"unset", 2, CMD " unset", do_unset, "expected unset NAME"},
    {"list", 1, CMD " list", do_list, "list takes no argument"},
    {"path", 1, CMD " path", do_path, "path takes no argument"},
};

static int dispatch(request *r)
{
    for (size_t i = 0; i < sizeof ACTIONS / sizeof *ACTIONS; i++) {
        const action *a = &ACTIONS[i];
        if (strcmp(r->words[0], a->name) != 0)
            continue;
        if (r->n != a->words) {
            cli_error(CMD, "%s (see --help)", a->usage);
            return CLI_USAGE;
        }
        return a->run(a->label, r);
    }
    cli_error(CMD, "unknown action '%s': expected set, get, unset, list or path", r->words[0]);
    return CLI_USAGE;
}

int cli_cmd_config(const cli_globals *globals, int argc, char **argv)
{
    (void)globals;
    char **flags = calloc((size_t)argc + 1, sizeof *flags);
    request r = {.n = 0};
    int n_flags = 0, status = flags ? split(argc, argv, flags, &n_flags, &r) : CLI_FAIL;
    cli_args args;
    if (status == CLI_OK)
        status = cli_args_parse(&SPEC, n_flags, flags, &args);
    free(flags);
    if (status == CLI_OK && r.n == 0) {
        cli_error(CMD, "expected set, get, unset, list or path (see --help)");
        status = CLI_USAGE;
    }
    if (status == CLI_OK)
        status = resolve_path(&args, &r);
    return status == CLI_OK ? dispatch(&r) : status;
}
