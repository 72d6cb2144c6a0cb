/* One run of `mosaic-telemetry hook opencode`: the plugin's payload, the session it belongs to
 * (held under its lock by the kit's hook frame), and the task it begins or ends. */
#ifndef OC_HOOK_H
#define OC_HOOK_H

#include "hook_frame.h"
#include "host.h"
#include "payload.h"
#include "state.h"

#define OC_WHO      "hook opencode"

#define oc_log(...) kit_log(OC_WHO, __VA_ARGS__)

/* One invocation: the kit's frame (hook_frame.h), whose payload is an oc_payload and whose
 * session an oc_session. */
typedef kit_frame oc_hook;

/* task.c: what the payload does to the session; an ended task to the spool; a task the plugin
 * never ended (OpenCode was killed), ended at its start as cancelled. */
void oc_apply_event(oc_hook *h);
void oc_finalize_task(oc_hook *h);
void oc_end_unstopped(oc_hook *h);

int oc_hook_run(const kit_host *host);

#endif
