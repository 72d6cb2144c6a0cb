#include "bench_util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "event.h" /* internal: only for sizeof(struct mosaic_event) */

int64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

bool bench_quick(void)
{
    const char *quick = getenv("BENCH_QUICK");
    return quick && strcmp(quick, "1") == 0;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_percentile(double *values, size_t n, double p)
{
    if (n == 0)
        return NAN;
    qsort(values, n, sizeof *values, compare_doubles);
    size_t rank = (size_t)ceil(p / 100.0 * (double)n); /* nearest rank, 1-based */
    return values[rank == 0 ? 0 : rank - 1];
}

void bench_report(const char *name, double figure, const char *unit, const char *context_fmt, ...)
{
    char context[512];
    va_list args;
    va_start(args, context_fmt);
    vsnprintf(context, sizeof context, context_fmt, args);
    va_end(args);
    /* Counts and large rates read best whole; small latencies and ratios need decimals. */
    bool whole = fabs(figure) >= 1000 || figure == floor(figure);
    printf("bench %s: %.*f %s (%s)\n", name, whole ? 0 : 2, figure, unit, context);
    fflush(stdout);
}

double bench_rate(void (*fn)(void *ctx), void *ctx, double seconds)
{
    int64_t start = bench_now_ns(), budget = (int64_t)(seconds * 1e9), elapsed = 0;
    uint64_t calls = 0;
    do {
        /* Reading the clock every 64 calls keeps its cost out of the figure. */
        for (int i = 0; i < 64; i++)
            fn(ctx);
        calls += 64;
        elapsed = bench_now_ns() - start;
    } while (elapsed < budget);
    return (double)calls * 1e9 / (double)elapsed;
}

double bench_best_seconds(int runs, void (*fn)(void *ctx), void *ctx)
{
    double best = 1e300;
    for (int i = 0; i < runs; i++) {
        int64_t start = bench_now_ns();
        fn(ctx);
        double s = (double)(bench_now_ns() - start) / 1e9;
        best = s < best ? s : best;
    }
    return best;
}

char *bench_cli_path(const char *built)
{
    const char *other = getenv("MOSAIC_BENCH_CLI");
    return (char *)(other && *other ? other : built);
}

mosaic_client *bench_client_new(const char *url, size_t max_queue_size, size_t batch_size,
                                mosaic_log_level log_level)
{
    mosaic_config *config = mosaic_config_new();
    if (!config)
        return NULL;
    mosaic_config_set_server_url(config, url);
    mosaic_config_set_api_key(config, BENCH_API_KEY);
    mosaic_config_set_instance_id(config, BENCH_INSTANCE_ID);
    mosaic_config_set_enabled(config, true);
    mosaic_config_set_dry_run(config, false);
    mosaic_config_set_max_queue_size(config, max_queue_size);
    mosaic_config_set_batch_size(config, batch_size);
    mosaic_config_set_log_level(config, log_level);
    mosaic_client *client = NULL;
    char err[256] = "";
    if (mosaic_client_new(config, &client, err, sizeof err) != MOSAIC_OK)
        fprintf(stderr, "bench: client not created: %s\n", err);
    mosaic_config_free(config);
    return client;
}

void bench_client_discard(mosaic_client *client)
{
    /* A zero deadline makes the final flush give up before it connects. */
    mosaic_client_stop(client, 0);
    mosaic_client_free(client);
}

mosaic_event_builder *bench_full_builder(void)
{
    static const mosaic_quality_gate run[] = {
        MOSAIC_QUALITY_GATE_BUILD, MOSAIC_QUALITY_GATE_LINT, MOSAIC_QUALITY_GATE_TEST,
        MOSAIC_QUALITY_GATE_TYPECHECK, MOSAIC_QUALITY_GATE_FORMAT};
    static const mosaic_quality_gate failed[] = {MOSAIC_QUALITY_GATE_TEST};
    mosaic_event_builder *b = mosaic_event_builder_new(BENCH_INSTANCE_ID);
    if (!b)
        return NULL;
    mosaic_event_builder_task_type(b, MOSAIC_TASK_TYPE_IMPLEMENTATION);
    mosaic_event_builder_model(b, "claude-sonnet-4-5-20250929");
    mosaic_event_builder_provider(b, MOSAIC_PROVIDER_ANTHROPIC);
    mosaic_event_builder_harness(b, MOSAIC_HARNESS_CLAUDE_CODE);
    mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_HIGH);
    mosaic_event_builder_outcome(b, MOSAIC_OUTCOME_PARTIAL);
    mosaic_event_builder_duration_ms(b, 183250);
    mosaic_event_builder_tokens(b, 105000, 45000, 118342, 39871);
    mosaic_event_builder_cost(b, 630000, 952113);
    mosaic_event_builder_quality(b, false, run, 5, failed, 1);
    mosaic_event_builder_context(b, 2, 1, 0.72);
    mosaic_event_builder_language(b, "typescript");
    mosaic_event_builder_repo_size(b, MOSAIC_REPO_SIZE_MEDIUM);
    mosaic_event_builder_retry_count(b, 1);
    return b;
}

mosaic_event *bench_full_event(void)
{
    mosaic_event_builder *b = bench_full_builder();
    mosaic_event *event = NULL;
    char err[256] = "";
    if (b && mosaic_event_builder_build(b, &event, err, sizeof err) != MOSAIC_OK)
        fprintf(stderr, "bench: event not built: %s\n", err);
    mosaic_event_builder_free(b);
    return event;
}

size_t bench_event_struct_size(void)
{
    return sizeof(struct mosaic_event);
}

/* ---- the reference server ---------------------------------------------------------------- */

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* The child: the server's "listening on" line would mix with our figures, so stdout goes to
 * /dev/null; stderr stays for its errors. */
static void exec_server(const char *python, const char *script, const char *port_file)
{
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0)
        dup2(devnull, STDOUT_FILENO);
    execlp(python, python, script, "--port", "0", "--port-file", port_file, "--quiet",
           (char *)NULL);
    _exit(127);
}

/* Reads the port the server wrote (it renames the file into place, so it is never partial). */
static int read_port(const char *port_file)
{
    FILE *f = fopen(port_file, "r");
    if (!f)
        return 0;
    int port = 0;
    if (fscanf(f, "%d", &port) != 1)
        port = 0;
    fclose(f);
    return port;
}

bool bench_server_start(bench_server *s, const char *python, const char *script)
{
    *s = (bench_server){.pid = -1};
    snprintf(s->dir, sizeof s->dir, "/tmp/mosaic-bench-XXXXXX");
    if (!mkdtemp(s->dir)) {
        perror("bench: mkdtemp");
        s->dir[0] = '\0';
        return false;
    }
    char port_file[96];
    snprintf(port_file, sizeof port_file, "%s/port", s->dir);
    fflush(NULL); /* the child must not inherit unwritten output */
    s->pid = fork();
    if (s->pid == 0)
        exec_server(python, script, port_file);
    if (s->pid < 0) {
        perror("bench: fork");
        return false;
    }
    for (int waited = 0; waited < 15000; waited += 20) {
        int port = read_port(port_file);
        if (port > 0) {
            snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", port);
            return true;
        }
        if (waitpid(s->pid, NULL, WNOHANG) == s->pid) {
            fprintf(stderr, "bench: the reference server exited before listening\n");
            s->pid = -1;
            return false;
        }
        sleep_ms(20);
    }
    fprintf(stderr, "bench: the reference server wrote no port within 15 s\n");
    return false;
}

void bench_server_stop(bench_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR) {
        }
        s->pid = -1;
    }
    if (s->dir[0]) {
        char port_file[96];
        snprintf(port_file, sizeof port_file, "%s/port", s->dir);
        unlink(port_file);
        rmdir(s->dir);
        s->dir[0] = '\0';
    }
}

double bench_spawn_ms(char *const argv[], char *const env[], const char *payload)
{
    signal(SIGPIPE, SIG_IGN); /* a write to a child gone is EPIPE, not a death */
    int in[2];
    if (pipe(in) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    int64_t start = bench_now_ns();
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env);
    close(in[0]);
    if (rc == 0 && payload && write(in[1], payload, strlen(payload)) < 0 && errno != EPIPE)
        rc = errno;
    close(in[1]);
    int status = 0;
    if (rc == 0)
        waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 ? (double)(bench_now_ns() - start) / 1e6 : -1;
}

/* Whether one of the "NAME=value" settings names entry's variable. */
static bool set_by(const char *const settings[], const char *entry)
{
    size_t name = strcspn(entry, "=");
    for (size_t i = 0; settings && settings[i]; i++)
        if (strncmp(settings[i], entry, name + 1) == 0)
            return true;
    return false;
}

char **bench_hook_env(const char *dir, const char *const extra[])
{
    extern char **environ;
    size_t have = 0, n_extra = 0;
    while (environ[have])
        have++;
    while (extra && extra[n_extra])
        n_extra++;
    char **env = calloc(have + n_extra + 4, sizeof *env);
    static char vars[3][320];
    size_t count = 0;
    if (!env)
        return NULL;
    for (size_t i = 0; i < have; i++)
        /* MOSAIC_TELEMETRY_HISTORY passes: the hook timed with the local history on or off. */
        if ((strncmp(environ[i], "MOSAIC_TELEMETRY_", 17) != 0 ||
             strncmp(environ[i], "MOSAIC_TELEMETRY_HISTORY=", 25) == 0) &&
            !set_by(extra, environ[i]))
            env[count++] = environ[i];
    snprintf(vars[0], sizeof vars[0], "MOSAIC_TELEMETRY_STATE_DIR=%s/state", dir);
    snprintf(vars[1], sizeof vars[1], "MOSAIC_TELEMETRY_SPOOL_DIR=%s/spool", dir);
    snprintf(vars[2], sizeof vars[2], "MOSAIC_TELEMETRY_INSTANCE_ID=%s", BENCH_INSTANCE_ID);
    for (int i = 0; i < 3; i++)
        env[count++] = vars[i];
    for (size_t i = 0; i < n_extra; i++)
        env[count++] = (char *)extra[i];
    return env;
}

void bench_report_hooks(const char *const names[], double *const ms[], size_t n_events,
                        double *floor, int rounds)
{
    double f50 = bench_percentile(floor, (size_t)rounds, 50);
    for (size_t e = 0; e < n_events; e++) {
        double p50 = bench_percentile(ms[e], (size_t)rounds, 50);
        double p99 = bench_percentile(ms[e], (size_t)rounds, 99);
        bench_report(names[e], p50, "ms p50",
                     "p99 %.2f ms; /bin/true p50 %.2f ms (%.2fx); %d rounds", p99, f50, p50 / f50,
                     rounds);
    }
}

void bench_remove_tree(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' 2>/dev/null", dir);
    for (int attempt = 0; attempt < 50; attempt++) {
        if (system(cmd) == 0)
            return;
        /* A finisher or flusher the hooks left behind still writes there. */
        nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
    }
    fprintf(stderr, "bench: %s could not be removed; remove it by hand\n", dir);
}
