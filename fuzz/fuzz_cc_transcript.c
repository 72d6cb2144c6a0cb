/* Claude Code's transcript lines (adapters/claude_code/transcript_line.c): each line of the
 * input parsed on its own, in a buffer of exactly its length. The file around them is read by
 * the kit's line reader, which only cuts at newlines and whose 4 MiB buffer would make every run
 * fifty times slower (its chunk and rotation rules have unit tests: test_kit_line_reader). */
#include <stdlib.h>
#include <string.h>

#include "claude_code/transcript.h"
#include "fuzz_support.h"

static void parse_line(const char *line, size_t len, void *user)
{
    (void)user;
    cc_reply reply;
    if (cc_line_parse(line, len, &reply) == CC_LINE_REPLY &&
        strnlen(reply.model, sizeof reply.model) == sizeof reply.model)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_each_line(data, size, parse_line, NULL);
    return 0;
}
