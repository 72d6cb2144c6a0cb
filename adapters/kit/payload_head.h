/* The head of every hook payload: which event it is and which session it belongs to. Each
 * adapter's payload struct begins with one, so that the hook frame (hook_frame.h) finds the
 * session and checks the event without a callback per adapter; and the harnesses whose payloads
 * spell these members as Claude Code does (Codex, Gemini CLI) read them with one function. */
#ifndef KIT_PAYLOAD_HEAD_H
#define KIT_PAYLOAD_HEAD_H

#include <stddef.h>

#include "jscan.h"
#include "session_store.h"

#define KIT_EVENT_NAME_MAX 64

/* The first two numbers of every adapter's event enum, which the frame tells apart. */
enum {
    KIT_EVENT_UNKNOWN = 0, /* a name the adapter does not know, or none */
    KIT_EVENT_IGNORED = 1, /* a known event the adapter has no use for */
};

typedef struct kit_payload_head {
    int event;                           /* the adapter's enum, beginning with the two above */
    char event_name[KIT_EVENT_NAME_MAX]; /* as the payload gave it ("" when absent) */
    char session_id[KIT_ID_MAX];
    char transcript_path[KIT_PATH_MAX]; /* the harness's log of the session; "" when none */
} kit_payload_head;

/* Reads the member at the cursor into h when it is one of the head's as Claude Code names them
 * (hook_event_name, session_id, transcript_path). 1: read; 0: not one of them (the cursor is
 * untouched, the caller reads the member); -1: malformed. */
int kit_payload_head_member(kit_js_cursor *c, const char *key, size_t len, kit_payload_head *h);

#endif
