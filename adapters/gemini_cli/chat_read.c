/* Reading a chat file from a saved position (the kit's line reader): complete lines only, each
 * parsed on its own; a malformed line is counted and skipped, never fatal. */
#include "chat.h"

typedef struct reading {
    gm_rec_fn fn;
    void *user;
    uint64_t *malformed;
} reading;

static void on_line(const char *text, size_t len, void *user)
{
    reading *rd = user;
    if (!gm_chat_line(text, len, rd->fn, rd->user))
        ++*rd->malformed;
}

bool gm_chat_read(const char *path, kit_file_pos *pos, gm_rec_fn fn, void *user,
                  uint64_t *malformed, uint64_t *bytes, char *err, size_t errlen)
{
    reading rd = {fn, user, malformed};
    return kit_read_lines("the chat file", path, pos, on_line, &rd, bytes, err, errlen);
}
