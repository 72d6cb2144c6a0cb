/* The harnesses the command knows, each an adapter under adapters/ (kit/harness.h). */
#ifndef MT_CLI_HARNESSES_H
#define MT_CLI_HARNESSES_H

#include <stddef.h>

#include "harness.h"

/* The harness named name; NULL when none is. */
const kit_harness *cli_harness(const char *name);
/* The i-th harness of the table; NULL past its end. */
const kit_harness *cli_harness_at(size_t i);
/* "claude-code, ..." for messages. */
const char *cli_harness_names(void);

#endif
