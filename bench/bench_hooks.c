/* The hook benchmarks' shared parts (bench_hooks.h). */
#include "bench_hooks.h"

#include <stdio.h>
#include <string.h>

#include "bench_util.h"

extern char **environ;

char **bench_hook_env(const char *dir, const char *const extra[])
{
    static char *env[512];
    static char vars[16][600];
    size_t n = 0, v = 0;
    for (size_t i = 0; environ[i] && n < 480; i++)
        if (strncmp(environ[i], "MOSAIC_TELEMETRY_", 17) != 0)
            env[n++] = environ[i];
    snprintf(vars[v++], sizeof vars[0], "MOSAIC_TELEMETRY_STATE_DIR=%s/state", dir);
    snprintf(vars[v++], sizeof vars[0], "MOSAIC_TELEMETRY_SPOOL_DIR=%s/spool", dir);
    snprintf(vars[v++], sizeof vars[0], "MOSAIC_TELEMETRY_INSTANCE_ID=%s", BENCH_INSTANCE_ID);
    for (size_t i = 0; extra[i] && v < 16; i++)
        snprintf(vars[v++], sizeof vars[0], "%s", extra[i]);
    for (size_t i = 0; i < v; i++)
        env[n++] = vars[i];
    env[n] = NULL;
    return env;
}

void bench_hook_report(bench_hook_series *series, size_t n, double *floor, int rounds)
{
    double f50 = bench_percentile(floor, (size_t)rounds, 50);
    for (size_t e = 0; e < n; e++) {
        double p50 = bench_percentile(series[e].ms, (size_t)rounds, 50);
        double p99 = bench_percentile(series[e].ms, (size_t)rounds, 99);
        bench_report(series[e].name, p50, "ms p50",
                     "p99 %.2f ms; /bin/true p50 %.2f ms (%.2fx); %d rounds", p99, f50, p50 / f50,
                     rounds);
    }
}
