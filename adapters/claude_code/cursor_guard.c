/* Cursor runs Claude Code's hooks too ("third-party hooks"), so a Cursor session can reach `hook
 * claude-code`. It is reported once, by `hook cursor` (docs/harnesses/cursor.md, "Claude Code's
 * hooks"): a payload that is Cursor's (it names cursor_version or conversation_id, or its
 * transcript lives under ~/.cursor/) is left alone here. Its own file, and a scan of its own, so
 * that the rest of the adapter needs no field of Cursor's. */
#include <string.h>

#include "cursor_guard.h"
#include "jscan.h"

static bool cursor_member(kit_js_cursor *c, const char *key, size_t n, void *user)
{
    bool *cursor = user;
    if (KIT_JS_KEY_IS(key, n, "cursor_version") || KIT_JS_KEY_IS(key, n, "conversation_id"))
        *cursor = true;
    if (KIT_JS_KEY_IS(key, n, "transcript_path")) {
        char path[CC_PATH_MAX];
        if (kit_js_string(c, path, sizeof path)) {
            *cursor |= strstr(path, "/.cursor/") != NULL;
            return true;
        }
    }
    return kit_js_skip(c);
}

bool cc_leave_to_cursor(const char *text, size_t len, cc_payload *p)
{
    bool cursor = false;
    char err[8];
    kit_js_parse_object("the payload", text, len, cursor_member, &cursor, err, sizeof err);
    if (cursor)
        p->head.event = CC_EVENT_IGNORED;
    return true;
}
