/* The table of harness adapters: adding one is a line here (docs/architecture.md). */
#include "harnesses.h"

#include <string.h>

#include "claude_code/claude_code.h"
#include "cline/cline.h"
#include "codex/codex.h"
#include "gemini_cli/gemini_cli.h"
#include "opencode/opencode.h"
#include "cursor/cursor.h"
#include "copilot_cli/copilot_cli.h"

static const kit_harness *const HARNESSES[] = {&cc_harness, &cx_harness, &gm_harness, &oc_harness,
                                               &cu_harness, &cp_harness, &cl_harness};
#define N_HARNESSES (sizeof HARNESSES / sizeof *HARNESSES)

const kit_harness *cli_harness(const char *name)
{
    for (size_t i = 0; i < N_HARNESSES; i++)
        if (strcmp(HARNESSES[i]->name, name) == 0)
            return HARNESSES[i];
    return NULL;
}

const kit_harness *cli_harness_at(size_t i)
{
    return i < N_HARNESSES ? HARNESSES[i] : NULL;
}

const char *cli_harness_names(void)
{
    static char names[256];
    if (!names[0]) {
        for (size_t i = 0; i < N_HARNESSES; i++) {
            if (i)
                strncat(names, ", ", sizeof names - strlen(names) - 1);
            strncat(names, HARNESSES[i]->name, sizeof names - strlen(names) - 1);
        }
    }
    return names;
}
