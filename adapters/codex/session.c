/* A session held by one invocation: its lock taken, its state read, and at the end written back
 * (or its files removed); and the hook process's spec. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hook.h"

const kit_hook_spec CX_HOOK_SPEC = {
    .who = CX_WHO,
    .stdin_hint = "reads a Codex CLI hook payload on stdin; see `mosaic-telemetry install codex`",
    .now_env = "MOSAIC_TELEMETRY_CODEX_NOW_MS",
    .grace_env = "MOSAIC_TELEMETRY_CODEX_GRACE_MS",
    .grace_default_ms = CX_GRACE_MS_DEFAULT,
};

/* A missing state file is a fresh session, and so is an unreadable or corrupt one (logged). */
static void load(cx_hook *h)
{
    size_t len = 0;
    bool missing;
    char *text = kit_store_read(&h->store, &len, &missing);
    int why = errno;
    bool ok = text && cx_state_parse(text, len, h->session);
    free(text);
    if (ok)
        return;
    cx_session *s = h->session;
    memset(s, 0, sizeof *s);
    kit_task_reset(&s->task);
    s->fresh = true;
    if (!missing)
        cx_log("%s/%s.json: %s; starting afresh", h->store.dir, h->store.name,
               text ? "not a state file of this version" : strerror(why));
}

bool cx_hook_open_session(cx_hook *h, const char *name, int flags)
{
    char err[KIT_PATH_MAX + 256];
    if (!kit_store_open(&h->store, h->dir, name, flags, err, sizeof err)) {
        if (err[0])
            cx_log("%s", err);
        return false;
    }
    load(h);
    h->remove_session = false;
    return true;
}

void cx_hook_close_session(cx_hook *h)
{
    char err[KIT_PATH_MAX + 256];
    char *text = h->remove_session ? NULL : cx_state_format(h->session);
    if (h->remove_session)
        kit_store_remove(&h->store);
    else if (!text)
        cx_log("cannot write the session's state: out of memory");
    else if (!kit_store_write(&h->store, text, err, sizeof err))
        cx_log("%s", err);
    free(text);
    kit_store_close(&h->store);
}
