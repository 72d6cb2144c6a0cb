/* The Claude Code adapter as the command sees it (docs/harnesses/claude-code.md): `hook
 * claude-code`, and where `install claude-code` puts its entries. */
#ifndef CC_CLAUDE_CODE_H
#define CC_CLAUDE_CODE_H

#include "harness.h"

extern const kit_harness cc_harness;

#endif
