/* The Gemini CLI adapter (docs/harnesses/gemini-cli.md): the hook's latency for BeforeAgent and
 * AfterAgent (p50/p99 over rounds, the chat file growing by one turn per round, /bin/true started
 * the same way as the floor; grace 0, so AfterAgent reads the chat file and appends the event
 * itself), and chat-file parse throughput on a large generated chat file (the records Gemini CLI
 * 0.61.0 writes: each response written twice, tool results, $set updates). Figures only; nothing
 * is decided. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_util.h"
#include "chat.h"
#include "line_reader.h"

static char g_dir[64], g_chat[512];
static char **g_env;

/* One turn as Gemini CLI writes it: the prompt, a response written again with its tool call and
 * the call's result (the long part, skipped unread), the result as a user message, the answer,
 * and the $set updates between them. */
static void write_turn(FILE *f, unsigned n)
{
    static char output[2049];
    if (!output[0])
        memset(output, 'x', sizeof output - 1);
    const char *ts = "\"timestamp\":\"2026-12-03T09:13:54.651Z\"";
    const char *tokens = "\"tokens\":{\"input\":4300,\"output\":25,\"cached\":4000,\"thoughts\":"
                         "12,\"tool\":0,\"total\":4337},\"model\":\"gemini-2.5-pro\"";
    fprintf(f, "{\"id\":\"u%u\",%s,\"type\":\"user\",\"content\":[{\"text\":\"fix it\"}]}\n", n,
            ts);
    fprintf(f, "{\"$set\":{\"lastUpdated\":\"2026-12-03T09:13:54.651Z\"}}\n");
    fprintf(f, "{\"id\":\"g%u\",%s,\"type\":\"gemini\",\"content\":\"\",\"thoughts\":[],%s}\n", n,
            ts, tokens);
    fprintf(f,
            "{\"id\":\"g%u\",%s,\"type\":\"gemini\",\"content\":\"\",\"thoughts\":[],%s,"
            "\"toolCalls\":[{\"id\":\"c%u\",\"name\":\"run_shell_command\",\"args\":{\"command\":"
            "\"make test\"},\"result\":[{\"functionResponse\":{\"id\":\"c%u\",\"name\":"
            "\"run_shell_command\",\"response\":{\"output\":\"Output: %s\\nProcess Group PGID: "
            "7\"}}}],\"status\":\"success\"}]}\n",
            n, ts, tokens, n, n, output);
    fprintf(f,
            "{\"id\":\"r%u\",%s,\"type\":\"user\",\"content\":[{\"functionResponse\":{\"id\":"
            "\"c%u\",\"name\":\"run_shell_command\",\"response\":{\"output\":\"Output: %s\"}}}]}\n",
            n, ts, n, output);
    fprintf(f, "{\"id\":\"a%u\",%s,\"type\":\"gemini\",\"content\":\"Done.\",\"thoughts\":[],%s}\n",
            n, ts, tokens);
}

static unsigned write_chat(const char *path, long bytes)
{
    FILE *f = fopen(path, "a");
    unsigned n = 0;
    if (f)
        fprintf(f, "{\"sessionId\":\"s\",\"projectHash\":\"p\",\"kind\":\"main\"}\n");
    while (f && ftell(f) < bytes)
        write_turn(f, n++);
    if (f)
        fclose(f);
    return n;
}

static void count(const gm_chat_rec *rec, void *user)
{
    *(uint64_t *)user += rec->kind == GM_REC_MESSAGE && rec->has_tokens;
}

typedef struct parse_run {
    const char *path;
    uint64_t records, malformed;
} parse_run;

static void parse_once(void *ctx)
{
    parse_run *run = ctx;
    kit_file_pos pos = {0, 0};
    char err[600];
    run->records = run->malformed = 0;
    kit_read_budget_set(UINT64_MAX); /* the reader's speed, not a hook's foreground bound */
    gm_chat_read(run->path, &pos, count, &run->records, &run->malformed, NULL, err, sizeof err);
}

static void bench_parse(long bytes)
{
    char path[600];
    snprintf(path, sizeof path, "%s/big-chat.jsonl", g_dir);
    unsigned turns = write_chat(path, bytes);
    struct stat st;
    stat(path, &st);
    parse_run run = {path, 0, 0};
    double best = bench_best_seconds(3, parse_once, &run);
    bench_report("gemini_chat_parse", (double)st.st_size / 1e6 / best, "MB/s",
                 "%.1f MB, %u turns, %llu records with tokens, %llu malformed", st.st_size / 1e6,
                 turns, (unsigned long long)run.records, (unsigned long long)run.malformed);
    unlink(path);
}

static double hook(const char *event, const char *extra)
{
    char *argv[] = {bench_cli_path(MOSAIC_CLI_PATH), "hook", "gemini-cli", NULL};
    char payload[2048];
    snprintf(payload, sizeof payload,
             "{\"session_id\":\"0b6a1c52-3f7e-4d1a-9e0b-5c2d8f4a7e61\",\"transcript_path\":\"%s\","
             "\"cwd\":\"/tmp\",\"hook_event_name\":\"%s\",\"timestamp\":"
             "\"2026-12-03T09:13:54.651Z\"%s}",
             g_chat, event, extra);
    return bench_spawn_ms(argv, g_env, payload);
}

static void bench_hooks(int rounds)
{
    double *before = calloc((size_t)rounds, sizeof *before);
    double *after = calloc((size_t)rounds, sizeof *after);
    double *floor = calloc((size_t)rounds, sizeof *floor);
    char *true_argv[] = {"/bin/true", NULL};
    write_chat(g_chat, 0);
    for (int i = 0; i < rounds; i++) {
        before[i] = hook("BeforeAgent", ",\"prompt\":\"please fix the failing test\"");
        FILE *f = fopen(g_chat, "a");
        if (f) {
            write_turn(f, (unsigned)i);
            fclose(f);
        }
        after[i] = hook("AfterAgent", ",\"prompt\":\"please fix the failing test\","
                                      "\"prompt_response\":\"Done.\",\"stop_hook_active\":false");
        floor[i] = bench_spawn_ms(true_argv, g_env, "{}");
    }
    const char *names[] = {"gemini_hook_before_agent", "gemini_hook_after_agent"};
    double *ms[] = {before, after};
    bench_report_hooks(names, ms, 2, floor, rounds);
    free(before), free(after), free(floor);
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/bench-gemini-XXXXXX");
    if (!mkdtemp(g_dir))
        return 1;
    snprintf(g_chat, sizeof g_chat, "%s/session-2026-12-03T09-13-0b6a1c52.jsonl", g_dir);
    static const char *const extra[] = {"MOSAIC_TELEMETRY_GEMINI_GRACE_MS=0", NULL};
    g_env = bench_hook_env(g_dir, extra);
    if (!g_env)
        return 1;
    bool quick = bench_quick();
    bench_parse(quick ? 4L << 20 : 128L << 20);
    bench_hooks(quick ? 10 : 200);
    bench_remove_tree(g_dir);
    return 0;
}
