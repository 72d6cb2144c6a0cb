/* A Codex CLI hook payload (adapters/codex/payload.c): the JSON object on the hook's
 * stdin, read into the adapter's fixed struct. */
#include <stdlib.h>
#include <string.h>

#include "codex/payload.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cx_payload p; /* 130 KiB: not on the stack */
    char err[256];
    if (cx_payload_parse((const char *)data, size, &p, err, sizeof err) &&
        (strlen(p.head.session_id) >= sizeof p.head.session_id ||
         strlen(p.prompt) >= sizeof p.prompt || strlen(p.command) >= sizeof p.command))
        abort();
    return 0;
}
