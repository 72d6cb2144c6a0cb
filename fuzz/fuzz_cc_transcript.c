/* Claude Code's transcript (adapters/claude_code/transcript_line.c, transcript_read.c): each
 * line of the input parsed on its own (in a buffer of exactly its length), then the input read
 * as a transcript file from its start through the kit's line reader and the cheap filter, then
 * again from where that read stopped. */
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

static void count(cc_line_kind kind, const cc_reply *reply, void *user)
{
    (void)kind, (void)reply;
    ++*(size_t *)user;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_each_line(data, size, parse_line, NULL);
    const char *path = fuzz_write_file("transcript.jsonl", data, size);
    kit_file_pos pos = {0, 0};
    size_t lines = 0;
    uint64_t bytes = 0;
    char err[256];
    if (cc_transcript_read(path, &pos, count, &lines, &bytes, err, sizeof err) && pos.offset > size)
        abort();
    cc_transcript_read(path, &pos, count, &lines, &bytes, err, sizeof err);
    return 0;
}
