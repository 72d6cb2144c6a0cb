/* Where the preload shim is, for `run` and `doctor`: found relative to where this command really
 * is, so that an install moved with --prefix, a copied tree or an unpacked package still finds
 * it (docs/harnesses/preload.md, "Finding the shim"). */
#ifndef CLI_SHIM_PATH_H
#define CLI_SHIM_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* The shim's path into out. false when it is nowhere: then where is a one-line list of the
 * places looked at (for the warning and doctor). */
bool cli_shim_find(char *out, size_t len, char *where, size_t wherelen);

#endif
