/* bench_preload: what the preload shim costs a process tree.
 *
 * Per exec: a process forks, execs /bin/true and waits for it, EXECS times (and again with
 * posix_spawn), in three set-ups: without any preloaded object; with an empty shared object
 * preloaded (bench/CMakeLists.txt links it as the shim is linked), which is what preloading any
 * object costs; with the shim. With the shim, both that process and every /bin/true load it
 * inside a task (MOSAIC_TELEMETRY_PRELOAD_TASK names a channel in a temporary directory), so each
 * exec writes what a real run writes for a command that passes: its X record (a command that
 * fails adds the W its parent writes, adapters/preload/report.c). The cost is the CPU time of the
 * parent and its children (getrusage), which other loads of the machine disturb less than the
 * wall clock; the wall clock is shown too. Each round runs the three set-ups, in a rotating
 * order, and is short so that its runs meet the same state of the machine; each ratio is the
 * median of the rounds' own ratios.
 *
 * Memory: `cat /proc/self/smaps` run as a child with the shim: the shim's mappings, their Rss,
 * the part of it private to the process, and the part copied on write. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"

#define EXECS       400
#define ROUNDS      25
#define FLOOR_RATIO 1.10
#define SHIM_NAME   "libmosaic-telemetry-preload.so"
#define OUTPUT_MAX  (1 << 20)

extern char **environ;

/* ---- the measured process (this program, re-run with --loop) -------------------------------- */

static void one_fork_exec(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/true", "true", (char *)NULL);
        _exit(127);
    }
    waitpid(pid, NULL, 0);
}

static void one_spawn(void)
{
    char *argv[] = {"true", NULL};
    pid_t pid;
    if (posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ) == 0)
        waitpid(pid, NULL, 0);
}

static int64_t cpu_ns(void)
{
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    const struct timeval *t[] = {&self.ru_utime, &self.ru_stime, &children.ru_utime,
                                 &children.ru_stime};
    int64_t total = 0;
    for (size_t i = 0; i < 4; i++)
        total += (int64_t)t[i]->tv_sec * 1000000000 + (int64_t)t[i]->tv_usec * 1000;
    return total;
}

/* Prints "<wall ns> <cpu ns>" per exec. */
static int measure_loop(int n, const char *how)
{
    void (*one)(void) = strcmp(how, "spawn") == 0 ? one_spawn : one_fork_exec;
    one(); /* page in the paths once */
    int64_t wall = bench_now_ns(), cpu = cpu_ns();
    for (int i = 0; i < n; i++)
        one();
    printf("%.1f %.1f\n", (double)(bench_now_ns() - wall) / n, (double)(cpu_ns() - cpu) / n);
    return 0;
}

/* ---- the driver ------------------------------------------------------------------------------ */

/* The environment without the shim's variables, plus the given entries. */
static char **make_env(char *extra1, char *extra2)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 3, sizeof *env);
    size_t k = 0;
    for (size_t i = 0; env && i < n; i++)
        if (strncmp(environ[i], "LD_PRELOAD=", 11) != 0 &&
            strncmp(environ[i], "MOSAIC_TELEMETRY_PRELOAD_TASK=", 30) != 0)
            env[k++] = environ[i];
    if (env && extra1)
        env[k++] = extra1;
    if (env && extra2)
        env[k++] = extra2;
    return env;
}

/* Runs argv with env and returns its stdout (NUL-terminated, malloc'd), NULL on failure. */
static char *output_of(char *const argv[], char **env)
{
    int fds[2];
    if (pipe(fds) != 0)
        return NULL;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &actions, NULL, argv, env);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    char *out = rc == 0 ? malloc(OUTPUT_MAX) : NULL;
    size_t got = 0;
    ssize_t n;
    while (out && got + 1 < OUTPUT_MAX && (n = read(fds[0], out + got, OUTPUT_MAX - 1 - got)) > 0)
        got += (size_t)n;
    close(fds[0]);
    if (rc == 0)
        waitpid(pid, NULL, 0);
    if (out)
        out[got] = '\0';
    return out;
}

typedef struct cost {
    double wall, cpu; /* ns per exec */
} cost;

static cost loop_cost(const char *self, const char *how, int n, char **env)
{
    char count[16];
    snprintf(count, sizeof count, "%d", n);
    char *argv[] = {(char *)self, "--loop", count, (char *)how, NULL};
    char *out = output_of(argv, env);
    cost c = {0, 0};
    if (!out || sscanf(out, "%lf %lf", &c.wall, &c.cpu) != 2)
        fprintf(stderr, "bench_preload: the measuring process failed\n");
    free(out);
    return c;
}

/* What a round runs: no preloaded object, the empty one, the shim. */
enum { PLAIN, EMPTY, SHIM, SETUPS };

/* Medians over the rounds; the ratios are the medians of each round's own ratio, since a
 * round's runs met the same state of the machine. */
typedef struct summary {
    cost run[SETUPS];
    double cpu_ratio, wall_ratio; /* shim over plain */
    double empty_ratio;           /* empty object over plain */
    double vs_empty;              /* shim over empty object */
} summary;

static double ratio(double over, double under)
{
    return under > 0 ? over / under : 0;
}

static double median(double *values, int rounds)
{
    return bench_percentile(values, (size_t)rounds, 50);
}

static summary measure(const char *self, const char *how, int n, int rounds, char **env[SETUPS])
{
    double wall[SETUPS][ROUNDS], cpu[SETUPS][ROUNDS], ratios[4][ROUNDS];
    for (int r = 0; r < rounds; r++) {
        cost c[SETUPS];
        for (int i = 0; i < SETUPS; i++) {
            int setup = (r + i) % SETUPS;
            c[setup] = loop_cost(self, how, n, env[setup]);
            wall[setup][r] = c[setup].wall, cpu[setup][r] = c[setup].cpu;
        }
        ratios[0][r] = ratio(c[SHIM].cpu, c[PLAIN].cpu);
        ratios[1][r] = ratio(c[SHIM].wall, c[PLAIN].wall);
        ratios[2][r] = ratio(c[EMPTY].cpu, c[PLAIN].cpu);
        ratios[3][r] = ratio(c[SHIM].cpu, c[EMPTY].cpu);
    }
    summary s;
    for (int i = 0; i < SETUPS; i++)
        s.run[i] = (cost){median(wall[i], rounds), median(cpu[i], rounds)};
    s.cpu_ratio = median(ratios[0], rounds);
    s.wall_ratio = median(ratios[1], rounds);
    s.empty_ratio = median(ratios[2], rounds);
    s.vs_empty = median(ratios[3], rounds);
    return s;
}

static void report_exec(const char *how, const char *what, summary s, int n, int rounds)
{
    char name[64];
    snprintf(name, sizeof name, "preload_%s_plain", how);
    bench_report(name, s.run[PLAIN].cpu / 1000, "us",
                 "CPU per %s of /bin/true, parent and child, no shim; median of %d rounds of %d",
                 what, rounds, n);
    snprintf(name, sizeof name, "preload_%s_shim", how);
    bench_report(name, s.run[SHIM].cpu / 1000, "us",
                 "the same with the shim in the parent and the child, inside a task");
    snprintf(name, sizeof name, "preload_%s_ratio", how);
    bench_report(name, s.cpu_ratio, "x", "CPU per exec with the shim over without; floor %.2f",
                 FLOOR_RATIO);
    snprintf(name, sizeof name, "preload_%s_wall_ratio", how);
    bench_report(name, s.wall_ratio, "x",
                 "wall clock per exec with over without (%.0f us, %.0f us)",
                 s.run[SHIM].wall / 1000, s.run[PLAIN].wall / 1000);
    snprintf(name, sizeof name, "preload_%s_empty_so", how);
    bench_report(name, s.run[EMPTY].cpu / 1000, "us",
                 "the same with an empty shared object preloaded instead of the shim");
    snprintf(name, sizeof name, "preload_%s_empty_so_ratio", how);
    bench_report(name, s.empty_ratio, "x",
                 "CPU per exec with the empty object over without: preloading at all");
    snprintf(name, sizeof name, "preload_%s_vs_empty_so", how);
    bench_report(name, s.vs_empty, "x",
                 "CPU per exec with the shim over with the empty object: the shim's own work");
}

/* Sums a field ("Rss:") over the shim's mappings in smaps text, in KiB. A mapping's header
 * starts with its lowercase hex address; its fields with a capitalised name. */
static long shim_kib(const char *smaps, const char *field)
{
    long total = 0;
    bool in_shim = false;
    size_t field_len = strlen(field);
    for (const char *line = smaps; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if ((*line >= '0' && *line <= '9') || (*line >= 'a' && *line <= 'f'))
            in_shim = memmem(line, len, SHIM_NAME, strlen(SHIM_NAME)) != NULL;
        else if (in_shim && strncmp(line, field, field_len) == 0)
            total += atol(line + field_len);
        line += len + (end != NULL);
    }
    return total;
}

static void report_memory(char **shim)
{
    char *argv[] = {"/bin/cat", "/proc/self/smaps", NULL};
    char *smaps = output_of(argv, shim);
    if (!smaps) {
        fprintf(stderr, "bench_preload: cannot run /bin/cat\n");
        return;
    }
    bench_report("preload_child_shim_rss", (double)shim_kib(smaps, "Rss:"), "KiB",
                 "Rss of the shim's mappings in a child (cat), /proc/self/smaps");
    bench_report("preload_child_shim_private",
                 (double)(shim_kib(smaps, "Private_Clean:") + shim_kib(smaps, "Private_Dirty:")),
                 "KiB", "of which private to the child (not shared with other processes)");
    bench_report("preload_child_shim_anonymous", (double)shim_kib(smaps, "Anonymous:"), "KiB",
                 "of which copied on write (data, GOT): what each process pays for alone");
    free(smaps);
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--loop") == 0)
        return measure_loop(atoi(argv[2]), argv[3]);
    static const char header[] = "mosaic-telemetry-preload 2\n";
    char dir[] = "/tmp/bench-preload-XXXXXX", channel[64], task[128];
    if (!mkdtemp(dir))
        return 1;
    snprintf(channel, sizeof channel, "%s/mosaic-telemetry-task-1-bench", dir);
    int fd = open(channel, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || write(fd, header, sizeof header - 1) != (ssize_t)(sizeof header - 1))
        return 1;
    close(fd);
    /* Root pid 1: no process of the benchmark takes the root's role (and its finishing step). */
    snprintf(task, sizeof task, "MOSAIC_TELEMETRY_PRELOAD_TASK=1:%s", channel);
    char preload[] = "LD_PRELOAD=" MOSAIC_PRELOAD_SHIM,
         empty[] = "LD_PRELOAD=" MOSAIC_PRELOAD_EMPTY;
    char **plain = make_env(NULL, NULL), **shim = make_env(preload, task);
    char **with_empty = make_env(empty, NULL);
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (!plain || !shim || !with_empty || len <= 0)
        return 1;
    self[len] = '\0';
    int n = bench_quick() ? 200 : EXECS, rounds = bench_quick() ? 3 : ROUNDS;
    char **env[SETUPS] = {[PLAIN] = plain, [EMPTY] = with_empty, [SHIM] = shim};
    report_exec("exec", "fork+execl+waitpid", measure(self, "fork", n, rounds, env), n, rounds);
    report_exec("spawn", "posix_spawn+waitpid", measure(self, "spawn", n, rounds, env), n, rounds);
    report_memory(shim);
    unlink(channel);
    rmdir(dir);
    free(plain);
    free(with_empty);
    free(shim);
    return 0;
}
