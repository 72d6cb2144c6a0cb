/* A GitHub Copilot CLI hook payload (adapters/copilot_cli/payload.c): the JSON object on the
 * hook's stdin, its event told by its members, read into the adapter's fixed struct. */
#include <stdlib.h>
#include <string.h>

#include "copilot_cli/payload.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cp_payload p; /* 70 KiB: not on the stack */
    char err[256];
    if (cp_payload_parse((const char *)data, size, &p, err, sizeof err) &&
        (strlen(p.head.session_id) >= sizeof p.head.session_id ||
         strlen(p.prompt) >= sizeof p.prompt ||
         strlen(p.head.event_name) >= sizeof p.head.event_name ||
         strlen(p.tool_path) >= sizeof p.tool_path))
        abort();
    return 0;
}
