/* The payload head (payload_head.h). */
#include "payload_head.h"

#include <string.h>

int kit_payload_head_member(kit_js_cursor *c, const char *key, size_t len, kit_payload_head *h)
{
    const struct {
        const char *key;
        char *into;
        size_t cap;
    } members[] = {
        {"hook_event_name", h->event_name, sizeof h->event_name},
        {"session_id", h->session_id, sizeof h->session_id},
        {"transcript_path", h->transcript_path, sizeof h->transcript_path},
    };
    for (size_t i = 0; i < sizeof members / sizeof *members; i++)
        if (len == strlen(members[i].key) && memcmp(key, members[i].key, len) == 0)
            return kit_js_string_or_skip(c, members[i].into, members[i].cap) ? 1 : -1;
    return 0;
}
