/* Shared helpers of the benchmarks: timing, percentiles, the report line, a ready client and
 * event, and the reference server as a subprocess. Benchmarks print figures; nothing here
 * decides pass or fail. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <mosaic/telemetry.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The reference server's default key and the instance it is bound to. */
#define BENCH_API_KEY     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define BENCH_INSTANCE_ID "12345678-1234-4234-8234-123456789abc"
/* Port 9 (discard): nothing listens, and the track benchmarks never start the client anyway. */
#define BENCH_DEAD_URL "http://127.0.0.1:9"

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t bench_now_ns(void);

/* True when BENCH_QUICK=1: CI runs every benchmark in a few seconds just to keep it working. */
bool bench_quick(void);

/* Spawns argv with env, payload (may be NULL) on its stdin and stdout/stderr on /dev/null, and
 * waits: the milliseconds from spawn to exit, or -1 when it could not be started. A child that
 * exits without reading its stdin (/bin/true, the hooks' baseline) is no error. */
double bench_spawn_ms(char *const argv[], char *const env[], const char *payload);

/* The environment a timed hook runs in: this process's without MOSAIC_TELEMETRY_* (but for
 * MOSAIC_TELEMETRY_HISTORY) and without the variables extra sets, the state and spool
 * directories under dir, the demo instance, and extra's "NAME=value" settings (NULL-ended; kept by
 * reference). NULL when memory runs out. */
char **bench_hook_env(const char *dir, const char *const extra[]);

/* One line per hook event: the p50 and p99 of its rounds (ms[i], rounds values), against the
 * p50 of /bin/true started the same way (floor), as a ratio too. Sorts the arrays. */
void bench_report_hooks(const char *const names[], double *const ms[], size_t n_events,
                        double *floor, int rounds);

/* Sorts values in place and returns the nearest-rank p-th percentile (0 < p <= 100). */
double bench_percentile(double *values, size_t n, double p);

/* Prints "bench <name>: <figure> <unit> (<context>)" and flushes, so that a crash later in the
 * run still leaves the figures already measured. */
void bench_report(const char *name, double figure, const char *unit, const char *context_fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Calls fn(ctx) repeatedly for about `seconds` and returns calls per second. */
double bench_rate(void (*fn)(void *ctx), void *ctx, double seconds);

/* The shortest of `runs` timings of fn(ctx), in seconds: a reader's speed over a large file,
 * with the machine's other work left out as far as it can be. */
double bench_best_seconds(int runs, void (*fn)(void *ctx), void *ctx);

/* The command under test: `built` (the one built with the benchmark), or MOSAIC_BENCH_CLI when
 * set (another build's, to compare two builds on the same machine in one sitting). */
char *bench_cli_path(const char *built);

/* An enabled client for url with the demo key and instance; NULL (reason on stderr) on error.
 * log_level lets benchmarks silence the expected "dropped at free" warnings. */
mosaic_client *bench_client_new(const char *url, size_t max_queue_size, size_t batch_size,
                                mosaic_log_level log_level);

/* Frees a client that was never started without the final flush that mosaic_client_free would
 * attempt for queued events (2 s of connection retries against BENCH_DEAD_URL). */
void bench_client_discard(mosaic_client *client);

/* A builder with every field of the schema set (the worst case for copying and JSON). */
mosaic_event_builder *bench_full_builder(void);
/* One event built by bench_full_builder(); NULL (reason on stderr) on error. */
mosaic_event *bench_full_event(void);

/* sizeof(struct mosaic_event), the slot size of the client's queue (an internal struct). */
size_t bench_event_struct_size(void);

/* The reference server (tests/server/mosaic_server.py) running as a child process. */
typedef struct bench_server {
    pid_t pid;
    char dir[64]; /* private temp dir holding the port file */
    char url[64]; /* http://127.0.0.1:<port> */
} bench_server;

/* Starts `python script` on a free port and waits (up to 15 s) until it has written its port. */
bool bench_server_start(bench_server *server, const char *python, const char *script);
/* SIGTERM, wait for the exit, remove the temp dir. Safe on a server that failed to start. */
void bench_server_stop(bench_server *server);

/* Removes a scratch directory the timed hooks wrote into. Their detached finishers and
 * background flushers may still be writing there, so it tries again for up to 5 s; cleaning up
 * is no figure, so a directory left behind is only said on stderr. */
void bench_remove_tree(const char *dir);

#endif
