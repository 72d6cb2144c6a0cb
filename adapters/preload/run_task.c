/* The event a run becomes: its description (flags, MOSAIC_TELEMETRY_* variables, the program's
 * name), its outcome (the root's wait status), its gates (the channel), through the same task
 * lifecycle as the plugin ABI, appended to the spool; then a background flush. The command's
 * output belongs to the host, so this says nothing: stderr points at /dev/null meanwhile, and a
 * spool that cannot be written loses the event silently. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "emit.h"
#include "run.h"
#include "task.h"
#include "wire.h"

#define CMD "run"

/* Harnesses by the name of their program (the last component of argv[0]). */
static const struct {
    const char *program;
    mosaic_harness harness;
} HARNESS_PROGRAMS[] = {
    {"claude", MOSAIC_HARNESS_CLAUDE_CODE},  {"codex", MOSAIC_HARNESS_CODEX},
    {"gemini", MOSAIC_HARNESS_GEMINI_CLI},   {"aider", MOSAIC_HARNESS_AIDER},
    {"cursor-agent", MOSAIC_HARNESS_CURSOR}, {"cline", MOSAIC_HARNESS_CLINE},
    {"opencode", MOSAIC_HARNESS_OPENCODE},   {"goose", MOSAIC_HARNESS_GOOSE},
    {"copilot", MOSAIC_HARNESS_COPILOT_CLI}, {"amp", MOSAIC_HARNESS_AMP},
};

bool run_harness_of_program(const char *program, mosaic_harness *out)
{
    if (!program)
        return false;
    const char *slash = strrchr(program, '/');
    const char *name = slash ? slash + 1 : program;
    for (size_t i = 0; i < sizeof HARNESS_PROGRAMS / sizeof *HARNESS_PROGRAMS; i++) {
        if (strcmp(name, HARNESS_PROGRAMS[i].program) == 0) {
            *out = HARNESS_PROGRAMS[i].harness;
            return true;
        }
    }
    return false;
}

static void discard_log(mosaic_log_level level, const char *message, void *user)
{
    (void)level;
    (void)message;
    (void)user;
}

bool run_telemetry_on(void)
{
    mosaic_config *config = mosaic_config_new();
    if (config) {
        mosaic_config_set_log_callback(config, discard_log, NULL);
        mosaic_config_load_file(config, NULL, NULL, 0); /* a bad file: run_record_task says no */
    }
    bool on = config && mosaic_config_get_enabled(config) && mosaic_config_get_instance_id(config);
    mosaic_config_free(config);
    return on;
}

/* The flag, else the variable (a value that is not one of the enum's is ignored); -1: neither. */
static int enum_given(const char *flag, const char *variable, const mt_enum_table *table)
{
    const char *text = flag ? flag : getenv(variable);
    return text ? mt_enum_parse(table, text) : -1;
}

static void describe(const run_flags *flags, const char *program, const run_tree *tree,
                     mosaic_task_info *info)
{
    *info = (mosaic_task_info){.struct_size = sizeof *info};
    int value = enum_given(flags->task_type, "MOSAIC_TELEMETRY_TASK_TYPE", &mt_task_type_table);
    if (value >= 0) {
        info->task_type = (mosaic_task_type)value;
        info->given |= MOSAIC_TASK_INFO_TASK_TYPE;
    }
    value = enum_given(flags->complexity, "MOSAIC_TELEMETRY_COMPLEXITY", &mt_complexity_table);
    if (value >= 0) {
        info->complexity = (mosaic_complexity)value;
        info->given |= MOSAIC_TASK_INFO_COMPLEXITY;
    }
    mosaic_harness harness;
    value = enum_given(flags->harness, "MOSAIC_TELEMETRY_HARNESS", &mt_harness_table);
    if (value < 0)
        value = run_harness_of_program(program, &harness) ? (int)harness : tree->harness;
    if (value >= 0) {
        info->harness = (mosaic_harness)value;
        info->given |= MOSAIC_TASK_INFO_HARNESS;
    }
    info->model = flags->model ? flags->model : getenv("MOSAIC_TELEMETRY_MODEL");
}

/* A run ended by an interrupt or a termination request was cancelled; one out of time (an
 * alarm, the CPU limit) timed out; any other signal, or a non-zero exit, failed. */
static mosaic_outcome outcome_of(int wait_status)
{
    if (WIFEXITED(wait_status))
        return WEXITSTATUS(wait_status) == 0 ? MOSAIC_OUTCOME_SUCCESS : MOSAIC_OUTCOME_FAILURE;
    switch (WTERMSIG(wait_status)) {
    case SIGINT:
    case SIGTERM:
    case SIGHUP: return MOSAIC_OUTCOME_CANCELLED;
    case SIGALRM:
    case SIGXCPU: return MOSAIC_OUTCOME_TIMEOUT;
    default: return MOSAIC_OUTCOME_FAILURE;
    }
}

/* Builds the run's event and appends it to the spool; then the background flusher. */
static void record(const kit_host *host, const mosaic_config *config, const run_flags *flags,
                   const mosaic_task_info *info, const run_tree *tree, int64_t begin_ms,
                   int64_t end_ms, int wait_status)
{
    char err[256];
    mosaic_task *task = mt_task_begin(info, err, sizeof err);
    if (!task)
        return;
    task->started_ms = begin_ms; /* the run began before this process looked at it */
    for (size_t i = 0; i < tree->n_gates; i++)
        mt_task_gate(task, tree->gates[i].gate, tree->gates[i].passed);
    kit_emit e = {.who = CMD, .host = host, .config = config, .spool_flag = flags->spool_dir};
    char dir[4096];
    bool stored = kit_emit_task(&e, task, outcome_of(wait_status), end_ms, dir, sizeof dir);
    mt_task_free(task);
    if (stored)
        kit_start_flush(CMD, host, config, dir);
}

void run_record_task(const kit_host *host, const run_flags *flags, const char *program,
                     const run_tree *tree, int64_t begin_ms, int64_t end_ms, int wait_status)
{
    int saved_stderr = kit_mute(STDERR_FILENO);
    mosaic_config *config = NULL;
    if (kit_config_load(CMD, false, &config) == KIT_OK && mosaic_config_get_enabled(config)) {
        mosaic_task_info info;
        describe(flags, program, tree, &info);
        record(host, config, flags, &info, tree, begin_ms, end_ms, wait_status);
    }
    mosaic_config_free(config);
    kit_unmute(STDERR_FILENO, saved_stderr);
}
