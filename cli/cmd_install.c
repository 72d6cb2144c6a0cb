/* `install <harness>` and `uninstall <harness>`: the flags, the harness and its settings file;
 * the edit itself is the kit's (install.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "args.h"
#include "cli.h"
#include "harnesses.h"
#include "install.h"

static const cli_flag FLAGS[] = {
    {"scope", "SCOPE",
     "where the hooks go; claude-code: user (default: ~/.claude/settings.json, or in "
     "$CLAUDE_CONFIG_DIR), project (./.claude/settings.json) or local "
     "(./.claude/settings.local.json)"},
    {"dry-run", NULL, "print the change as a diff and write nothing"},
};

static const cli_spec INSTALL = {
    "install",
    "<harness> [--scope SCOPE] [--dry-run]",
    "Adds `" CLI_NAME " hook <harness>` (this binary, by absolute path) to each hook event\n"
    "the harness needs in the scope's settings file, keeping every other key and hook. A\n"
    "second run changes nothing; the file is backed up (<file>.bak-<time>) before it is\n"
    "changed. The API key is never written there.",
    FLAGS,
    sizeof FLAGS / sizeof *FLAGS,
};

static const cli_spec UNINSTALL = {
    "uninstall",
    "<harness> [--scope SCOPE] [--dry-run]",
    "Removes from the scope's settings file exactly the hook entries `install` adds (any\n"
    "install path), and what is left empty by that; the file is backed up first.",
    FLAGS,
    sizeof FLAGS / sizeof *FLAGS,
};

/* scope is one of the harness's "a|b|c" list. */
static bool known_scope(const kit_harness *harness, const char *scope)
{
    size_t n = strlen(scope);
    for (const char *at = harness->scopes; n && (at = strstr(at, scope)) != NULL; at += n)
        if ((at == harness->scopes || at[-1] == '|') && (at[n] == '|' || at[n] == '\0'))
            return true;
    return false;
}

/* The harness named in argv[1]; NULL after printing why not. */
static const kit_harness *named_harness(const cli_spec *spec, bool named, const char *name)
{
    const kit_harness *harness = named ? cli_harness(name) : NULL;
    if (!harness)
        cli_error(spec->name, named ? "unknown harness '%s' (known: %s)" : "name the harness%s: %s",
                  named ? name : "", cli_harness_names());
    return harness;
}

static int run(const cli_spec *spec, bool install, int argc, char **argv)
{
    bool named = argc >= 2 && argv[1][0] != '-';
    cli_args args;
    int status = cli_args_parse(spec, named ? argc - 1 : argc, named ? argv + 1 : argv, &args);
    if (status != CLI_OK)
        return status;
    const kit_harness *harness = named_harness(spec, named, named ? argv[1] : "");
    if (!harness)
        return CLI_USAGE;
    const char *scope = cli_arg(&args, "scope");
    if (scope && !known_scope(harness, scope)) {
        cli_error(spec->name, "--scope: expected one of %s, got '%s'", harness->scopes, scope);
        return CLI_USAGE;
    }
    kit_install_job job = {.who = spec->name,
                           .install = install,
                           .harness = harness,
                           .dry_run = cli_arg(&args, "dry-run") != NULL};
    char path[4096], self[4096], err[256];
    if (!harness->settings_path(scope, path, sizeof path, &job.modes, err, sizeof err)) {
        cli_error(spec->name, "%s", err);
        return CLI_FAIL;
    }
    if (install && !kit_own_path(spec->name, self, sizeof self))
        return CLI_FAIL;
    job.path = path, job.binary = self, job.now = time(NULL);
    status = harness->own_file ? kit_install_own_file(&job) : kit_install_apply(&job);
    if (status == CLI_OK && harness->after_install)
        status = harness->after_install(path, install, job.dry_run);
    return status;
}

int cli_cmd_install(const cli_globals *globals, int argc, char **argv)
{
    (void)globals;
    return run(&INSTALL, true, argc, argv);
}

int cli_cmd_uninstall(const cli_globals *globals, int argc, char **argv)
{
    (void)globals;
    return run(&UNINSTALL, false, argc, argv);
}
