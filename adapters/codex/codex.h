/* The Codex CLI adapter as the command sees it (docs/harnesses/codex.md): `hook codex`, and where
 * `install codex` puts its entries. */
#ifndef CX_CODEX_H
#define CX_CODEX_H

#include "harness.h"

extern const kit_harness cx_harness;

#endif
