/* The payload head (payload_head.h). */
#include "payload_head.h"

#include <string.h>

/* A string member read into buf, as kit_js_string_or_skip does: 1 read, -1 malformed. */
static int read_into(kit_js_cursor *c, char *buf, size_t cap)
{
    return kit_js_string_or_skip(c, buf, cap) ? 1 : -1;
}

int kit_payload_head_member(kit_js_cursor *c, const char *key, size_t len, kit_payload_head *h)
{
    if (KIT_JS_KEY_IS(key, len, "hook_event_name"))
        return read_into(c, h->event_name, sizeof h->event_name);
    if (KIT_JS_KEY_IS(key, len, "session_id"))
        return read_into(c, h->session_id, sizeof h->session_id);
    if (KIT_JS_KEY_IS(key, len, "transcript_path"))
        return read_into(c, h->transcript_path, sizeof h->transcript_path);
    return 0;
}
