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

static char g_dir[64];
static char **g_env;

static double hook(const char *event, const char *extra)
{
    char *argv[] = {bench_cli_path(MOSAIC_CLI_PATH), "hook", "cursor", NULL};
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
    static const char *const names[] = {"cursor_hook_before_submit_prompt",
                                        "cursor_hook_after_shell_execution", "cursor_hook_stop"};
    bench_report_hooks(names, ms, 3, floor, rounds);
    for (int e = 0; e < 3; e++)
        free(ms[e]);
    free(floor);
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/bench-cursor-XXXXXX");
    if (!mkdtemp(g_dir))
        return 1;
    static char home[96];
    snprintf(home, sizeof home, "HOME=%s", g_dir);
    const char *const extra[] = {home, NULL};
    g_env = bench_hook_env(g_dir, extra);
    if (!g_env)
        return 1;
    bench_hooks(bench_quick() ? 10 : 200);
    bench_remove_tree(g_dir);
    return 0;
}
