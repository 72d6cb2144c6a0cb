/*
 * mosaic/plugin.h — the stable plugin ABI of libmosaic-telemetry.
 *
 * A harness (or an adapter for one) loads the library with dlopen() — or finds it already
 * loaded under LD_PRELOAD with dlsym(RTLD_DEFAULT, ...) — asks for a table of hook points by ABI
 * version, and reports what happens during a task. At task_end the library builds the task's
 * event by itself (duration, tokens, cost, gates, context figures, language, provider, ...) and
 * queues it for sending. No event field is filled by hand.
 *
 *     void *lib = dlopen("libmosaic-telemetry.so.1", RTLD_NOW | RTLD_LOCAL);
 *     mosaic_plugin_query_fn query = (mosaic_plugin_query_fn)dlsym(lib, "mosaic_plugin_query");
 *     const mosaic_plugin_v1 *mt = query(MOSAIC_PLUGIN_ABI_V1);
 *     mt->init(NULL);                        // MOSAIC_TELEMETRY_*, then the config file
 *     mosaic_task_info info = {.struct_size = sizeof info, .model = "claude-sonnet-4-5"};
 *     mosaic_task *task = mt->task_begin(&info);
 *     mt->task_tokens(task, 1200, 350, 0, 48000);
 *     mt->task_gate(task, MOSAIC_QUALITY_GATE_TEST, true);
 *     mt->task_end(task, MOSAIC_OUTCOME_SUCCESS);
 *     mt->shutdown(2000);
 *
 * The compatibility promise (docs/abi.md): the table and mosaic_task_info only grow at their
 * end; a member once published keeps its place, type and meaning; a caller checks struct_size
 * before using a member added after version 1. Every hook accepts a NULL task and does nothing
 * with it; no hook can crash or block the harness, and none prints to stdout.
 */
#ifndef MOSAIC_PLUGIN_H
#define MOSAIC_PLUGIN_H

#include <mosaic/telemetry.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MOSAIC_PLUGIN_ABI_V1 1u

/* A task between task_begin and task_end. Opaque; invalid after task_end. Hooks of one task may
 * be called from several threads. */
typedef struct mosaic_task mosaic_task;

/* Which of the enum members of mosaic_task_info the caller set (zero: none). */
#define MOSAIC_TASK_INFO_HARNESS    (1u << 0)
#define MOSAIC_TASK_INFO_PROVIDER   (1u << 1)
#define MOSAIC_TASK_INFO_TASK_TYPE  (1u << 2)
#define MOSAIC_TASK_INFO_COMPLEXITY (1u << 3)

/* What is known when a task begins; every member is optional, zero means "not given". Set
 * struct_size = sizeof(mosaic_task_info). A caller built against an older, smaller struct is
 * served (the missing members read as zero); a larger struct is accepted only when the bytes
 * this library does not know are all zero. Strings are copied. */
typedef struct mosaic_task_info {
    uint32_t struct_size;
    uint32_t given; /* MOSAIC_TASK_INFO_* bits for the four enums below */
    mosaic_harness harness;
    mosaic_provider provider;     /* else from the model's name */
    mosaic_task_type task_type;   /* else "unknown" (or from task_prompt) */
    mosaic_complexity complexity; /* else from tokens, files touched and duration */
    const char *model;            /* NULL: reported later with task_model or never */
    const char *language;         /* NULL: the most frequent among touched files */
    uint64_t context_window;      /* tokens; 0: from the price table */
} mosaic_task_info;

/* Version 1 of the hook table. Members are only ever appended. */
typedef struct mosaic_plugin_v1 {
    uint32_t struct_size; /* sizeof(mosaic_plugin_v1) of the library that answered */
    uint32_t abi_version; /* MOSAIC_PLUGIN_ABI_V1 */

    /* Starts telemetry with a copy of config (NULL: from MOSAIC_TELEMETRY_* and, under them,
     * the config file, as mosaic_config_load_file(config, NULL) reads it). Idempotent: a
     * second call while running returns MOSAIC_OK and changes nothing. An invalid config is
     * logged and returned, never fatal: tasks then go nowhere. */
    mosaic_status (*init)(const mosaic_config *config);
    /* Sends what is queued (at most timeout_ms) and stops. Tasks still open stay usable but
     * their events go nowhere until init is called again. */
    mosaic_status (*shutdown)(uint32_t timeout_ms);

    /* A task begins (the harness's pre-task hook). NULL only when memory runs out or info is
     * malformed (a larger struct with non-zero unknown bytes). info may be NULL. */
    mosaic_task *(*task_begin)(const mosaic_task_info *info);
    /* The model in use from now on (the task's model is the one with the most output tokens). */
    void (*task_model)(mosaic_task *task, const char *model);
    /* One model call's usage, added up. input excludes cache writes and reads (Anthropic's
     * convention); the event's actual input tokens are input + cache_write + cache_read. */
    void (*task_tokens)(mosaic_task *task, uint64_t input, uint64_t output, uint64_t cache_write,
                        uint64_t cache_read);
    void (*task_compaction)(mosaic_task *task); /* the context was compacted */
    void (*task_rotation)(mosaic_task *task);   /* the context was cleared / a new window */
    void (*task_context)(mosaic_task *task, uint64_t used_tokens); /* how full the context is */
    /* A quality gate ran. The last result of a gate wins: failed then passed counts as passed. */
    void (*task_gate)(mosaic_task *task, mosaic_quality_gate gate, bool passed);
    /* A file was touched; only its extension is kept (for the language). */
    void (*task_file)(mosaic_task *task, const char *path);
    void (*task_retry)(mosaic_task *task); /* the task was retried */
    /* The task ends (the post-task hook): builds the event, queues it, frees the task. Returns
     * MOSAIC_OK when the event was queued. */
    mosaic_status (*task_end)(mosaic_task *task, mosaic_outcome outcome);

    /* The cost the harness itself reported for the task so far, in micro-USD; once reported it
     * replaces the cost computed from the price table. */
    void (*task_cost)(mosaic_task *task, uint64_t cost_micros);
    /* The prompt that started the task: classified here into a task type (unless one was
     * given) and forgotten at once; it is never stored or sent. */
    void (*task_prompt)(mosaic_task *task, const char *prompt);
} mosaic_plugin_v1;

/* The hook table of the given ABI version (static storage), or NULL when that version is not
 * served. Safe to call at any time from any thread. */
MOSAIC_API const void *mosaic_plugin_query(uint32_t abi_version);
typedef const void *(*mosaic_plugin_query_fn)(uint32_t abi_version);

#ifdef __cplusplus
}
#endif

#endif /* MOSAIC_PLUGIN_H */
