/* The Copilot CLI's session log lines (adapters/copilot_cli/session_log.c, events.jsonl): each
 * line of the input parsed on its own, in a buffer of exactly its length. */
#include <stdlib.h>
#include <string.h>

#include "copilot_cli/session_log.h"
#include "fuzz_support.h"

static void parse_line(const char *text, size_t len, void *user)
{
    (void)user;
    static cp_line line; /* 64 KiB of command: not on the stack */
    if (cp_log_line(text, len, &line) &&
        (strnlen(line.model, sizeof line.model) == sizeof line.model ||
         strnlen(line.id, sizeof line.id) == sizeof line.id ||
         strnlen(line.command, sizeof line.command) == sizeof line.command || line.exit_code < 0 ||
         line.exit_code > 255))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_each_line(data, size, parse_line, NULL);
    return 0;
}
