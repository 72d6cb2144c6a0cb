/* Codex CLI's rollout lines (adapters/codex/rollout_line.c): each line of the input parsed on
 * its own, in a buffer of exactly its length (the file around them: see fuzz_cc_transcript.c). */
#include <stdlib.h>
#include <string.h>

#include "codex/rollout.h"
#include "fuzz_support.h"

static void parse_line(const char *text, size_t len, void *user)
{
    (void)user;
    cx_line line;
    if (cx_rollout_line(text, len, &line) &&
        (strnlen(line.model, sizeof line.model) == sizeof line.model ||
         strnlen(line.id, sizeof line.id) == sizeof line.id))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_each_line(data, size, parse_line, NULL);
    return 0;
}
