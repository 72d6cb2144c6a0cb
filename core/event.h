/* The event as the core keeps it: a flat, fixed-size struct that track copies with no allocation
 * (so the queue can hold events by value), and the rules of docs/protocol.md, "The event". */
#ifndef MT_EVENT_H
#define MT_EVENT_H

#include <stddef.h>

#include "clock.h"
#include "mosaic/telemetry.h"
#include "random.h"

#define MT_MODEL_MAX_CHARS   100
#define MT_MODEL_MAX_BYTES   (MT_MODEL_MAX_CHARS * 4) /* UTF-8 */
#define MT_LANGUAGE_MAX      32
#define MT_TOKENS_MAX        100000000ull
#define MT_COST_MAX          100000000000ull
#define MT_DURATION_MAX      86400000ull
#define MT_CONTEXT_COUNT_MAX 10000u
#define MT_RETRY_COUNT_MAX   1000u
#define MT_FUTURE_SLACK_MS   (24LL * 3600 * 1000)
#define MT_REPO_SIZE_NULL    (-1)
/* An instance id is documented as a UUID; one of another shape is sent as given and the server
 * decides (docs/protocol.md, "The event"): 1 to 64 printable ASCII characters. */
#define MT_INSTANCE_ID_MAX 64

struct mosaic_event {
    char event_id[MT_UUID_LEN + 1];
    char instance_id[MT_INSTANCE_ID_MAX + 1];
    char timestamp[MT_TIMESTAMP_LEN + 1];
    char model[MT_MODEL_MAX_BYTES + 1];
    char language[MT_LANGUAGE_MAX + 1]; /* "" is JSON null */
    uint64_t duration_ms;
    uint64_t estimated_input_tokens, estimated_output_tokens;
    uint64_t actual_input_tokens, actual_output_tokens;
    uint64_t estimated_cost_usd_micros, actual_cost_usd_micros;
    double context_utilization_final;
    uint32_t context_compactions, context_rotations, retry_count;
    int task_type, complexity, harness, provider, outcome; /* enum values */
    int repo_size;                                         /* MT_REPO_SIZE_NULL for null */
    uint8_t gates_run, gates_failed;                       /* bit (1 << mosaic_quality_gate) */
    bool quality_gate_passed;
};

/* Checks every field rule; on failure writes "field: rule" into err and returns false.
 * now_unix_ms bounds the timestamp (not more than 24 h ahead). */
bool mt_event_check(const mosaic_event *event, int64_t now_unix_ms, char *err, size_t errlen);

/* The model and language rules alone, for inputs checked before they reach a builder. */
bool mt_instance_id_ok(const char *instance_id);
bool mt_model_ok(const char *model);
bool mt_language_ok(const char *language);

/* Bit masks of gates <-> arrays: false (and err) on an unknown gate or a duplicate. */
bool mt_gates_to_mask(const char *field, const mosaic_quality_gate *gates, size_t n, uint8_t *mask,
                      char *err, size_t errlen);

/* The event's compact JSON (json-c), malloc'd; *len gets its length. NULL when out of memory. */
char *mt_event_json(const mosaic_event *event, size_t *len);

#endif
