/* `install claude-code` and `uninstall claude-code`: our hook in (or out of) a settings.json,
 * everything else in the file kept. A run that would change nothing writes nothing; a run that
 * changes the file backs it up first; --dry-run prints the change as a diff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "claude_code.h"
#include "diff.h"
#include "settings.h"
#include "settings_file.h"

static const cli_flag FLAGS[] = {
    {"scope", "SCOPE",
     "user (default: ~/.claude/settings.json, or in $CLAUDE_CONFIG_DIR), project "
     "(./.claude/settings.json) or local (./.claude/settings.local.json)"},
    {"dry-run", NULL, "print the change as a diff and write nothing"},
};

static const cli_spec INSTALL = {
    "install",
    "claude-code [--scope user|project|local] [--dry-run]",
    "Adds `" CLI_NAME " hook claude-code` (this binary, by absolute path) to each Claude Code\n"
    "hook event it needs in the scope's settings.json, keeping every other key and hook. A\n"
    "second run changes nothing; the file is backed up (settings.json.bak-<time>) before it\n"
    "is changed.",
    FLAGS,
    sizeof FLAGS / sizeof *FLAGS,
};

static const cli_spec UNINSTALL = {
    "uninstall",
    "claude-code [--scope user|project|local] [--dry-run]",
    "Removes from the scope's settings.json exactly the hook entries `install` adds (any\n"
    "install path), and what is left empty by that; the file is backed up first.",
    FLAGS,
    sizeof FLAGS / sizeof *FLAGS,
};

typedef struct job {
    const cli_spec *spec;
    bool install;
    cc_scope scope;
    bool dry_run;
    char path[4096];
} job;

/* The command our entries run: this binary by absolute path. */
static bool our_command(char *out, size_t len, const char *cmd)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        cli_error(cmd, "cannot find this program's path (/proc/self/exe)");
        return false;
    }
    self[n] = '\0';
    if (!cc_hook_command(self, out, len)) {
        cli_error(cmd, "this program's path holds a single quote: %s", self);
        return false;
    }
    return true;
}

static int edit(const job *j, json_object *root, char *err, size_t errlen)
{
    if (!j->install)
        return cc_settings_uninstall(root, err, errlen);
    char command[4200];
    if (!our_command(command, sizeof command, j->spec->name))
        return -2;
    return cc_settings_install(root, command, err, errlen);
}

static int show_diff(const job *j, const char *before, const char *after)
{
    char label[4200];
    snprintf(label, sizeof label, "%s (after %s)", j->path, j->spec->name);
    char *diff = cc_diff_unified(before, after, j->path, label);
    if (!diff) {
        cli_error(j->spec->name, "out of memory");
        return CLI_FAIL;
    }
    fputs(diff, stdout);
    free(diff);
    return CLI_OK;
}

/* After install: whether the hook will be able to send, from this environment. */
static void config_hint(void)
{
    mosaic_config *config = cli_config_raw("install"); /* as the hook will see it */
    char err[256] = "";
    if (config && mosaic_config_get_enabled(config) &&
        mosaic_config_validate(config, err, sizeof err) != MOSAIC_OK)
        printf("note: the hook sends with Claude Code's environment and the config file, which\n"
               "  need MOSAIC_TELEMETRY_SERVER_URL, MOSAIC_TELEMETRY_API_KEY and "
               "MOSAIC_TELEMETRY_INSTANCE_ID\n"
               "  (here: %s); `" CLI_NAME " config set` writes them to the file;\n"
               "  until then events wait in the spool\n",
               err);
    mosaic_config_free(config);
}

static int write_change(const job *j, bool existed, const char *after, int changes)
{
    char err[4400], backup[4200] = "";
    if (existed && !cc_settings_backup(j->path, backup, sizeof backup, err, sizeof err)) {
        cli_error(j->spec->name, "%s", err);
        return CLI_FAIL;
    }
    if (!cc_settings_write(j->path, after, j->scope, err, sizeof err)) {
        cli_error(j->spec->name, "%s", err);
        return CLI_FAIL;
    }
    printf("%s %d hook %s %s %s%s%s%s\n", j->install ? "added" : "removed", changes,
           changes == 1 ? "entry" : "entries", j->install ? "to" : "from", j->path,
           backup[0] ? " (backup: " : "", backup, backup[0] ? ")" : "");
    if (j->install)
        config_hint();
    return CLI_OK;
}

static int nothing_to_do(const job *j)
{
    printf(j->install ? "the hook is already installed in %s; nothing changed\n"
                      : "no hook entry of ours in %s; nothing changed\n",
           j->path);
    return CLI_OK;
}

static int apply(const job *j)
{
    char err[4400];
    bool existed = false;
    json_object *root = cc_settings_read(j->path, &existed, err, sizeof err);
    if (!root) {
        cli_error(j->spec->name, "%s", err);
        return CLI_FAIL;
    }
    char *before = cc_settings_format(root);
    int changes = edit(j, root, err, sizeof err);
    char *after = changes > 0 ? cc_settings_format(root) : NULL;
    int status = CLI_FAIL;
    if (changes == -1)
        cli_error(j->spec->name, "%s: %s", j->path, err);
    else if (changes == 0)
        status = nothing_to_do(j);
    else if (!before || !after)
        cli_error(j->spec->name, "out of memory");
    else
        status =
            j->dry_run ? show_diff(j, before, after) : write_change(j, existed, after, changes);
    free(before);
    free(after);
    json_object_put(root);
    return status;
}

static int run(const cli_spec *spec, bool install, int argc, char **argv)
{
    bool named = argc >= 2 && argv[1][0] != '-';
    cli_args args;
    int status = cli_args_parse(spec, named ? argc - 1 : argc, named ? argv + 1 : argv, &args);
    if (status != CLI_OK)
        return status;
    if (!named || strcmp(argv[1], "claude-code") != 0) {
        cli_error(spec->name,
                  named ? "unknown harness '%s' (known: claude-code)"
                        : "name the harness%s: claude-code",
                  named ? argv[1] : "");
        return CLI_USAGE;
    }
    job j = {spec, install, CC_SCOPE_USER, cli_arg(&args, "dry-run") != NULL, ""};
    const char *scope = cli_arg(&args, "scope");
    if (scope && !cc_scope_parse(scope, &j.scope)) {
        cli_error(spec->name, "--scope: expected user, project or local, got '%s'", scope);
        return CLI_USAGE;
    }
    char err[256];
    if (!cc_settings_path(j.scope, j.path, sizeof j.path, err, sizeof err)) {
        cli_error(spec->name, "%s", err);
        return CLI_FAIL;
    }
    return apply(&j);
}

int cmd_install(const cli_globals *globals, int argc, char **argv)
{
    (void)globals;
    return run(&INSTALL, true, argc, argv);
}

int cmd_uninstall(const cli_globals *globals, int argc, char **argv)
{
    (void)globals;
    return run(&UNINSTALL, false, argc, argv);
}
