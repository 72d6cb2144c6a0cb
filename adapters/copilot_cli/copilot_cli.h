/* The GitHub Copilot CLI adapter as the command sees it (docs/harnesses/copilot-cli.md): `hook
 * copilot-cli`, and where `install copilot-cli` puts its entries. */
#ifndef CP_COPILOT_CLI_H
#define CP_COPILOT_CLI_H

#include "harness.h"

extern const kit_harness cp_harness;

#endif
