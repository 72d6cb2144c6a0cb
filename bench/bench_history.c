/* bench_history: the local history's costs (docs/history.md, issue 14).
 *   - the flush's record step: events written pending in transactions of a batch;
 *   - `report` over 1 000 000 events, by day and by model, against a plain scan of the same rows
 *     by SQLite in the same run (the floor any report over them pays);
 *   - the whole command `mosaic-telemetry report --by day` over the same history (process start,
 *     config, open, query, format), wall and CPU, against the same plain scan;
 *   - `history import` of 100 000 JSON lines (read on a thread of its own while the main one
 *     writes), against parsing them alone in the same run.
 * BENCH_QUICK=1: 20 000 and 10 000 events. */
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"
#include "clock.h"
#include "event.h"
#include "hist_io.h"
#include "hist_record.h"
#include "hist_report.h"

#define BATCH   1000
#define DAYS    400
#define DAY_MS  (24LL * 3600 * 1000)
#define N_MODEL 6

static const char *const MODELS[N_MODEL] = {"claude-sonnet-4-5", "claude-opus-4-1", "gpt-5",
                                            "gpt-5-codex",       "gemini-2.5-pro",  "o3"};

/* Event i of a history spread over the last DAYS days, mixed models, outcomes and gates. */
static void make_event(mosaic_event *e, uint64_t i, int64_t now_ms)
{
    memset(e, 0, sizeof *e);
    mt_uuid_v4(e->event_id);
    snprintf(e->instance_id, sizeof e->instance_id, "%s", BENCH_INSTANCE_ID);
    mt_format_timestamp(now_ms - (int64_t)((i * 7919) % (DAYS * 86400)) * 1000, e->timestamp);
    snprintf(e->model, sizeof e->model, "%s", MODELS[i % N_MODEL]);
    e->duration_ms = 1000 + (i * 104729) % 3600000;
    e->actual_input_tokens = 1000 + (i * 31) % 200000;
    e->actual_output_tokens = 100 + (i * 17) % 20000;
    e->actual_cost_usd_micros = (i * 7) % 5000000;
    e->estimated_input_tokens = i % 3 ? 0 : e->actual_input_tokens + 500;
    e->outcome = (int)(i % 5);
    e->task_type = (int)(i % 4);
    e->harness = (int)(i % 3);
    e->complexity = 1;
    e->repo_size = MT_REPO_SIZE_NULL;
    e->gates_run = i % 2 ? 0x3 : 0;
    e->gates_failed = i % 6 == 1 ? 0x2 : 0;
    e->quality_gate_passed = e->gates_failed == 0;
}

static double seconds_since(int64_t start_ns)
{
    return (double)(bench_now_ns() - start_ns) / 1e9;
}

/* This process's CPU time in seconds: the machine is shared, so wall time alone says little. */
static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static hist_db *open_or_die(const char *path)
{
    hist_db *db = NULL;
    char err[512];
    if (!hist_open(path, true, &db, err, sizeof err)) {
        fprintf(stderr, "bench_history: %s\n", err);
        exit(1);
    }
    return db;
}

static void fill(hist_db *db, uint64_t n, int64_t now_ms)
{
    mosaic_event *batch = malloc(BATCH * sizeof *batch);
    char err[512];
    int64_t start = bench_now_ns();
    double cpu_start = cpu_s();
    for (uint64_t done = 0; done < n; done += BATCH) {
        size_t k = n - done < BATCH ? (size_t)(n - done) : BATCH;
        for (size_t j = 0; j < k; j++)
            make_event(&batch[j], done + j, now_ms);
        if (!hist_record(db, batch, k, HIST_PENDING, now_ms, err, sizeof err)) {
            fprintf(stderr, "bench_history: %s\n", err);
            exit(1);
        }
    }
    double s = seconds_since(start), cpu = cpu_s() - cpu_start;
    bench_report("history_record_rate", (double)n / s, "events/s",
                 "%llu events written pending in transactions of %d (the flush's step), %.0f "
                 "events per CPU second",
                 (unsigned long long)n, BATCH, (double)n / cpu);
    free(batch);
}

/* The floor: SQLite reading the same columns of every row, summing one. */
static double plain_scan_s(const char *path, double *cpu)
{
    sqlite3 *sql = NULL;
    sqlite3_stmt *stmt = NULL;
    sqlite3_open_v2(path, &sql, SQLITE_OPEN_READONLY, NULL);
    sqlite3_exec(sql, "PRAGMA mmap_size=1073741824", NULL, NULL, NULL); /* as the history's */
    sqlite3_prepare_v2(sql,
                       "SELECT time_ms, model, task_duration_ms, actual_input_tokens, "
                       "actual_output_tokens, actual_cost_usd_micros, estimated_input_tokens, "
                       "estimated_output_tokens, outcome, quality_gate_passed, "
                       "quality_gates_run <> '[]' FROM events",
                       -1, &stmt, NULL);
    int64_t start = bench_now_ns();
    double cpu_start = cpu_s();
    int64_t sum = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW)
        sum += sqlite3_column_int64(stmt, 5);
    double s = seconds_since(start);
    *cpu = cpu_s() - cpu_start;
    sqlite3_finalize(stmt);
    sqlite3_close(sql);
    return sum >= 0 ? s : s; /* sum is read: the loop is not optimised away */
}

static void time_report(hist_db *db, const char *path, uint64_t n)
{
    double floor_cpu = 0, floor_s = plain_scan_s(path, &floor_cpu);
    const hist_group groups[] = {HIST_BY_DAY, HIST_BY_MODEL, HIST_BY_WEEK};
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        hist_query q = {
            .by = groups[g], .then = HIST_NO_GROUP, .since_ms = INT64_MIN, .until_ms = INT64_MAX};
        hist_report r;
        char err[512];
        int64_t start = bench_now_ns();
        double cpu_start = cpu_s();
        if (!hist_report_run(db, &q, &r, err, sizeof err)) {
            fprintf(stderr, "bench_history: %s\n", err);
            exit(1);
        }
        double s = seconds_since(start), cpu = cpu_s() - cpu_start;
        char name[64];
        snprintf(name, sizeof name, "history_report_by_%s_ms", hist_group_name(groups[g]));
        bench_report(name, s * 1000.0, "ms",
                     "%llu events, %zu rows, %.0f ms of CPU; %.2fx a plain SQLite scan of the "
                     "same columns (%.0f ms, %.0f ms of CPU, same run)",
                     (unsigned long long)n, r.n, cpu * 1000.0, s / floor_s, floor_s * 1000.0,
                     floor_cpu * 1000.0);
        hist_report_free(&r);
    }
}

#define COMMAND_RUNS 3 /* the median is quoted: one run can meet another agent's burst */

static double children_cpu_s(void)
{
    struct rusage use;
    getrusage(RUSAGE_CHILDREN, &use);
    return (double)(use.ru_utime.tv_sec + use.ru_stime.tv_sec) +
           (double)(use.ru_utime.tv_usec + use.ru_stime.tv_usec) / 1e6;
}

/* One run of argv (stdout and stderr to /dev/null): its wall seconds, its CPU in *cpu. */
static double run_command(char *const argv[], char *const env[], double *cpu)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    double cpu_before = children_cpu_s();
    int64_t start = bench_now_ns();
    pid_t pid;
    int status = 0;
    if (posix_spawn(&pid, argv[0], &fa, NULL, argv, env) != 0 || waitpid(pid, &status, 0) < 0 ||
        !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench_history: %s report failed (status %d)\n", argv[0], status);
        exit(1);
    }
    double s = seconds_since(start);
    *cpu = children_cpu_s() - cpu_before;
    posix_spawn_file_actions_destroy(&fa);
    return s;
}

/* `mosaic-telemetry report --by day` as a user runs it, on the history at path (its config and
 * spool under dir, where there are none). */
static void time_command(const char *dir, const char *path, uint64_t n)
{
    double floor_cpu = 0, floor_s = plain_scan_s(path, &floor_cpu);
    char history[4300], config[4300];
    snprintf(history, sizeof history, "MOSAIC_TELEMETRY_HISTORY=%s", path);
    snprintf(config, sizeof config, "XDG_CONFIG_HOME=%s/config", dir);
    const char *const extra[] = {history, config, NULL};
    char **env = bench_hook_env(dir, extra);
    char *argv[] = {MOSAIC_CLI_PATH, "report", "--by", "day", NULL};
    double wall[COMMAND_RUNS], cpu[COMMAND_RUNS];
    for (int i = 0; i < COMMAND_RUNS; i++)
        wall[i] = run_command(argv, env, &cpu[i]);
    int median = 0; /* the run of the median wall time, with its own CPU time */
    for (int i = 0; i < COMMAND_RUNS; i++) {
        int below = 0;
        for (int j = 0; j < COMMAND_RUNS; j++)
            below += wall[j] < wall[i] || (wall[j] == wall[i] && j < i);
        if (below == COMMAND_RUNS / 2)
            median = i;
    }
    bench_report("history_report_command_ms", wall[median] * 1000.0, "ms",
                 "mosaic-telemetry report --by day, the whole process over %llu events, median of "
                 "%d; %.0f ms of CPU; %.2fx wall and %.2fx CPU a plain SQLite scan of the same "
                 "columns (%.0f ms, %.0f ms of CPU, same run)",
                 (unsigned long long)n, COMMAND_RUNS, cpu[median] * 1000.0, wall[median] / floor_s,
                 cpu[median] / floor_cpu, floor_s * 1000.0, floor_cpu * 1000.0);
    free(env);
}

/* n events as JSON lines in a temporary file. */
static FILE *jsonl(uint64_t n, int64_t now_ms)
{
    FILE *f = tmpfile();
    for (uint64_t i = 0; f && i < n; i++) {
        mosaic_event e;
        make_event(&e, i, now_ms);
        size_t len = 0;
        char *json = mt_event_json(&e, &len);
        fwrite(json, 1, len, f);
        fputc('\n', f);
        free(json);
    }
    return f;
}

static double parse_only_s(FILE *f)
{
    rewind(f);
    char *line = NULL;
    size_t cap = 0;
    int64_t start = bench_now_ns();
    while (getline(&line, &cap, f) > 0) {
        mosaic_event *e = NULL;
        char err[256];
        mosaic_event_from_json(line, &e, err, sizeof err);
        mosaic_event_free(e);
    }
    double s = seconds_since(start);
    free(line);
    return s;
}

static void time_import(const char *dir, uint64_t n, int64_t now_ms)
{
    FILE *f = jsonl(n, now_ms);
    double parse_s = parse_only_s(f);
    char path[4200];
    snprintf(path, sizeof path, "%s/import.sqlite3", dir);
    hist_db *db = open_or_die(path);
    rewind(f);
    hist_import_result r;
    char err[512];
    int64_t start = bench_now_ns();
    double cpu_start = cpu_s();
    bool ok = hist_import(db, f, now_ms, NULL, NULL, &r, err, sizeof err);
    double s = seconds_since(start), cpu = cpu_s() - cpu_start;
    if (!ok)
        fprintf(stderr, "bench_history: %s\n", err);
    bench_report("history_import_rate", (double)r.added / s, "events/s",
                 "%llu JSON lines, %.0f events per CPU second of its two threads; parsing and "
                 "checking them alone, on one: %.0f events/s, same run",
                 (unsigned long long)n, (double)r.added / cpu, (double)n / parse_s);
    hist_close(db);
    fclose(f);
}

int main(void)
{
    bool quick = bench_quick();
    uint64_t n = quick ? 20000 : 1000000, n_import = quick ? 10000 : 100000;
    char dir[] = "/tmp/bench-history-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[4200];
    snprintf(path, sizeof path, "%s/history.sqlite3", dir);
    int64_t now_ms = mt_realtime_ms();
    hist_db *db = open_or_die(path);
    fill(db, n, now_ms);
    time_report(db, path, n);
    hist_close(db);
    time_command(dir, path, n);
    time_import(dir, n_import, now_ms);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
