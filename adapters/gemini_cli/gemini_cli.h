/* The Gemini CLI adapter as the command sees it (docs/harnesses/gemini-cli.md): `hook
 * gemini-cli`, and where `install gemini-cli` puts its entries. */
#ifndef GM_GEMINI_CLI_H
#define GM_GEMINI_CLI_H

#include "harness.h"

extern const kit_harness gm_harness;

#endif
