/* The Copilot CLI adapter (docs/harnesses/copilot-cli.md): the hook's latency for
 * userPromptSubmitted, postToolUse and agentStop (p50/p99 over rounds, the session's
 * events.jsonl growing by one task per round as Copilot 1.0.102 writes it, /bin/true started the
 * same way as the floor; grace 0, so agentStop reads the log and appends the event itself).
 * Figures only; nothing is decided. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_util.h"

#define SESSION "3e8fcf94-c459-44f7-ad0b-d692aa33a33f"

static char g_dir[64], g_log[512];
static char **g_env;

/* One task's lines: the hooks' records, the prompt, a long system line now and then (skipped
 * unparsed), per request a usage record, and a shell command started and completed. */
static void write_task(FILE *f, unsigned n)
{
    static char text[4097];
    if (!text[0])
        memset(text, 'x', sizeof text - 1);
    const char *tail = "\"timestamp\":\"2026-12-03T09:15:10.000Z\",\"parentId\":null}";
    fprintf(f, "{\"type\":\"hook.start\",\"data\":{\"hookType\":\"userPromptSubmitted\"},%s\n",
            tail);
    fprintf(f, "{\"type\":\"user.message\",\"data\":{\"content\":\"please fix %u\"},%s\n", n, tail);
    if (n % 8 == 0)
        fprintf(f, "{\"type\":\"system.message\",\"data\":{\"content\":\"%s%s%s%s%s\"},%s\n", text,
                text, text, text, text, tail);
    for (unsigned r = 0; r < 3; r++) {
        fprintf(f,
                "{\"type\":\"session.usage_record\",\"data\":{\"usage\":{\"model\":\"gpt-4.1\","
                "\"inputTokens\":1000,\"outputTokens\":30,\"cacheReadTokens\":200,"
                "\"cacheWriteTokens\":0,\"reasoningTokens\":5,\"maxPromptTokens\":64000}},"
                "\"id\":\"u%u-%u\",%s\n",
                n, r, tail);
        fprintf(f,
                "{\"type\":\"tool.execution_start\",\"data\":{\"toolCallId\":\"c%u-%u\","
                "\"toolName\":\"bash\",\"arguments\":{\"command\":\"make test\"}},%s\n",
                n, r, tail);
        fprintf(f,
                "{\"type\":\"tool.execution_complete\",\"data\":{\"toolCallId\":\"c%u-%u\","
                "\"shellExecution\":{\"exitCode\":0},\"success\":true,\"result\":{\"content\":"
                "\"%s\"}},%s\n",
                n, r, text, tail);
    }
}

static double hook(const char *members)
{
    char *argv[] = {bench_cli_path(MOSAIC_CLI_PATH), "hook", "copilot-cli", NULL};
    char payload[2048];
    snprintf(payload, sizeof payload,
             "{\"sessionId\":\"" SESSION "\",\"timestamp\":1796289070931,\"cwd\":\"/tmp\",%s}",
             members);
    return bench_spawn_ms(argv, g_env, payload);
}

static void bench_hooks(int rounds)
{
    double *ms[3], *floor = calloc((size_t)rounds, sizeof *floor);
    for (int e = 0; e < 3; e++)
        ms[e] = calloc((size_t)rounds, sizeof *ms[e]);
    char *true_argv[] = {"/bin/true", NULL};
    char stop[700];
    snprintf(stop, sizeof stop, "\"transcriptPath\":\"%s\",\"stopReason\":\"end_turn\"", g_log);
    for (int i = 0; i < rounds; i++) {
        ms[0][i] = hook("\"prompt\":\"please fix the failing test\"");
        FILE *f = fopen(g_log, "a");
        if (f) {
            write_task(f, (unsigned)i);
            fclose(f);
        }
        ms[1][i] = hook("\"toolName\":\"bash\",\"toolArgs\":{\"command\":\"make test\"},"
                        "\"toolResult\":{\"resultType\":\"success\",\"textResultForLlm\":\"ok\"}");
        ms[2][i] = hook(stop);
        floor[i] = bench_spawn_ms(true_argv, g_env, "{}");
    }
    static const char *const names[] = {"copilot_hook_user_prompt_submitted",
                                        "copilot_hook_post_tool_use", "copilot_hook_agent_stop"};
    bench_report_hooks(names, ms, 3, floor, rounds);
    for (int e = 0; e < 3; e++)
        free(ms[e]);
    free(floor);
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/bench-copilot-XXXXXX");
    if (!mkdtemp(g_dir))
        return 1;
    char home[600], extra[2][700];
    snprintf(home, sizeof home, "%s/copilot/session-state/" SESSION, g_dir);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", home);
    if (system(cmd) != 0)
        return 1;
    snprintf(g_log, sizeof g_log, "%s/events.jsonl", home);
    snprintf(extra[0], sizeof extra[0], "COPILOT_HOME=%s/copilot", g_dir);
    snprintf(extra[1], sizeof extra[1], "MOSAIC_TELEMETRY_COPILOT_GRACE_MS=0");
    const char *const vars[] = {extra[0], extra[1], NULL};
    g_env = bench_hook_env(g_dir, vars);
    bench_hooks(bench_quick() ? 10 : 200);
    bench_remove_tree(g_dir);
    return 0;
}
