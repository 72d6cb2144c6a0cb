/* The OpenCode adapter as the command sees it (docs/harnesses/opencode.md): `hook opencode`, and
 * where `install opencode` writes the plugin. */
#ifndef OC_OPENCODE_H
#define OC_OPENCODE_H

#include "harness.h"

extern const kit_harness oc_harness;

#endif
