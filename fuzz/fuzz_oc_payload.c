/* The OpenCode plugin's payload (adapters/opencode/payload.c): begin or end, read with json-c
 * into the adapter's struct, the lists of responses and tools allocated, then released. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "opencode/payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static oc_payload p; /* 64 KiB of prompt: not on the stack */
    char err[256];
    if (!oc_payload_parse((const char *)data, size, &p, err, sizeof err))
        return 0;
    if (strlen(p.head.session_id) >= sizeof p.head.session_id ||
        strlen(p.prompt) >= sizeof p.prompt || (p.n_responses && !p.responses) ||
        (p.n_tools && !p.tools))
        abort();
    for (size_t i = 0; i < p.n_tools; i++)
        if (p.tools[i].command && p.tools[i].file)
            abort(); /* a tool is a command or a file, never both */
    oc_payload_release(&p);
    return 0;
}
