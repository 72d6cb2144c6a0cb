/* The preload shim (libmosaic-telemetry-preload.so): its state and the calls its files share.
 *
 * The constructor sets everything up once; afterwards the state is only read. That is what lets
 * the interposers run anywhere, between vfork and exec too: they use the stack, this state and
 * async-signal-safe system calls, never the heap, stdio or a lock. docs/harnesses/preload.md
 * describes the design; the channel's record format is in report.c. */
#ifndef MT_SHIM_H
#define MT_SHIM_H

#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "channel.h"

#define SHIM_TASK_VAR  MT_CHANNEL_TASK_VAR
#define SHIM_FILE_NAME MT_CHANNEL_SHIM_FILE
#define SHIM_PATH_MAX  1024 /* channel and program paths; longer ones turn the shim off */

/* The libc functions the shim stands in for: the only names it exports (shim.map). */
#define SHIM_EXPORT __attribute__((visibility("default")))

/* One record, one write(2): small enough to be written whole by every file system we meet. */
#define SHIM_RECORD_MAX 4096

typedef enum shim_role {
    SHIM_OFF,   /* not in a task (or telemetry off): every interposer passes straight through */
    SHIM_CHILD, /* a descendant of the task's root: reports what it runs and reaps */
    SHIM_ROOT,  /* the task's root: its exit ends the task */
} shim_role;

/* The functions the interposers wrap: the next definitions after the shim's (libc's). */
typedef struct shim_next_fns {
    int (*execve)(const char *path, char *const argv[], char *const envp[]);
    int (*execvpe)(const char *file, char *const argv[], char *const envp[]);
    int (*posix_spawn)(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                       const posix_spawnattr_t *attr, char *const argv[], char *const envp[]);
    int (*posix_spawnp)(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
                        const posix_spawnattr_t *attr, char *const argv[], char *const envp[]);
    int (*system)(const char *command);
    pid_t (*wait)(int *status);
    pid_t (*waitpid)(pid_t pid, int *status, int options);
    pid_t (*wait3)(int *status, int options, struct rusage *usage);
    pid_t (*wait4)(pid_t pid, int *status, int options, struct rusage *usage);
    int (*waitid)(idtype_t idtype, id_t id, siginfo_t *info, int options);
    void (*exit_now)(int status);     /* _exit */
    void (*exit_now_c99)(int status); /* _Exit */
} shim_next_fns;

typedef struct shim_state {
    shim_role role;
    pid_t root_pid;
    pid_t loaded_in; /* the process this image of the shim was loaded in (not a forked child) */
    bool reinject;   /* MOSAIC_TELEMETRY_PRELOAD_REINJECT: re-add LD_PRELOAD */
    /* Copies of environment entries, as this process got them: a program may write over its
     * environment's memory (to set its process title), so the originals are not kept. */
    const char *task_entry;    /* "MOSAIC_TELEMETRY_PRELOAD_TASK=<root pid>:<channel>" */
    const char *channel;       /* the absolute path in task_entry; NULL: no task */
    const char *preload_entry; /* "LD_PRELOAD=...", kept only for reinject */
} shim_state;

extern shim_next_fns shim_next;
extern shim_state shim;

/* Looks the wrapped functions up; the constructor does it, and an interposer called before the
 * constructor ran (from another library's constructor) does it then. */
void shim_resolve(void);

/* CLOCK_MONOTONIC in ns: records of different processes are ordered by it. */
int64_t shim_now_ns(void);

/* report.c: at most one record per call, written with one write(2) to the channel. */
/* type: 'X' for a new process's first command, 'E' for a process that execs again. before_exec:
 * the descriptor is left open for shim_report_exec_failed (a successful exec closes it), and
 * returned; otherwise -1. */
int shim_report_exec(char type, int64_t at_ns, pid_t pid, unsigned token, const char *path,
                     char *const argv[], bool before_exec);
void shim_report_exec_failed(pid_t pid, unsigned token, int fd);
void shim_report_end(pid_t pid, unsigned token, int wait_status); /* a reaped child */
void shim_report_root_begin(pid_t pid, const char *program);
void shim_report_root_end(pid_t pid, int wait_status);
/* Creates the channel file (mode 0600, header line); false when it cannot. */
bool shim_channel_create(const char *path);

/* env.c: the environment a child gets, so that it stays in the task (see env.c). Returns the
 * number of slots shim_env_fix needs, or 0 when envp can be passed as it is. */
size_t shim_env_slots(char *const envp[]);
char *const *shim_env_fix(char *const envp[], char **slots, size_t n_slots);
/* The entries of envp without the shim's two variables, for the finishing command. */
size_t shim_env_count(char *const envp[]);
void shim_env_strip(char *const envp[], char **slots, size_t n_slots);

/* root.c */
bool shim_root_begin(void);          /* a new task: the channel, named in the environment */
bool shim_root_arm(void);            /* the root (again after an exec): ready to end */
void shim_root_watch_exit(void);     /* the root's exit() will end the task */
void shim_root_end(int wait_status); /* the root exits: end record, finishing command */

#endif
