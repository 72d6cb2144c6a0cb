/* One prediction as the server answered it, and its JSON both ways. */
#ifndef MT_PREDICTION_H
#define MT_PREDICTION_H

#include <json-c/json.h>

#include "event.h"

struct mosaic_prediction {
    /* The query it answers. */
    int task_type, provider, complexity;
    char model[MT_MODEL_MAX_BYTES + 1];
    /* The answer. */
    bool has_data;
    mosaic_distribution input_tokens, output_tokens, cost_usd_micros, duration_ms;
    double correction_input, correction_output;
    double gate_pass_rate, success_rate;
    uint64_t sample_size;
    int fallback_level;
    mosaic_confidence confidence;
    char last_updated[40];
    bool cache_hit;
};

/* Reads a result's "prediction" and "metadata" into p (whose query is already set). */
bool mt_prediction_from_result(json_object *result, mosaic_prediction *p, char *err, size_t errlen);
/* {"task_type":...,"model":...,"provider":...,"complexity":...} */
json_object *mt_query_to_object(int task_type, const char *model, int provider, int complexity);

#endif
