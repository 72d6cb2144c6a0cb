/* Codex CLI's rollout (adapters/codex/rollout_line.c, rollout_read.c): each line of the input
 * parsed on its own (in a buffer of exactly its length), then the input read as a rollout file
 * from its start through the kit's line reader, then again from where that read stopped. */
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

static void count(const cx_line *line, void *user)
{
    (void)line;
    ++*(size_t *)user;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_each_line(data, size, parse_line, NULL);
    const char *path = fuzz_write_file("rollout.jsonl", data, size);
    kit_file_pos pos = {0, 0};
    size_t lines = 0;
    uint64_t malformed = 0;
    char err[256];
    if (cx_rollout_read(path, &pos, count, &lines, &malformed, err, sizeof err) &&
        pos.offset > size)
        abort();
    cx_rollout_read(path, &pos, count, &lines, &malformed, err, sizeof err);
    return 0;
}
