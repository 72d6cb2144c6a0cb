/* The Cursor adapter (docs/harnesses/cursor.md): the hook's latency for beforeSubmitPrompt,
 * afterShellExecution (a test command) and stop (with token counts: the task's event is made and
 * spooled in that process), p50/p99 over rounds, a task per round, /bin/true started the same
 * way as the floor. Figures only; nothing is decided. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"

extern char **environ;

static char g_dir[64];
static char *g_env[512];
static size_t g_env_n;

static void env_init(void)
{
    for (size_t i = 0; environ[i] && g_env_n < 500; i++)
        if (strncmp(environ[i], "MOSAIC_TELEMETRY_", 17) != 0 &&
            strncmp(environ[i], "HOME=", 5) != 0)
            g_env[g_env_n++] = environ[i];
    static char vars[4][256];
    snprintf(vars[0], sizeof vars[0], "MOSAIC_TELEMETRY_STATE_DIR=%s/state", g_dir);
    snprintf(vars[1], sizeof vars[1], "MOSAIC_TELEMETRY_SPOOL_DIR=%s/spool", g_dir);
    snprintf(vars[2], sizeof vars[2], "MOSAIC_TELEMETRY_INSTANCE_ID=%s", BENCH_INSTANCE_ID);
    snprintf(vars[3], sizeof vars[3], "HOME=%s", g_dir);
    for (int i = 0; i < 4; i++)
        g_env[g_env_n++] = vars[i];
}

static double hook(const char *event, const char *extra)
{
    const char *other = getenv("MOSAIC_BENCH_CLI");
    char *argv[] = {(char *)(other && *other ? other : MOSAIC_CLI_PATH), "hook", "cursor", NULL};
    char payload[2048];
    snprintf(payload, sizeof payload,
             "{\"conversation_id\":\"3f0c1c52-8d2e-4c4b-9f43-0a1d2b3c4d5e\",\"generation_id\":"
             "\"g\",\"hook_event_name\":\"%s\",\"model\":\"claude-sonnet-4-5\",\"cursor_version\":"
             "\"2.3.41\",\"workspace_roots\":[\"/work/app\"]%s}",
             event, extra);
    return bench_spawn_ms(argv, g_env, payload);
}

static void bench_hooks(int rounds)
{
    double *ms[3], *floor = calloc((size_t)rounds, sizeof *floor);
    for (int e = 0; e < 3; e++)
        ms[e] = calloc((size_t)rounds, sizeof *ms[e]);
    char *true_argv[] = {"/bin/true", NULL};
    for (int i = 0; i < rounds; i++) {
        ms[0][i] = hook("beforeSubmitPrompt", ",\"prompt\":\"fix the failing test\"");
        ms[1][i] = hook("afterShellExecution",
                        ",\"command\":\"npm test\",\"output\":\"ok\",\"duration\":900");
        ms[2][i] = hook("stop", ",\"status\":\"completed\",\"loop_count\":0,\"input_tokens\":1200,"
                                "\"output_tokens\":300,\"cache_read_tokens\":20000,"
                                "\"cache_write_tokens\":500");
        floor[i] = bench_spawn_ms(true_argv, g_env, "{}");
    }
    double f50 = bench_percentile(floor, (size_t)rounds, 50);
    const char *names[] = {"cursor_hook_before_submit_prompt", "cursor_hook_after_shell_execution",
                           "cursor_hook_stop"};
    for (int e = 0; e < 3; e++) {
        double p50 = bench_percentile(ms[e], (size_t)rounds, 50);
        double p99 = bench_percentile(ms[e], (size_t)rounds, 99);
        bench_report(names[e], p50, "ms p50",
                     "p99 %.2f ms; /bin/true p50 %.2f ms (%.2fx); %d rounds", p99, f50, p50 / f50,
                     rounds);
        free(ms[e]);
    }
    free(floor);
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/bench-cursor-XXXXXX");
    if (!mkdtemp(g_dir))
        return 1;
    env_init();
    bench_hooks(bench_quick() ? 10 : 200);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : 1;
}
