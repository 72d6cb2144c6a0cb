/* The Claude Code adapter's subcommands of mosaic-telemetry (docs/harnesses/claude-code.md):
 *
 *   hook claude-code                 one hook invocation: a payload on stdin; always exits 0
 *   install claude-code [--scope user|project|local] [--dry-run]
 *   uninstall claude-code [--scope user|project|local] [--dry-run]
 *
 * `hook` with another harness name, or none, prints one line on stderr and exits 0 too: it is
 * what a harness runs, and a harness must never be disturbed by a typo in its settings. */
#ifndef CC_CLAUDE_CODE_H
#define CC_CLAUDE_CODE_H

#include "cli.h"

int cmd_hook(const cli_globals *globals, int argc, char **argv);
int cmd_install(const cli_globals *globals, int argc, char **argv);
int cmd_uninstall(const cli_globals *globals, int argc, char **argv);

#endif
