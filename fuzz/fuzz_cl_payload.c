/* A Cline hook payload (adapters/cline/payload.c): the JSON object on the hook file's stdin,
 * read with json-c into the adapter's fixed struct (run_commands' results an array). */
#include <stdlib.h>
#include <string.h>

#include "cline/payload.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cl_payload p; /* 200 KiB: not on the stack */
    char err[256];
    if (!cl_payload_parse((const char *)data, size, &p, err, sizeof err))
        return 0;
    if (p.n_commands > CL_COMMANDS || strlen(p.head.session_id) >= sizeof p.head.session_id ||
        strlen(p.prompt) >= sizeof p.prompt || strlen(p.patch) >= sizeof p.patch ||
        strlen(p.path) >= sizeof p.path || strlen(p.tool_id) >= sizeof p.tool_id)
        abort();
    for (size_t i = 0; i < p.n_commands; i++)
        if (!p.commands[i].text[0] || strlen(p.commands[i].text) >= sizeof p.commands[i].text)
            abort();
    return 0;
}
