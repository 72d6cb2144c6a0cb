/* The Cline adapter (docs/harnesses/cline.md): the hook's latency for TaskStart, PostToolUse and
 * TaskComplete (p50/p99 over rounds, /bin/true started the same way as the floor; grace 0, so
 * TaskComplete reads the messages file and appends the event itself). Cline rewrites the
 * session's messages file whole, and the hook reads it whole at each task's start and end: the
 * file grows by one task (a prompt, four responses, about 6 KB) per round. Figures only; nothing
 * is decided. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

#define SESSION "1796289868821_4v7b2"

static char g_dir[64], g_messages[512];
static char **g_env;

/* The messages file holding `tasks` tasks, written whole as Cline does. */
static void write_messages(unsigned tasks)
{
    static char text[1025];
    if (!text[0])
        memset(text, 'x', sizeof text - 1);
    FILE *f = fopen(g_messages, "w");
    if (!f)
        return;
    fprintf(f, "{\"version\":1,\"sessionId\":\"" SESSION "\",\"messages\":[");
    for (unsigned n = 0; n < tasks; n++)
        for (unsigned r = 0; r < 4; r++)
            fprintf(f,
                    "%s{\"id\":\"u%u-%u\",\"role\":\"user\",\"content\":[{\"type\":\"text\","
                    "\"text\":\"%s\"}],\"ts\":1796289594000},"
                    "{\"id\":\"m%u-%u\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                    "\"text\":\"%s\"}],\"ts\":1796289594436,\"modelInfo\":{\"id\":\"gpt-4.1\"},"
                    "\"metrics\":{\"inputTokens\":1000,\"outputTokens\":30,"
                    "\"cacheReadTokens\":200,\"cacheWriteTokens\":0}}",
                    n || r ? "," : "", n, r, text, n, r, text);
    fprintf(f, "],\"system_prompt\":\"%s%s%s%s\"}\n", text, text, text, text);
    fclose(f);
}

static double hook(const char *name, const char *members)
{
    char *argv[] = {bench_cli_path(MOSAIC_CLI_PATH), "hook", "cline", NULL};
    char payload[2048];
    snprintf(payload, sizeof payload,
             "{\"clineVersion\":\"\",\"hookName\":\"%s\",\"timestamp\":"
             "\"2026-12-03T09:19:53.316Z\",\"taskId\":\"conv_1\",\"sessionContext\":{"
             "\"rootSessionId\":\"" SESSION "\"},\"workspaceRoots\":[\"/tmp\"],\"agent_id\":"
             "\"agent_1\",\"parent_agent_id\":null%s}",
             name, members);
    return bench_spawn_ms(argv, g_env, payload);
}

static void bench_hooks(int rounds)
{
    double *ms[3], *floor = calloc((size_t)rounds, sizeof *floor);
    for (int e = 0; e < 3; e++)
        ms[e] = calloc((size_t)rounds, sizeof *ms[e]);
    char *true_argv[] = {"/bin/true", NULL};
    for (int i = 0; i < rounds; i++) {
        ms[0][i] = hook("agent_start", ",\"taskStart\":{\"taskMetadata\":{}}");
        write_messages((unsigned)i + 1);
        ms[1][i] = hook("tool_result",
                        ",\"tool_result\":{\"id\":\"call_1\",\"name\":\"run_commands\",\"input\":"
                        "{\"commands\":[\"make test\"]},\"output\":[{\"query\":\"make test\","
                        "\"result\":\"ok\\n\",\"success\":true}]}");
        ms[2][i] = hook("agent_end", ",\"turn\":{\"outputText\":\"Fixed.\",\"status\":"
                                     "\"completed\"}");
        floor[i] = bench_spawn_ms(true_argv, g_env, "{}");
    }
    static const char *const names[] = {"cline_hook_task_start", "cline_hook_post_tool_use",
                                        "cline_hook_task_complete"};
    bench_report_hooks(names, ms, 3, floor, rounds);
    for (int e = 0; e < 3; e++)
        free(ms[e]);
    free(floor);
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/bench-cline-XXXXXX");
    if (!mkdtemp(g_dir))
        return 1;
    char sessions[600], cmd[800], extra[2][700];
    snprintf(sessions, sizeof sessions, "%s/home/.cline/data/sessions/" SESSION, g_dir);
    snprintf(cmd, sizeof cmd, "mkdir -p %s", sessions);
    if (system(cmd) != 0)
        return 1;
    snprintf(g_messages, sizeof g_messages, "%s/" SESSION ".messages.json", sessions);
    snprintf(cmd, sizeof cmd,
             "printf '{\"version\":1,\"model\":\"gpt-4.1\",\"prompt\":\"please fix the "
             "tests\"}' > %s/" SESSION ".json",
             sessions);
    if (system(cmd) != 0)
        return 1;
    snprintf(extra[0], sizeof extra[0], "HOME=%s/home", g_dir);
    snprintf(extra[1], sizeof extra[1], "MOSAIC_TELEMETRY_CLINE_GRACE_MS=0");
    const char *const vars[] = {extra[0], extra[1], NULL};
    g_env = bench_hook_env(g_dir, vars);
    bench_hooks(bench_quick() ? 10 : 200);
    bench_remove_tree(g_dir);
    return 0;
}
