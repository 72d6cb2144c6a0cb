/* What an adapter tells the command about its harness: its name, its hook entry point, and how
 * its hooks are installed. The command (cli/) keeps one table of these; adding a harness is one
 * line there and a folder under adapters/ (docs/architecture.md, "Adding a harness"). */
#ifndef KIT_HARNESS_H
#define KIT_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

#include "host.h"
#include "hooks_edit.h"
#include "settings_file.h"

typedef struct kit_harness {
    const char *name;  /* as typed: `hook claude-code` */
    const char *title; /* as written: "Claude Code" */
    /* `hook <name>`: one hook invocation, its payload on stdin. Returns 0, always. */
    int (*hook)(const kit_host *host);
    const kit_hooks_layout *layout;
    const char *scopes; /* the --scope values, "user|project|local"; the first is the default */
    /* The settings file of a scope (NULL: the default) and how a new one is made. False, with
     * the reason in err, for an unknown scope or a path that cannot be formed. */
    bool (*settings_path)(const char *scope, char *out, size_t len, kit_file_modes *modes,
                          char *err, size_t errlen);
    /* NULL, or the harness's own step once `install` (install true) or `uninstall` has
     * succeeded on the settings file at path, e.g. a trust record the harness wants before it
     * runs a hook. Returns KIT_OK or KIT_FAIL (logged). */
    int (*after_install)(const char *path, bool install, bool dry_run);
    /* NULL, or what `doctor` checks of the installed hooks beyond the file (e.g. the harness's
     * trust in them): -1 when none of ours is installed (nothing to report), else 1 (fine) or 0
     * (a problem), with one line in detail and, on a problem, what to do in fix. */
    int (*doctor)(char *detail, size_t len, char *fix, size_t fix_len);
    /* NULL, or the whole file `install` writes at the settings path, for a harness whose hooks
     * are a file of ours rather than entries in a settings file (OpenCode's plugin; layout is
     * then NULL): its text for the command at binary, malloc'd (NULL: out of memory, logged).
     * The file is ours when its first line is the text's first line (install_file.c). */
    char *(*own_file)(const char *binary);
} kit_harness;

#endif
