/* A Cursor hook payload (adapters/cursor/payload.c): the JSON object on the hook's stdin, read
 * into the adapter's fixed struct. */
#include <stdlib.h>
#include <string.h>

#include "cursor/payload.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cu_payload p; /* 128 KiB: not on the stack */
    char err[256];
    if (cu_payload_parse((const char *)data, size, &p, err, sizeof err) &&
        (strlen(p.head.session_id) >= sizeof p.head.session_id ||
         strlen(p.prompt) >= sizeof p.prompt || strlen(p.command) >= sizeof p.command))
        abort();
    return 0;
}
