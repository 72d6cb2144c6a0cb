/* The Cline adapter as the command sees it (docs/harnesses/cline.md): `hook cline`, and where
 * `install cline` puts its hook files. */
#ifndef CL_CLINE_H
#define CL_CLINE_H

#include "harness.h"

extern const kit_harness cl_harness;

#endif
