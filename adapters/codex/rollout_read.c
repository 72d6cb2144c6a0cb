/* Reading a rollout from a saved position (the kit's line reader): complete lines only, each
 * parsed on its own; a malformed line is counted and skipped, never fatal. */
#include "rollout.h"

typedef struct reading {
    cx_line_fn fn;
    void *user;
    uint64_t *malformed;
} reading;

static void on_line(const char *text, size_t len, void *user)
{
    reading *rd = user;
    cx_line line;
    if (!cx_rollout_line(text, len, &line))
        ++*rd->malformed;
    else if (line.kind != CX_LINE_OTHER)
        rd->fn(&line, rd->user);
}

bool cx_rollout_read(const char *path, kit_file_pos *pos, cx_line_fn fn, void *user,
                     uint64_t *malformed, char *err, size_t errlen)
{
    reading rd = {fn, user, malformed};
    return kit_read_lines("the rollout", path, pos, on_line, &rd, NULL, err, errlen);
}
