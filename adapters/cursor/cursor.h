/* The Cursor adapter as the command sees it (docs/harnesses/cursor.md): `hook cursor`, and where
 * `install cursor` puts its entries. */
#ifndef CU_CURSOR_H
#define CU_CURSOR_H

#include "harness.h"

extern const kit_harness cu_harness;

#endif
