/* A task's record: what the hooks reported between task_begin and task_end, accumulated under
 * the task's own lock, and turned into an event by task_event.c. */
#ifndef MT_TASK_H
#define MT_TASK_H

#include <pthread.h>

#include "event.h"
#include "mosaic/plugin.h"
#include "pricing.h"

#define MT_TASK_MODELS     8   /* distinct models one task may report */
#define MT_TASK_LANGUAGES  16  /* distinct languages among touched files */
#define MT_TASK_FILE_SLOTS 512 /* distinct files counted exactly; beyond that, every touch */

typedef struct mt_model_use {
    char name[MT_MODEL_MAX_BYTES + 1];
    uint64_t output_tokens;
} mt_model_use;

typedef struct mt_language_count {
    const char *language; /* static, from the classifier */
    uint32_t files;
} mt_language_count;

struct mosaic_task {
    pthread_mutex_t lock;
    int64_t started_ms;    /* monotonic */
    mosaic_task_info info; /* strings below, not the caller's */
    char language_given[MT_LANGUAGE_MAX + 1];
    mt_model_use models[MT_TASK_MODELS];
    size_t model_count;
    int current_model; /* index into models, -1 before any */
    mt_usage unpriced; /* usage reported before any model was known */
    uint64_t input_tokens, output_tokens;
    uint64_t computed_cost_micros;
    bool cost_reported;
    uint64_t reported_cost_micros;
    uint8_t gates_run, gates_failed;
    uint32_t compactions, rotations, retries;
    uint64_t context_used;
    mt_language_count languages[MT_TASK_LANGUAGES];
    size_t language_count;
    uint64_t file_hashes[MT_TASK_FILE_SLOTS]; /* 0: empty slot */
    uint32_t files_touched;
};

/* NULL when info is malformed (a larger struct with non-zero unknown bytes) or memory runs out.
 * A member that breaks a rule (an unknown enum value, a model or language the schema refuses)
 * is ignored and named in err; the task still begins. */
mosaic_task *mt_task_begin(const mosaic_task_info *info, char *err, size_t errlen);
void mt_task_free(mosaic_task *task);

/* False (and the model ignored) when the schema would refuse the name. */
bool mt_task_model(mosaic_task *task, const char *model);
void mt_task_tokens(mosaic_task *task, uint64_t input, uint64_t output, uint64_t cache_write,
                    uint64_t cache_read);
void mt_task_compaction(mosaic_task *task);
void mt_task_rotation(mosaic_task *task);
void mt_task_context(mosaic_task *task, uint64_t used_tokens);
void mt_task_gate(mosaic_task *task, mosaic_quality_gate gate, bool passed);
void mt_task_file(mosaic_task *task, const char *path);
void mt_task_retry(mosaic_task *task);
void mt_task_cost(mosaic_task *task, uint64_t cost_micros);
void mt_task_prompt(mosaic_task *task, const char *prompt);

/* The estimate a cached prediction gives for the task's four dimensions (zeros when none). */
typedef struct mt_estimate {
    uint64_t input_tokens, output_tokens, cost_micros;
} mt_estimate;
typedef bool (*mt_estimate_fn)(const mosaic_prediction_query *query, mt_estimate *out, void *user);

/* Builds the task's event (task_event.c). now_ms is monotonic, for the duration. */
mosaic_status mt_task_build_event(mosaic_task *task, mosaic_outcome outcome,
                                  const char *instance_id, int64_t now_ms, mt_estimate_fn estimate,
                                  void *estimate_user, mosaic_event **out, char *err,
                                  size_t errlen);

#endif
