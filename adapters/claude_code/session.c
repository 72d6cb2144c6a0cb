/* A session held by one invocation: its lock taken, its state read, and at the end written back
 * (or its files removed); and the hook process's spec, whose clock every invocation reads. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hook.h"

const kit_hook_spec CC_HOOK_SPEC = {
    .who = CC_WHO,
    .stdin_hint = "reads a Claude Code hook payload on stdin; see `mosaic-telemetry install "
                  "claude-code`",
    .now_env = "MOSAIC_TELEMETRY_CLAUDE_NOW_MS",
    .grace_env = "MOSAIC_TELEMETRY_CLAUDE_GRACE_MS",
    .grace_default_ms = CC_GRACE_MS_DEFAULT,
};

/* The session's state; a missing file is a fresh session, and so is an unreadable or corrupt one
 * (logged). */
static void load(cc_hook *h)
{
    size_t len = 0;
    bool missing;
    char *text = kit_store_read(&h->store, &len, &missing);
    int why = errno;
    bool ok = text && cc_state_parse(text, len, h->session);
    free(text);
    if (ok)
        return;
    cc_session *s = h->session;
    memset(s, 0, sizeof *s);
    kit_task_reset(&s->task);
    s->fresh = true;
    if (!missing)
        cc_log("%s/%s.json: %s; starting afresh", h->store.dir, h->store.name,
               text ? "not a state file of this version" : strerror(why));
}

bool cc_hook_open_session(cc_hook *h, const char *name, int flags)
{
    char err[KIT_PATH_MAX + 256];
    if (!kit_store_open(&h->store, h->dir, name, flags, err, sizeof err)) {
        if (err[0])
            cc_log("%s", err);
        return false;
    }
    load(h);
    h->remove_session = false;
    return true;
}

void cc_hook_close_session(cc_hook *h)
{
    char err[KIT_PATH_MAX + 256];
    char *text = h->remove_session ? NULL : cc_state_format(h->session);
    if (h->remove_session)
        kit_store_remove(&h->store);
    else if (!text)
        cc_log("cannot write the session's state: out of memory");
    else if (!kit_store_write(&h->store, text, err, sizeof err))
        cc_log("%s", err);
    free(text);
    kit_store_close(&h->store);
}
