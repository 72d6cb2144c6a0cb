/* Cursor's payloads, which Cursor also sends to Claude Code's hooks, left to `hook cursor`
 * (cursor_guard.c). */
#ifndef CC_CURSOR_GUARD_H
#define CC_CURSOR_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#include "payload.h"

/* Marks p (parsed from text[0..len)) ignored when the payload is Cursor's. Returns true. */
bool cc_leave_to_cursor(const char *text, size_t len, cc_payload *p);

#endif
