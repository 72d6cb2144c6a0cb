/* The Claude Code adapter: hook latency per event type (the real `mosaic-telemetry hook
 * claude-code` process, as Claude Code spawns it) and transcript parse throughput on a 50 MB
 * transcript, in process and through the hook, with ccusage on the same file for comparison.
 * Figures only; nothing here passes or fails. */
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
#include "collect.h"
#include "session_store.h"
#include "line_reader.h"

extern char **environ;

#define SESSION "bench-0000-4000-8000-000000000000"

static char g_dir[64]; /* the temp dir of the run */
static char g_transcript[512];
static char **g_env; /* the hook's environment */
static size_t g_env_n;

/* ---- a realistic transcript ------------------------------------------------------------ */

static uint64_t g_rand = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
    g_rand ^= g_rand << 13, g_rand ^= g_rand >> 7, g_rand ^= g_rand << 17;
    return (unsigned)(g_rand % n);
}

/* n bytes of JSON-escaped code-like text (newlines, quotes, backslashes as in real files). */
static void code_text(FILE *f, size_t n)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz_(){}[];=+-*/<>, 0123456789";
    for (size_t i = 0; i < n; i++) {
        unsigned r = rnd(100);
        if (r < 3)
            fputs("\\n", f);
        else if (r < 4)
            fputs("\\\"", f);
        else if (r == 4)
            fputs("\\\\", f);
        else
            fputc(alphabet[rnd(sizeof alphabet - 1)], f);
    }
}

static void line_head(FILE *f, const char *type, unsigned uuid, unsigned at_s)
{
    fprintf(f,
            "{\"parentUuid\":\"u-%u\",\"isSidechain\":false,\"userType\":\"external\","
            "\"cwd\":\"/work/demo\",\"sessionId\":\"" SESSION "\",\"version\":\"2.1.100\","
            "\"gitBranch\":\"main\",\"type\":\"%s\",\"uuid\":\"u-%u\","
            "\"timestamp\":\"2026-11-20T%02u:%02u:%02u.000Z\",",
            uuid, type, uuid + 1, 10 + at_s / 3600 % 12, at_s / 60 % 60, at_s % 60);
}

static void tool_result(FILE *f, unsigned *uuid, unsigned at_s)
{
    line_head(f, "user", (*uuid)++, at_s);
    fputs("\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"toolu_x\",\"type\":"
          "\"tool_result\",\"content\":\"",
          f);
    code_text(f, 1000 + rnd(24000));
    fputs("\",\"is_error\":false}]}}\n", f);
}

/* One API response written as its content blocks, one line each (same id and usage). */
static void response(FILE *f, unsigned *uuid, unsigned id, unsigned at_s, bool with_tool)
{
    unsigned blocks = 1 + rnd(2) + with_tool, in = rnd(50), out = 50 + rnd(3000);
    unsigned write = rnd(8000), read = 10000 + rnd(150000);
    for (unsigned b = 0; b < blocks; b++) {
        line_head(f, "assistant", (*uuid)++, at_s);
        fprintf(f,
                "\"requestId\":\"req_%08u\",\"message\":{\"id\":\"msg_%08u\",\"type\":"
                "\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
                "\"content\":[",
                id, id);
        if (with_tool && b == blocks - 1) {
            fputs("{\"type\":\"tool_use\",\"id\":\"toolu_x\",\"name\":\"Write\",\"input\":{"
                  "\"file_path\":\"/work/demo/src/x.ts\",\"content\":\"",
                  f);
            code_text(f, 500 + rnd(16000));
            fputs("\"}}", f);
        } else {
            fputs("{\"type\":\"text\",\"text\":\"", f);
            code_text(f, 100 + rnd(1500));
            fputs("\"}", f);
        }
        fprintf(f,
                "],\"stop_reason\":null,\"usage\":{\"input_tokens\":%u,"
                "\"cache_creation_input_tokens\":%u,\"cache_read_input_tokens\":%u,"
                "\"cache_creation\":{\"ephemeral_5m_input_tokens\":%u,"
                "\"ephemeral_1h_input_tokens\":0},\"output_tokens\":%u,"
                "\"service_tier\":\"standard\"}}}\n",
                in, write, read, write, out);
    }
}

/* Turns (a prompt, responses, tool results) until the file holds `bytes`; returns the number
 * of distinct responses. */
static unsigned write_transcript(const char *path, long bytes)
{
    FILE *f = fopen(path, "w");
    unsigned uuid = 0, id = 0;
    for (unsigned turn = 0; f && ftell(f) < bytes; turn++) {
        line_head(f, "user", uuid++, turn * 7);
        fputs("\"message\":{\"role\":\"user\",\"content\":\"Implement the next part\"}}\n", f);
        for (unsigned r = 0, n = 1 + rnd(4); r < n; r++) {
            bool tool = r + 1 < n;
            response(f, &uuid, id++, turn * 7 + r, tool);
            if (tool)
                tool_result(f, &uuid, turn * 7 + r);
        }
    }
    if (f)
        fclose(f);
    return id;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

/* ---- throughput in process -------------------------------------------------------------- */

/* cc_collect from offset 0 (a fresh seen set each time): the hook's whole read at Stop. */
static double parse_once(const char *state_dir, uint64_t *replies_out)
{
    cc_session *s = calloc(1, sizeof *s);
    kit_task_reset(&s->task);
    s->task.status = KIT_TASK_OPEN;
    snprintf(s->transcript, sizeof s->transcript, "%s", g_transcript);
    kit_store store = {.lock_fd = -1};
    snprintf(store.dir, sizeof store.dir, "%s", state_dir);
    snprintf(store.name, sizeof store.name, "parse");
    char seen[600], err[512];
    snprintf(seen, sizeof seen, "%s/parse.seen", state_dir);
    unlink(seen);
    kit_read_budget_set(UINT64_MAX); /* the reader's speed, not a hook's foreground bound */
    int64_t start = bench_now_ns();
    if (!cc_collect(s, &store, NULL, err, sizeof err))
        fprintf(stderr, "bench: %s\n", err);
    double seconds = (double)(bench_now_ns() - start) / 1e9;
    *replies_out = s->task.models[0].output;
    free(s);
    return seconds;
}

static void bench_parse(long bytes)
{
    char state[128];
    snprintf(state, sizeof state, "%s/parse-state", g_dir);
    mkdir(state, 0700);
    double best = 1e9, times[5];
    uint64_t output = 0;
    for (int i = 0; i < 5; i++) {
        times[i] = parse_once(state, &output);
        best = times[i] < best ? times[i] : best;
    }
    double median = bench_percentile(times, 5, 50);
    bench_report("claude_code_parse", (double)bytes / 1e6 / median, "MB/s",
                 "%.1f MB transcript, median of 5 (best %.0f MB/s), %.1f ms, %llu output tokens",
                 (double)bytes / 1e6, (double)bytes / 1e6 / best, median * 1e3,
                 (unsigned long long)output);
}

/* ---- the hook as a process ---------------------------------------------------------------- */

static void env_init(void)
{
    size_t n = 0;
    while (environ[n])
        n++;
    g_env = calloc(n + 16, sizeof *g_env);
    for (size_t i = 0; i < n; i++)
        /* MOSAIC_TELEMETRY_HISTORY passes: the hook timed with the local history on or off. */
        if (strncmp(environ[i], "MOSAIC_TELEMETRY_", 17) != 0 ||
            strncmp(environ[i], "MOSAIC_TELEMETRY_HISTORY=", 25) == 0)
            g_env[g_env_n++] = environ[i];
    static char vars[5][256];
    snprintf(vars[0], sizeof vars[0], "MOSAIC_TELEMETRY_STATE_DIR=%s/state", g_dir);
    snprintf(vars[1], sizeof vars[1], "MOSAIC_TELEMETRY_SPOOL_DIR=%s/spool", g_dir);
    snprintf(vars[2], sizeof vars[2], "MOSAIC_TELEMETRY_INSTANCE_ID=%s", BENCH_INSTANCE_ID);
    snprintf(vars[3], sizeof vars[3], "MOSAIC_TELEMETRY_CLAUDE_GRACE_MS=0");
    for (int i = 0; i < 4; i++)
        g_env[g_env_n++] = vars[i];
}

static void set_grace(const char *ms)
{
    static char var[64];
    snprintf(var, sizeof var, "MOSAIC_TELEMETRY_CLAUDE_GRACE_MS=%s", ms);
    for (size_t i = 0; i < g_env_n; i++)
        if (strncmp(g_env[i], "MOSAIC_TELEMETRY_CLAUDE_GRACE_MS=", 33) == 0)
            g_env[i] = var;
}

static double hook(const char *payload)
{
    char *argv[] = {bench_cli_path(MOSAIC_CLI_PATH), "hook", "claude-code", NULL};
    return bench_spawn_ms(argv, g_env, payload);
}

enum {
    EV_START,
    EV_PROMPT,
    EV_PRE,
    EV_POST_BASH,
    EV_POST_EDIT,
    EV_FAIL,
    EV_COMPACT,
    EV_SUBSTOP,
    EV_STOP,
    EV_END,
    EV_STOP_DEFERRED,
    EV_FLOOR,
    EV_TRUE,
    EV_COUNT
};
static const char *const EV_NAMES[EV_COUNT] = {
    "SessionStart",     "UserPromptSubmit", "PreToolUse",
    "PostToolUse_Bash", "PostToolUse_Edit", "PostToolUseFailure",
    "PreCompact",       "SubagentStop",     "Stop",
    "SessionEnd",       "Stop_deferred",    "process_floor",
    "true_baseline"};

static const char *const TEMPLATES[] = {
    [EV_START] = "\"hook_event_name\":\"SessionStart\",\"source\":\"startup\"",
    [EV_PROMPT] = "\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"Fix the crash when the "
                  "config file is missing, then add a test for it\"",
    [EV_PRE] = "\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\",\"tool_use_id\":\"t1\","
               "\"tool_input\":{\"command\":\"cd web && npm ci && npm test\"}",
    [EV_POST_BASH] = "\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Bash\",\"tool_use_id\":"
                     "\"t1\",\"tool_input\":{\"command\":\"cd web && npm ci && npm test\"},"
                     "\"tool_response\":{\"stdout\":\"Tests: 12 passed\",\"stderr\":\"\"}",
    [EV_POST_EDIT] = "\"hook_event_name\":\"PostToolUse\",\"tool_name\":\"Edit\",\"tool_input\":"
                     "{\"file_path\":\"/work/demo/src/app.ts\",\"old_string\":\"a\","
                     "\"new_string\":\"b\"}",
    [EV_FAIL] = "\"hook_event_name\":\"PostToolUseFailure\",\"tool_name\":\"Bash\","
                "\"tool_use_id\":\"t2\",\"tool_input\":{\"command\":\"npm run lint\"},"
                "\"error\":\"Exit code 1\\nlint errors\",\"is_interrupt\":false",
    [EV_COMPACT] = "\"hook_event_name\":\"PreCompact\",\"trigger\":\"auto\"",
    [EV_SUBSTOP] = "\"hook_event_name\":\"SubagentStop\",\"agent_id\":\"a1\"",
    [EV_STOP] = "\"hook_event_name\":\"Stop\",\"stop_hook_active\":false",
    [EV_END] = "\"hook_event_name\":\"SessionEnd\",\"reason\":\"prompt_input_exit\"",
    [EV_STOP_DEFERRED] = "\"hook_event_name\":\"Stop\",\"stop_hook_active\":false",
};

static void payload_of(int ev, const char *session, const char *transcript, char *out, size_t len)
{
    snprintf(out, len,
             "{\"session_id\":\"%s\",\"transcript_path\":\"%s\",\"cwd\":\"/work/demo\","
             "\"permission_mode\":\"default\",%s}",
             session, transcript, TEMPLATES[ev]);
}

static double hook_event(int ev, const char *session, const char *transcript)
{
    char payload[2048];
    payload_of(ev, session, transcript, payload, sizeof payload);
    return hook(payload);
}

/* The baseline of a hook: /bin/true started the same way, with the same payload on stdin. */
static double true_with(int ev, const char *session, const char *transcript)
{
    char payload[2048], *argv[] = {"/bin/true", NULL};
    payload_of(ev, session, transcript, payload, sizeof payload);
    return bench_spawn_ms(argv, g_env, payload);
}

/* Adds a task's worth of transcript (about 20 KB: two responses and a tool result). */
static void grow(const char *path, unsigned *id)
{
    FILE *f = fopen(path, "a");
    unsigned uuid = *id * 10;
    if (!f)
        return;
    response(f, &uuid, 90000000 + (*id)++, 0, true);
    tool_result(f, &uuid, 0);
    response(f, &uuid, 90000000 + (*id)++, 0, false);
    fclose(f);
}

/* One task in one session per round: every event type once, Stop made inline (grace 0). */
static void hook_rounds(int rounds, double *ms[EV_COUNT])
{
    char transcript[600];
    snprintf(transcript, sizeof transcript, "%s/rounds.jsonl", g_dir);
    fclose(fopen(transcript, "w"));
    unsigned id = 0;
    /* --help: the process starting and exiting, nothing loaded (version would load libcurl). */
    char *floor_argv[] = {bench_cli_path(MOSAIC_CLI_PATH), "--help", NULL};
    for (int r = 0; r < rounds; r++) {
        char session[64];
        snprintf(session, sizeof session, "bench-round-%d", r % 8);
        ms[EV_START][r] = hook_event(EV_START, session, transcript);
        ms[EV_PROMPT][r] = hook_event(EV_PROMPT, session, transcript);
        for (int ev = EV_PRE; ev <= EV_SUBSTOP; ev++)
            ms[ev][r] = hook_event(ev, session, transcript);
        ms[EV_TRUE][r] = true_with(EV_PRE, session, transcript); /* paired with PreToolUse */
        grow(transcript, &id);
        ms[EV_STOP][r] = hook_event(EV_STOP, session, transcript);
        ms[EV_END][r] = r % 8 == 7 ? hook_event(EV_END, session, transcript) : -1;
        ms[EV_FLOOR][r] = bench_spawn_ms(floor_argv, g_env, NULL);
    }
}

/* PreToolUse of Bash (the most frequent hook) over /bin/true, pair by pair: the machine's
 * drift cancels within a pair. */
static void report_vs_true(double *ms[EV_COUNT], int rounds)
{
    double *ratio = calloc((size_t)rounds, sizeof *ratio);
    size_t n = 0;
    for (int r = 0; ratio && r < rounds; r++)
        if (ms[EV_PRE][r] > 0 && ms[EV_TRUE][r] > 0)
            ratio[n++] = ms[EV_PRE][r] / ms[EV_TRUE][r];
    if (n > 0)
        bench_report("claude_code_hook_PreToolUse_vs_true", bench_percentile(ratio, n, 50), "x",
                     "median of %zu pairs, p90 %.2f x; /bin/true spawned the same way, same "
                     "payload on stdin",
                     n, bench_percentile(ratio, n, 90));
    free(ratio);
}

/* Stop as it normally runs: the task is marked ended and a finisher forked (grace 2 s). */
static void deferred_stops(int rounds, double *ms)
{
    set_grace("2000");
    char transcript[600];
    snprintf(transcript, sizeof transcript, "%s/deferred.jsonl", g_dir);
    fclose(fopen(transcript, "w"));
    unsigned id = 0;
    for (int r = 0; r < rounds; r++) {
        char session[64];
        snprintf(session, sizeof session, "bench-deferred-%d", r);
        hook_event(EV_PROMPT, session, transcript);
        grow(transcript, &id);
        ms[r] = hook_event(EV_STOP_DEFERRED, session, transcript);
    }
    set_grace("0");
    usleep(2500 * 1000); /* the finishers' turn, before anything else is measured */
}

static void report_latencies(double *ms[EV_COUNT], int rounds)
{
    for (int ev = 0; ev < EV_COUNT; ev++) {
        size_t n = 0;
        for (int r = 0; r < rounds; r++)
            if (ms[ev][r] >= 0)
                ms[ev][n++] = ms[ev][r];
        if (n == 0)
            continue;
        double p50 = bench_percentile(ms[ev], n, 50), p99 = bench_percentile(ms[ev], n, 99);
        char name[96];
        snprintf(name, sizeof name, "claude_code_hook_%s_p50", EV_NAMES[ev]);
        bench_report(name, p50, "ms", "p99 %.2f ms, %zu runs%s", p99, n,
                     ev == EV_FLOOR ? "; `mosaic-telemetry --help`: process start alone" : "");
    }
}

static void bench_hooks(int rounds)
{
    double *ms[EV_COUNT];
    for (int ev = 0; ev < EV_COUNT; ev++)
        ms[ev] = calloc((size_t)rounds, sizeof **ms);
    for (int r = 0; r < rounds; r++)
        ms[EV_STOP_DEFERRED][r] = -1;
    hook_rounds(rounds, ms);
    deferred_stops(rounds < 100 ? rounds : 100, ms[EV_STOP_DEFERRED]);
    report_vs_true(ms, rounds);
    report_latencies(ms, rounds);
    for (int ev = 0; ev < EV_COUNT; ev++)
        free(ms[ev]);
}

/* Stop over the whole 50 MB (a task whose transcript grew that much): the hook end to end. */
static double bench_big_stop(long bytes)
{
    char session[] = "bench-big-stop", path[600];
    snprintf(path, sizeof path, "%s/big-stop.jsonl", g_dir);
    hook_event(EV_PROMPT, session, path); /* no file yet: the task reads from offset 0 */
    if (link(g_transcript, path) != 0)
        return -1;
    double ms = hook_event(EV_STOP, session, path);
    bench_report("claude_code_hook_Stop_50MB", (double)bytes / 1e6 / (ms / 1e3), "MB/s",
                 "Stop reading %.1f MB since the offset: %.0f ms, process start included",
                 (double)bytes / 1e6, ms);
    return ms;
}

/* ---- ccusage on the same file ------------------------------------------------------------- */

static double ccusage_ms(const char *claude_dir)
{
    static char var[600];
    snprintf(var, sizeof var, "CLAUDE_CONFIG_DIR=%s", claude_dir);
    g_env[g_env_n] = var;
    g_env[g_env_n + 1] = NULL;
    char *argv[] = {"npx", "--yes", "ccusage@18.0.11", "session", "--json", "--offline", NULL};
    double ms = bench_spawn_ms(argv, g_env, NULL);
    g_env[g_env_n] = NULL;
    return ms;
}

static void bench_ccusage(long bytes, double our_stop_ms, double our_parse_mbs)
{
    char claude[600], project[700], link_path[800], tiny_dir[600];
    snprintf(claude, sizeof claude, "%s/claude", g_dir);
    snprintf(project, sizeof project, "%s/projects/-work-demo", claude);
    snprintf(tiny_dir, sizeof tiny_dir, "%s/claude-empty/projects/p", g_dir);
    char cmd[2400];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' '%s' && : > '%s/x.jsonl'", project, tiny_dir,
             tiny_dir);
    snprintf(link_path, sizeof link_path, "%s/" SESSION ".jsonl", project);
    if (system(cmd) != 0 || link(g_transcript, link_path) != 0 ||
        ccusage_ms(claude) < 0) { /* the first run may fetch the package */
        printf("bench claude_code_ccusage: skipped (npx ccusage@18.0.11 not runnable)\n");
        return;
    }
    double theirs = ccusage_ms(claude);
    snprintf(cmd, sizeof cmd, "%s/claude-empty", g_dir);
    double startup = ccusage_ms(cmd);
    bench_report("claude_code_ccusage_parse", (double)bytes / 1e6 / (theirs / 1e3), "MB/s",
                 "ccusage session --json --offline on the same %.1f MB: %.0f ms (%.0f ms of it "
                 "its start on an empty transcript)",
                 (double)bytes / 1e6, theirs, startup);
    bench_report("claude_code_vs_ccusage", theirs / our_stop_ms, "x",
                 "end to end, hook Stop %.0f ms vs ccusage %.0f ms; parser alone %.0f MB/s vs "
                 "ccusage without its start %.0f MB/s",
                 our_stop_ms, theirs, our_parse_mbs,
                 (double)bytes / 1e6 / ((theirs - startup) / 1e3));
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/bench-claude-code-XXXXXX");
    if (!mkdtemp(g_dir))
        return 1;
    snprintf(g_transcript, sizeof g_transcript, "%s/transcript.jsonl", g_dir);
    long target = bench_quick() ? 5L << 20 : 50L << 20;
    unsigned responses = write_transcript(g_transcript, target);
    long bytes = file_size(g_transcript);
    printf("# %ld bytes of transcript, %u responses\n", bytes, responses);
    env_init();
    bench_parse(bytes);
    double parse_mbs = 0;
    {
        char state[128];
        snprintf(state, sizeof state, "%s/parse-state", g_dir);
        uint64_t out;
        parse_mbs = (double)bytes / 1e6 / parse_once(state, &out);
    }
    bench_hooks(bench_quick() ? 20 : 200);
    double stop_ms = bench_big_stop(bytes);
    bench_ccusage(bytes, stop_ms, parse_mbs);
    bench_remove_tree(g_dir);
    return 0;
}
