/* The preload adapter's reader: the run of a command tree as one task, seen through the preload
 * shim (docs/harnesses/preload.md). The command's `run` (cli/cmd_run.c) supervises the command;
 * run_channel.c reads what the shim wrote; run_task.c turns that into the task's event in the
 * spool. */
#ifndef RUN_H
#define RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "channel.h"
#include "host.h"

/* ---- run_channel.c ----------------------------------------------------------------------------
 */

/* One gate result, in the order the results became known (the last one of a gate wins). */
typedef struct run_gate {
    mosaic_quality_gate gate;
    bool passed;
} run_gate;

/* What a channel says about its task. */
typedef struct run_tree {
    bool began, ended;        /* R and Z records (the bare form) */
    int64_t begin_ms, end_ms; /* CLOCK_MONOTONIC, from R and Z */
    int root_status;          /* wait status, from Z */
    char program[256];        /* the root's program as R names it ("" without R) */
    int harness;              /* the first known harness the tree ran (-1: none) */
    run_gate *gates;
    size_t n_gates;
} run_tree;

/* Creates an empty channel (mode 0600) where the shim would, its path into path. */
bool run_channel_create(char *path, size_t len);
/* Appends the root's end, as the bare form's root writes it: `run` knows it from waitpid. */
bool run_channel_end(const char *path, pid_t root, int wait_status);
/* Reads a channel; false when the file cannot be read or is not a channel. */
bool run_channel_read(const char *path, run_tree *out);
void run_tree_free(run_tree *tree);
/* Deletes the leftovers next to channel: channels a day old whose root is gone (a bare root
 * killed by a signal never finishes its task). */
void run_channel_sweep(const char *channel);

/* ---- run_task.c -------------------------------------------------------------------------------
 */

/* The task's description from the flags (NULL when absent), else MOSAIC_TELEMETRY_HARNESS,
 * _MODEL, _TASK_TYPE and _COMPLEXITY, else (harness) the program's name. */
typedef struct run_flags {
    const char *task_type, *model, *harness, *complexity, *spool_dir;
} run_flags;

/* The harness a program is (by the last component of its path); false when it is none known. */
bool run_harness_of_program(const char *program, mosaic_harness *out);

/* Whether telemetry is on and an event could be stored (enabled, an instance id). */
bool run_telemetry_on(void);

/* Builds the task's event, appends it to the spool and starts a background flush. Silent: a
 * task that cannot be stored is dropped without a word, since the command's output is the
 * host's. program is the root's (for the harness), wait_status how it ended. */
void run_record_task(const kit_host *host, const run_flags *flags, const char *program,
                     const run_tree *tree, int64_t begin_ms, int64_t end_ms, int wait_status);

#endif
