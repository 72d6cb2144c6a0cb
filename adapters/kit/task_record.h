/* A task in progress as a hook adapter keeps it between hook processes, in the session's state
 * file: what the hooks and the harness's logs reported so far, in a fixed-size record. The
 * prompt is never part of it: only the task type the classifier made of it. When the task ends,
 * the record is replayed into the plugin layer's task lifecycle (task_replay.c), which fills
 * the event's fields by the rules of docs/abi.md.
 *
 * Tokens follow the one token rule (docs/abi.md, "Tokens"): an adapter converts its harness's
 * figures before it adds them, so that input counts every prompt token (cache reads and writes
 * included) and output every completion token (reasoning included). */
#ifndef KIT_TASK_RECORD_H
#define KIT_TASK_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mosaic/telemetry.h"
#include "pricing.h"
#include "session_store.h"

#define KIT_MODELS        8   /* distinct models per task (as the task lifecycle keeps) */
#define KIT_MODEL_MAX     128 /* longer names are cut (the schema allows 100 characters) */
#define KIT_FILES         512 /* distinct touched files remembered per task */
#define KIT_FILE_NAME_MAX 96  /* "<hash>/<last path component>", enough for the language */
#define KIT_PENDING_GATES 32  /* gates started and not yet finished */
#define KIT_EXTRA_PATHS   8   /* side logs of the task (subagents) outside the usual place */

typedef enum kit_task_status { KIT_TASK_NONE = 0, KIT_TASK_OPEN, KIT_TASK_ENDED } kit_task_status;

typedef struct kit_model_tally {
    char name[KIT_MODEL_MAX]; /* "" for usage reported without a model */
    uint64_t input, output, cache_write, cache_read;
} kit_model_tally;

typedef struct kit_pending_gate {
    uint64_t key; /* what pairs the command's start with its result (a tool call id's hash) */
    int gate;     /* mosaic_quality_gate */
} kit_pending_gate;

typedef struct kit_task {
    kit_task_status status;
    char event_id[40];        /* chosen at the start, so that a retried emit is a duplicate */
    int64_t start_ms, end_ms; /* wall clock; end_ms set when the harness says the task ended */
    int64_t last_ms;          /* the last hook of the task */
    int64_t last_reply_ms;    /* the time of its last model response in the harness's log */
    int outcome;              /* mosaic_outcome, once ended */
    int task_type;            /* mosaic_task_type, -1 when the classifier was unsure */
    int provider;             /* mosaic_provider the harness named; -1: from the model's name */
    uint8_t gates_run, gates_failed;
    kit_pending_gate pending[KIT_PENDING_GATES];
    size_t n_pending;
    char files[KIT_FILES][KIT_FILE_NAME_MAX];
    size_t n_files;
    uint32_t compactions;
    uint32_t precompacts_unmatched; /* compactions a hook announced, not yet seen in the log */
    uint32_t rotations;             /* fresh contexts (a /clear) */
    kit_model_tally models[KIT_MODELS];
    size_t n_models;
    uint64_t cost_micros;    /* each response priced on its own */
    uint64_t context_used;   /* input + cache of the last main-thread response */
    uint64_t context_window; /* as the harness reports it; 0: the price table's */
    char extra_paths[KIT_EXTRA_PATHS][KIT_PATH_MAX];
    size_t n_extra_paths;
} kit_task;

/* Clears the task (status NONE). */
void kit_task_reset(kit_task *task);
/* Clears it and opens a new one at now_ms (wall clock), with a fresh event id. task_type: a
 * mosaic_task_type, or -1 when unknown. */
void kit_task_begin(kit_task *task, int64_t now_ms, int task_type);

/* One model response: its usage under the token rule, priced on its own (the long-context tier
 * is decided request by request), at_ms its time (0: unknown). main_thread: the response is the
 * session's own (not a subagent's), so its prompt size is the task's context use. */
void kit_task_add_response(kit_task *task, const char *model, const mt_usage *usage,
                           bool main_thread, int64_t at_ms);

/* A task that reached its end without any response in the harness's log (its first model
 * request failed) still ran on a model: the session's, added with no tokens so that the event
 * names it. Nothing is done when a response was added or model is "". */
void kit_task_default_model(kit_task *task, const char *model);

/* A gate's command started (key pairs it with its result); it finished: passed or failed (the
 * last result of a gate wins); it never finished (denied, interrupted): forgotten. */
void kit_task_gate_started(kit_task *task, uint64_t key, mosaic_quality_gate gate);
void kit_task_gate_finished(kit_task *task, uint64_t key, mosaic_quality_gate gate, bool passed);
void kit_task_gate_forgotten(kit_task *task, uint64_t key);
/* The gates still pending when the task ends: failed when failure_is_silent (a harness that
 * reports failed commands by saying nothing), else never run. */
void kit_task_settle_pending(kit_task *task, bool failure_is_silent);

/* A file the task touched: only the last path component is kept (it decides the language); a
 * hash of the whole path keeps distinct files apart. */
void kit_task_touch_file(kit_task *task, const char *path);
/* Ends an open task that its harness never ended (status ENDED), at its last sign of activity:
 * its last hook or its last response, whichever is later, kept within its start and now_ms. */
void kit_task_end_at_last_activity(kit_task *task, int64_t now_ms);

/* A side log to read with the task's own (false when the list is full or it is there). */
bool kit_task_add_extra_path(kit_task *task, const char *path);

/* The record in a state file: a json-c object (NULL for a task of status NONE), and back (a
 * member missing or of the wrong type reads as its zero). */
struct json_object;
struct json_object *kit_task_to_json(const kit_task *task);
void kit_task_from_json(struct json_object *object, kit_task *task);

#endif
