/* The transcript's lines that can matter, picked out cheaply before they are parsed. */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "transcript.h"

/* Compaction boundaries are short system lines; only short lines are searched for one. */
#define COMPACT_LINE_MAX 16384

typedef struct filter {
    cc_line_fn fn;
    void *user;
} filter;

/* Most lines (user turns, tool results, progress) hold no usage: one memmem rules them out. */
static void on_line(const char *line, size_t len, void *user)
{
    const filter *f = user;
    bool usage = memmem(line, len, "\"usage\"", 7) != NULL;
    if (!usage && (len > COMPACT_LINE_MAX || !memmem(line, len, "compact_boundary", 16)))
        return;
    cc_reply reply;
    cc_line_kind kind = cc_line_parse(line, len, &reply);
    if (kind != CC_LINE_OTHER)
        f->fn(kind, &reply, f->user);
}

bool cc_transcript_read(const char *path, kit_file_pos *pos, cc_line_fn fn, void *user,
                        uint64_t *bytes_read, char *err, size_t errlen)
{
    filter f = {fn, user};
    return kit_read_lines("the transcript", path, pos, on_line, &f, bytes_read, err, errlen);
}
