/* The contract of a hook process, the same for every harness: it reads one payload on stdin
 * (bounded), leaves stdout empty (a harness may read it as an answer, or hand it to the model),
 * writes one line on stderr per problem, and exits 0 whatever happens (a harness may block the
 * user's turn on any other status). MOSAIC_TELEMETRY_ENABLED=false makes it read its stdin and
 * leave. The adapter sees a payload only when all of that went well. */
#ifndef KIT_HOOK_PROCESS_H
#define KIT_HOOK_PROCESS_H

#include <stddef.h>
#include <stdint.h>

#include "host.h"

#define KIT_PAYLOAD_MAX (16u << 20) /* harnesses cut tool output far below this */

typedef struct kit_hook_spec {
    const char *who;        /* the log prefix, "hook claude-code" */
    const char *stdin_hint; /* the line printed when stdin is a terminal */
    const char *now_env;    /* a variable holding the wall clock in ms (tests); NULL: none */
    const char *grace_env;  /* a variable holding the grace period in ms; NULL: none */
    int64_t grace_default_ms;
} kit_hook_spec;

/* One invocation, as the adapter gets it. */
typedef struct kit_hook_call {
    const kit_hook_spec *spec;
    const kit_host *host;
    mosaic_config *config; /* valid for recording (an instance id may still be missing) */
    const char *payload;   /* NUL-terminated */
    size_t payload_len;
    int64_t now_ms;   /* wall clock, or spec->now_env's value */
    int64_t grace_ms; /* spec->grace_env's value (0 to 600000), else the default */
} kit_hook_call;

typedef void (*kit_hook_fn)(const kit_hook_call *call, void *user);

/* The whole process: stdout pointed at /dev/null, SIGPIPE ignored, the config loaded, stdin
 * read, then fn when telemetry is enabled and the payload is not empty. Returns 0, always. */
int kit_hook_main(const kit_hook_spec *spec, const kit_host *host, kit_hook_fn fn, void *user);

/* The wall clock in ms, replaced by spec->now_env when that holds a number (tests). */
int64_t kit_hook_now_ms(const kit_hook_spec *spec);

#endif
