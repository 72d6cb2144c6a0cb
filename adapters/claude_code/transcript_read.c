/* The transcript's lines that can matter, picked out cheaply before they are parsed. */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "transcript.h"

/* Compaction boundaries, cost-state, api-request and API error lines are short; only short lines
 * are searched for one. */
#define SHORT_LINE_MAX 16384

typedef struct filter {
    cc_line_fn fn;
    void *user;
} filter;

static bool has(const char *line, size_t len, const char *word)
{
    return memmem(line, len, word, strlen(word)) != NULL;
}

/* Most lines (user turns, tool results, progress) hold no usage: a memmem or two rule them out. */
static bool worth_parsing(const char *line, size_t len)
{
    if (has(line, len, "\"usage\""))
        return true;
    return len <= SHORT_LINE_MAX &&
           (has(line, len, "compact_boundary") || has(line, len, "\"cost-state\"") ||
            has(line, len, "\"api-request\"") || has(line, len, "isApiErrorMessage"));
}

static void on_line(const char *line, size_t len, void *user)
{
    const filter *f = user;
    if (!worth_parsing(line, len))
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
