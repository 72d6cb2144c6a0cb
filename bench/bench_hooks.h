/* What the hook benchmarks of the harnesses that followed Codex share (bench_copilot_cli,
 * bench_cline): the hook's environment in a temp directory, and the report of each event's
 * latency against /bin/true started the same way. */
#ifndef BENCH_HOOKS_H
#define BENCH_HOOKS_H

#include <stddef.h>

#define BENCH_HOOK_EVENTS 4

/* The hook's environment: this process's without MOSAIC_TELEMETRY_*, then the state and spool
 * directories under dir, the demo instance, and the extra "NAME=value" settings (NULL-ended). */
char **bench_hook_env(const char *dir, const char *const extra[]);

/* A series of one event's latencies (ms), one per round. */
typedef struct bench_hook_series {
    const char *name;
    double *ms;
} bench_hook_series;

/* Prints each series' p50 and p99 with /bin/true's p50 (floor, one per round) beside it. */
void bench_hook_report(bench_hook_series *series, size_t n, double *floor, int rounds);

#endif
