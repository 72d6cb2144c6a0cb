/* `run`: a command's whole process tree as one task. The command runs as a child with the
 * preload shim (adapters/preload/) in its environment and this process as the supervisor: it
 * learns the command's exact end (an exit status or a signal), then reads what the shim's
 * copies wrote to the task's channel, records the task and exits as the command did.
 *
 * `run --finish CHANNEL` is the other way in: the root of a bare `LD_PRELOAD=... command` task
 * starts it when it exits, detached, and it records that task. */
#define _GNU_SOURCE /* syscall() */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "clock.h"
#include "preload/run.h"
#include "shim_path.h"
#include "values.h"
#include "wire.h"

#define CMD "run"

extern char **environ;

static const cli_flag FLAGS[] = {
    {"task-type", "TYPE",
     "planning, implementation, code_review, ... (default MOSAIC_TELEMETRY_TASK_TYPE)"},
    {"model", "MODEL", "the model the agent runs (default MOSAIC_TELEMETRY_MODEL)"},
    {"harness", "HARNESS",
     "claude_code, codex, aider, ... (default MOSAIC_TELEMETRY_HARNESS, else by program name)"},
    {"complexity", "LEVEL",
     "low, medium, high or critical (default MOSAIC_TELEMETRY_COMPLEXITY, else by duration)"},
    CLI_SPOOL_DIR_FLAG,
};

static const cli_spec SPEC = {
    CMD,
    "[flags] [--] COMMAND [ARG...]",
    "Runs COMMAND with the preload shim, so that the commands of its whole process tree are\n"
    "seen. When it ends, records one task in the spool (its duration, its outcome from the exit\n"
    "status or signal, the quality gates its descendants ran) and starts a background flush.\n"
    "Exits as COMMAND did, and prints nothing of its own: telemetry problems are silent.",
    FLAGS,
    sizeof FLAGS / sizeof *FLAGS,
};

/* ---- the command line ------------------------------------------------------------------------ */

static bool takes_value(const char *arg)
{
    for (size_t i = 0; i < SPEC.n_flags; i++)
        if (strncmp(arg, "--", 2) == 0 && strcmp(arg + 2, SPEC.flags[i].name) == 0)
            return SPEC.flags[i].value_name != NULL;
    return false;
}

/* The command starts after "--", or at the first word that is neither a flag nor its value;
 * *flags_end is where run's own flags end. */
static int command_start(int argc, char **argv, int *flags_end)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0 || argv[i][0] != '-') {
            *flags_end = i;
            return argv[i][0] == '-' ? i + 1 : i;
        }
        if (takes_value(argv[i]))
            i++;
    }
    *flags_end = argc;
    return argc;
}

/* ---- the command's environment -------------------------------------------------------------- */

typedef struct child_env {
    char **env;
    char *preload, *task; /* the two entries made here */
} child_env;

static char *entry(const char *name, const char *first, const char *sep, const char *second)
{
    size_t len = strlen(name) + strlen(first) + strlen(sep) + strlen(second) + 2;
    char *text = malloc(len);
    if (text)
        snprintf(text, len, "%s=%s%s%s", name, first, sep, second);
    return text;
}

/* This environment with the shim added to LD_PRELOAD and the task's variable naming this
 * process as the root (so that no copy of the shim takes the role) and the channel. */
static bool make_env(const char *shim, const char *channel, child_env *out)
{
    *out = (child_env){0};
    size_t n = 0, kept = 0;
    while (environ[n])
        n++;
    const char *preload = "";
    out->env = calloc(n + 3, sizeof *out->env);
    for (size_t i = 0; out->env && i < n; i++) {
        if (strncmp(environ[i], "LD_PRELOAD=", 11) == 0)
            preload = environ[i] + 11;
        else if (strncmp(environ[i], MT_CHANNEL_TASK_VAR "=", sizeof MT_CHANNEL_TASK_VAR) != 0)
            out->env[kept++] = environ[i];
    }
    char pid[24];
    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    out->preload = strstr(preload, MT_CHANNEL_SHIM_FILE)
                       ? entry("LD_PRELOAD", preload, "", "")
                       : entry("LD_PRELOAD", preload, *preload ? ":" : "", shim);
    out->task = entry(MT_CHANNEL_TASK_VAR, pid, ":", channel);
    if (!out->env || !out->preload || !out->task)
        return false;
    out->env[kept++] = out->preload;
    out->env[kept] = out->task;
    return true;
}

static void free_env(child_env *e)
{
    free(e->env);
    free(e->preload);
    free(e->task);
}

/* ---- supervising ---------------------------------------------------------------------------- */

static volatile sig_atomic_t child_pid;

static void pass_on(int sig)
{
    if (child_pid > 0)
        kill((pid_t)child_pid, sig);
}

/* SIGINT and SIGQUIT come from the terminal to the whole foreground group, the command
 * included: the supervisor outlives them to see how the command took them. SIGTERM and SIGHUP
 * may be meant for this process alone (kill PID, a CI timeout): they are passed on. A signal the
 * caller ignores stays ignored, for the command too. Returns the signals the command must get
 * back at their default. */
static void take_signals(sigset_t *reset)
{
    static const int waited_out[] = {SIGINT, SIGQUIT}, passed_on[] = {SIGTERM, SIGHUP};
    struct sigaction old, forward = {.sa_handler = pass_on, .sa_flags = SA_RESTART};
    sigemptyset(&forward.sa_mask);
    sigemptyset(reset);
    for (size_t i = 0; i < 2; i++) {
        if (sigaction(waited_out[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL) {
            signal(waited_out[i], SIG_IGN);
            sigaddset(reset, waited_out[i]);
        }
        if (sigaction(passed_on[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
            sigaction(passed_on[i], &forward, NULL);
    }
}

/* Starts the command; 0 or an errno. Signals to pass on wait until its pid is known. */
static int spawn(char **command, char **env, pid_t *pid)
{
    sigset_t reset, block, before;
    take_signals(&reset);
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &before);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigdefault(&attr, &reset);
    posix_spawnattr_setsigmask(&attr, &before);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    int rc = posix_spawnp(pid, command[0], NULL, &attr, command, env);
    posix_spawnattr_destroy(&attr);
    if (rc == 0)
        child_pid = *pid;
    sigprocmask(SIG_SETMASK, &before, NULL);
    return rc;
}

static int wait_for(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return 1 << 8; /* cannot happen to our own child; a failure if it does */
    return status;
}

/* As a shell would: 127 when the command is not found, 126 when it cannot be run. */
static int cannot_run(const char *command, int error)
{
    cli_error(CMD, "%s: %s", command, strerror(error));
    return error == ENOENT ? 127 : 126;
}

/* Ends this process as the command ended: the same exit status, or the same signal. The
 * disposition is reset with the system call itself, since a sanitizer's runtime would keep
 * its own handler through sigaction(); the core, if any, was the command's to dump. */
static int exit_as(int wait_status)
{
    if (!WIFSIGNALED(wait_status))
        return WEXITSTATUS(wait_status);
    int sig = WTERMSIG(wait_status);
    fflush(NULL);
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    /* The kernel's struct sigaction, all zero: SIG_DFL; 8 is its sigset size (64 signals). */
    unsigned long default_action[8] = {0};
    if (syscall(SYS_rt_sigaction, sig, default_action, NULL, 8) != 0)
        signal(sig, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, sig);
    sigprocmask(SIG_UNBLOCK, &only, NULL);
    kill(getpid(), sig);
    return 128 + sig; /* a signal whose default is not to terminate */
}

static bool keep_channel(void)
{
    const char *keep = getenv("MOSAIC_TELEMETRY_PRELOAD_KEEP");
    return keep && strcmp(keep, "1") == 0;
}

/* CLI_OK, or CLI_USAGE after naming a flag whose value is not one of its enum's. */
static int check_flags(const run_flags *flags)
{
    int value;
    if ((flags->task_type &&
         !cli_parse_enum(CMD, "--task-type", &mt_task_type_table, flags->task_type, &value)) ||
        (flags->harness &&
         !cli_parse_enum(CMD, "--harness", &mt_harness_table, flags->harness, &value)) ||
        (flags->complexity &&
         !cli_parse_enum(CMD, "--complexity", &mt_complexity_table, flags->complexity, &value)))
        return CLI_USAGE;
    return CLI_OK;
}

static int supervise(const cli_globals *globals, const run_flags *flags, char **command)
{
    if (!run_telemetry_on()) {
        execvp(command[0], command); /* nothing to record: the command takes this process */
        return cannot_run(command[0], errno);
    }
    char shim[4096], channel[4096];
    child_env env = {0};
    char where[4600];
    bool found = cli_shim_find(shim, sizeof shim, where, sizeof where);
    if (!found) /* said, since the run's event then has no gates, files or languages */
        cli_error(CMD, "the preload shim %s is not %s: this run is recorded without gates",
                  MT_CHANNEL_SHIM_FILE, where);
    bool traced = found && run_channel_create(channel, sizeof channel);
    if (traced && !make_env(shim, channel, &env)) {
        unlink(channel);
        traced = false;
    }
    int64_t begin_ms = mt_monotonic_ms();
    pid_t pid;
    int rc = spawn(command, traced ? env.env : environ, &pid);
    int status = rc == 0 ? wait_for(pid) : 0;
    int64_t end_ms = mt_monotonic_ms();
    run_tree tree = {.harness = -1};
    if (traced && rc == 0 && run_channel_end(channel, pid, status))
        run_channel_read(channel, &tree);
    if (traced && !keep_channel())
        unlink(channel);
    if (traced)
        run_channel_sweep(channel);
    free_env(&env);
    if (rc != 0)
        return cannot_run(command[0], rc);
    run_record_task(&globals->host, flags, command[0], &tree, begin_ms, end_ms, status);
    run_tree_free(&tree);
    return exit_as(status);
}

/* The bare form's root has exited: its channel holds the whole task. */
static int finish(const cli_globals *globals, const char *channel)
{
    const char *slash = strrchr(channel, '/');
    if (!slash || strncmp(slash + 1, MT_CHANNEL_PREFIX, strlen(MT_CHANNEL_PREFIX)) != 0)
        return CLI_USAGE; /* only ever a channel: this deletes it */
    run_tree tree;
    if (run_channel_read(channel, &tree)) {
        if (tree.began && tree.ended) {
            run_flags none = {0};
            run_record_task(&globals->host, &none, tree.program, &tree, tree.begin_ms, tree.end_ms,
                            tree.root_status);
        }
        run_tree_free(&tree);
        if (!keep_channel())
            unlink(channel);
        run_channel_sweep(channel);
    }
    return CLI_OK;
}

int cli_cmd_run(const cli_globals *globals, int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--finish") == 0)
        return finish(globals, argv[2]);
    int flags_end;
    int start = command_start(argc, argv, &flags_end);
    cli_args args;
    int status = cli_args_parse(&SPEC, flags_end, argv, &args);
    if (status != CLI_OK)
        return status;
    if (start >= argc) {
        cli_error(CMD, "COMMAND: missing (see --help)");
        return CLI_USAGE;
    }
    run_flags flags = {cli_arg(&args, "task-type"), cli_arg(&args, "model"),
                       cli_arg(&args, "harness"), cli_arg(&args, "complexity"),
                       cli_arg(&args, "spool-dir")};
    status = check_flags(&flags);
    return status == CLI_OK ? supervise(globals, &flags, argv + start) : status;
}
