/* The Codex adapter (docs/harnesses/codex.md): the hook's latency for UserPromptSubmit and Stop
 * (p50/p99 over rounds, the rollout growing by one turn per round, /bin/true started the same
 * way as the floor; grace 0, so Stop reads the rollout and appends the event itself), and rollout
 * parse throughput on a large generated rollout (the lines Codex 0.171.0 writes, a
 * token_usage_record per response). Figures only; nothing is decided. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"
#include "rollout.h"
#include "line_reader.h"

static char g_dir[64], g_rollout[512];
static char **g_env;

/* One turn as Codex writes it: its context, a tool call and its result, a response's usage,
 * the running total, and a long instructions line now and then (skipped unparsed). */
static void write_turn(FILE *f, unsigned n, uint64_t *total)
{
    static char output[2049];
    if (!output[0])
        memset(output, 'x', sizeof output - 1);
    const char *ts = "\"timestamp\":\"2026-12-03T07:36:38.000Z\"";
    fprintf(
        f,
        "{%s,\"type\":\"turn_context\",\"payload\":{\"turn_id\":\"t%u\",\"model\":\"gpt-5.5\"}}\n",
        ts, n);
    fprintf(f,
            "{%s,\"type\":\"response_item\",\"payload\":{\"type\":\"function_call\",\"name\":"
            "\"exec_command\",\"arguments\":\"{\\\"cmd\\\":\\\"make "
            "test\\\"}\",\"call_id\":\"c%u\"}}\n",
            ts, n);
    fprintf(f,
            "{%s,\"type\":\"token_usage_record\",\"payload\":{\"turn_id\":\"t%u\",\"response_id\":"
            "\"resp_%u\",\"usage\":{\"input_tokens\":2398,\"cached_input_tokens\":2176,"
            "\"cache_write_input_tokens\":0,\"output_tokens\":143,\"reasoning_output_tokens\":64,"
            "\"total_tokens\":2541}}}\n",
            ts, n, n);
    fprintf(
        f,
        "{%s,\"type\":\"event_msg\",\"payload\":{\"type\":\"item_completed\",\"item\":{\"type\":"
        "\"CommandExecution\",\"id\":\"c%u\",\"status\":\"completed\",\"aggregated_output\":"
        "\"%s\",\"exit_code\":0}}}\n",
        ts, n, output);
    fprintf(f,
            "{%s,\"type\":\"response_item\",\"payload\":{\"type\":\"function_call_output\","
            "\"call_id\":\"c%u\",\"output\":\"Process exited with code 0\\nOutput:\\n%s\"}}\n",
            ts, n, output);
    *total += 2398;
    fprintf(f,
            "{%s,\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{"
            "\"total_token_usage\":{\"input_tokens\":%llu,\"output_tokens\":%llu},"
            "\"model_context_window\":258400}}}\n",
            ts, (unsigned long long)*total, (unsigned long long)(*total / 16));
    if (n % 8 == 0)
        fprintf(f,
                "{%s,\"type\":\"response_item\",\"payload\":{\"type\":\"message\",\"role\":"
                "\"developer\",\"content\":[{\"type\":\"input_text\",\"text\":\"%s%s%s\"}]}}\n",
                ts, output, output, output);
}

static unsigned write_rollout(const char *path, long bytes)
{
    FILE *f = fopen(path, "a");
    uint64_t total = 0;
    unsigned n = 0;
    while (f && ftell(f) < bytes)
        write_turn(f, n++, &total);
    if (f)
        fclose(f);
    return n;
}

static void count(const cx_line *line, void *user)
{
    *(uint64_t *)user += line->kind == CX_LINE_RESPONSE;
}

typedef struct parse_run {
    const char *path;
    uint64_t responses, malformed;
} parse_run;

static void parse_once(void *ctx)
{
    parse_run *run = ctx;
    kit_file_pos pos = {0, 0};
    char err[600];
    run->responses = run->malformed = 0;
    kit_read_budget_set(UINT64_MAX); /* the reader's speed, not a hook's foreground bound */
    cx_rollout_read(run->path, &pos, count, &run->responses, &run->malformed, err, sizeof err);
}

static void bench_parse(long bytes)
{
    char path[600];
    snprintf(path, sizeof path, "%s/big-rollout.jsonl", g_dir);
    unsigned turns = write_rollout(path, bytes);
    struct stat st;
    stat(path, &st);
    parse_run run = {path, 0, 0};
    double best = bench_best_seconds(3, parse_once, &run);
    bench_report("codex_rollout_parse", (double)st.st_size / 1e6 / best, "MB/s",
                 "%.1f MB, %u turns, %llu responses found, %llu malformed", st.st_size / 1e6, turns,
                 (unsigned long long)run.responses, (unsigned long long)run.malformed);
    unlink(path);
}

static double hook(const char *event, const char *extra)
{
    char *argv[] = {bench_cli_path(MOSAIC_CLI_PATH), "hook", "codex", NULL};
    char payload[2048];
    snprintf(payload, sizeof payload,
             "{\"session_id\":\"01a23ad5-74d5-7002-a537-35c1ef2f581c\",\"turn_id\":\"t\","
             "\"transcript_path\":\"%s\",\"cwd\":\"/tmp\",\"hook_event_name\":\"%s\",\"model\":"
             "\"gpt-5.5\",\"permission_mode\":\"bypassPermissions\"%s}",
             g_rollout, event, extra);
    return bench_spawn_ms(argv, g_env, payload);
}

static void bench_hooks(int rounds)
{
    double *prompt = calloc((size_t)rounds, sizeof *prompt);
    double *stop = calloc((size_t)rounds, sizeof *stop);
    double *floor = calloc((size_t)rounds, sizeof *floor);
    char *true_argv[] = {"/bin/true", NULL};
    uint64_t total = 0;
    for (int i = 0; i < rounds; i++) {
        prompt[i] = hook("UserPromptSubmit", ",\"prompt\":\"please fix the failing test\"");
        FILE *f = fopen(g_rollout, "a");
        if (f) {
            write_turn(f, (unsigned)i, &total);
            fclose(f);
        }
        stop[i] = hook("Stop", ",\"stop_hook_active\":false,\"last_assistant_message\":\"done\"");
        floor[i] = bench_spawn_ms(true_argv, g_env, "{}");
    }
    const char *names[] = {"codex_hook_user_prompt_submit", "codex_hook_stop"};
    double *ms[] = {prompt, stop};
    bench_report_hooks(names, ms, 2, floor, rounds);
    free(prompt), free(stop), free(floor);
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/bench-codex-XXXXXX");
    if (!mkdtemp(g_dir))
        return 1;
    snprintf(g_rollout, sizeof g_rollout, "%s/rollout.jsonl", g_dir);
    static const char *const extra[] = {"MOSAIC_TELEMETRY_CODEX_GRACE_MS=0", NULL};
    g_env = bench_hook_env(g_dir, extra);
    if (!g_env)
        return 1;
    bool quick = bench_quick();
    bench_parse(quick ? 4L << 20 : 128L << 20);
    bench_hooks(quick ? 10 : 200);
    bench_remove_tree(g_dir);
    return 0;
}
