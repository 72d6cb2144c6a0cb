#include "prediction.h"

#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "json.h"
#include "wire.h"

/* The four distributions, by their wire names (docs/protocol.md, "Predictions"). */
typedef struct distribution_field {
    const char *name;
    size_t offset;
} distribution_field;

static const distribution_field DISTRIBUTIONS[] = {
    {"input_tokens", offsetof(mosaic_prediction, input_tokens)},
    {"output_tokens", offsetof(mosaic_prediction, output_tokens)},
    {"cost_usd_micros", offsetof(mosaic_prediction, cost_usd_micros)},
    {"duration_ms", offsetof(mosaic_prediction, duration_ms)},
};
#define DISTRIBUTION_COUNT (sizeof DISTRIBUTIONS / sizeof *DISTRIBUTIONS)

typedef struct point_field {
    const char *name;
    size_t offset;
} point_field;

static const point_field POINTS[] = {
    {"p10", offsetof(mosaic_distribution, p10)},       {"p25", offsetof(mosaic_distribution, p25)},
    {"median", offsetof(mosaic_distribution, median)}, {"p75", offsetof(mosaic_distribution, p75)},
    {"p90", offsetof(mosaic_distribution, p90)},
};
#define POINT_COUNT (sizeof POINTS / sizeof *POINTS)

static bool get_number(json_object *object, const char *key, double *out)
{
    json_object *value;
    if (!json_object_object_get_ex(object, key, &value) ||
        !(json_object_is_type(value, json_type_int) ||
          json_object_is_type(value, json_type_double)))
        return false;
    *out = json_object_get_double(value);
    return true;
}

static bool read_distribution(json_object *object, mosaic_distribution *d)
{
    for (size_t i = 0; i < POINT_COUNT; i++)
        if (!get_number(object, POINTS[i].name, (double *)((char *)d + POINTS[i].offset)))
            return false;
    return true;
}

static bool read_prediction(json_object *pred, mosaic_prediction *p, char *err, size_t errlen)
{
    json_object *member;
    for (size_t i = 0; i < DISTRIBUTION_COUNT; i++) {
        mosaic_distribution *d = (mosaic_distribution *)((char *)p + DISTRIBUTIONS[i].offset);
        if (!json_object_object_get_ex(pred, DISTRIBUTIONS[i].name, &member) ||
            !read_distribution(member, d)) {
            mt_set_error(err, errlen, "prediction.%s: expected p10, p25, median, p75, p90",
                         DISTRIBUTIONS[i].name);
            return false;
        }
    }
    p->correction_input = p->correction_output = 1.0;
    if (json_object_object_get_ex(pred, "correction_factors", &member)) {
        get_number(member, "input", &p->correction_input);
        get_number(member, "output", &p->correction_output);
    }
    if (!json_object_object_get_ex(pred, "quality", &member) ||
        !get_number(member, "gate_pass_rate", &p->gate_pass_rate) ||
        !get_number(member, "success_rate", &p->success_rate)) {
        mt_set_error(err, errlen, "prediction.quality: expected gate_pass_rate and success_rate");
        return false;
    }
    return true;
}

static bool read_metadata(json_object *meta, mosaic_prediction *p, char *err, size_t errlen)
{
    json_object *value;
    double sample = 0, level = 0;
    /* Whole numbers in range only: converting any other double to an integer is undefined. */
    if (!get_number(meta, "sample_size", &sample) || !(sample >= 0 && sample <= 1e15) ||
        sample != floor(sample)) {
        mt_set_error(err, errlen, "metadata.sample_size: expected a whole number 0 to 1e15");
        return false;
    }
    p->sample_size = (uint64_t)sample;
    if (get_number(meta, "fallback_level", &level) &&
        (!(level >= 0 && level <= 1000) || level != floor(level))) {
        mt_set_error(err, errlen, "metadata.fallback_level: expected a whole number 0 to 1000");
        return false;
    }
    p->fallback_level = (int)level;
    int confidence = json_object_object_get_ex(meta, "confidence", &value)
                         ? mt_enum_parse(&mt_confidence_table, json_object_get_string(value))
                         : -1;
    if (confidence < 0) {
        mt_set_error(err, errlen, "metadata.confidence: expected none, low, medium or high");
        return false;
    }
    p->confidence = (mosaic_confidence)confidence;
    if (json_object_object_get_ex(meta, "last_updated", &value) &&
        json_object_is_type(value, json_type_string))
        snprintf(p->last_updated, sizeof p->last_updated, "%s", json_object_get_string(value));
    if (json_object_object_get_ex(meta, "cache_hit", &value) &&
        json_object_is_type(value, json_type_boolean))
        p->cache_hit = json_object_get_boolean(value);
    return true;
}

bool mt_prediction_from_result(json_object *result, mosaic_prediction *p, char *err, size_t errlen)
{
    json_object *pred = NULL, *meta = NULL;
    if (!json_object_is_type(result, json_type_object) ||
        !json_object_object_get_ex(result, "prediction", &pred) ||
        !json_object_object_get_ex(result, "metadata", &meta)) {
        mt_set_error(err, errlen, "result: expected prediction and metadata");
        return false;
    }
    p->has_data = pred != NULL; /* JSON null: the server had no data, a normal answer */
    if (p->has_data && !read_prediction(pred, p, err, errlen))
        return false;
    return read_metadata(meta, p, err, errlen);
}

json_object *mt_query_to_object(int task_type, const char *model, int provider, int complexity)
{
    json_object *q = json_object_new_object();
    if (!q)
        return NULL;
    json_object_object_add(q, "task_type",
                           json_object_new_string(mt_enum_str(&mt_task_type_table, task_type)));
    json_object_object_add(q, "model", json_object_new_string(model));
    json_object_object_add(q, "provider",
                           json_object_new_string(mt_enum_str(&mt_provider_table, provider)));
    json_object_object_add(q, "complexity",
                           json_object_new_string(mt_enum_str(&mt_complexity_table, complexity)));
    return q;
}

static json_object *distribution_object(const mosaic_distribution *d)
{
    json_object *object = json_object_new_object();
    for (size_t i = 0; object && i < POINT_COUNT; i++)
        json_object_object_add(
            object, POINTS[i].name,
            mt_json_new_double(*(const double *)((const char *)d + POINTS[i].offset)));
    return object;
}

static json_object *pair(const char *k1, double v1, const char *k2, double v2)
{
    json_object *object = json_object_new_object();
    if (object) {
        json_object_object_add(object, k1, mt_json_new_double(v1));
        json_object_object_add(object, k2, mt_json_new_double(v2));
    }
    return object;
}

static json_object *prediction_object(const mosaic_prediction *p)
{
    if (!p->has_data)
        return NULL;
    json_object *object = json_object_new_object();
    for (size_t i = 0; object && i < DISTRIBUTION_COUNT; i++)
        json_object_object_add(
            object, DISTRIBUTIONS[i].name,
            distribution_object(
                (const mosaic_distribution *)((const char *)p + DISTRIBUTIONS[i].offset)));
    if (object) {
        json_object_object_add(object, "correction_factors",
                               pair("input", p->correction_input, "output", p->correction_output));
        json_object_object_add(
            object, "quality",
            pair("gate_pass_rate", p->gate_pass_rate, "success_rate", p->success_rate));
    }
    return object;
}

static json_object *metadata_object(const mosaic_prediction *p)
{
    json_object *object = json_object_new_object();
    if (!object)
        return NULL;
    json_object_object_add(object, "sample_size", json_object_new_int64((int64_t)p->sample_size));
    json_object_object_add(object, "fallback_level", json_object_new_int(p->fallback_level));
    json_object_object_add(
        object, "confidence",
        json_object_new_string(mt_enum_str(&mt_confidence_table, (int)p->confidence)));
    json_object_object_add(object, "last_updated", json_object_new_string(p->last_updated));
    json_object_object_add(object, "cache_hit", json_object_new_boolean(p->cache_hit));
    return object;
}

MOSAIC_API char *mosaic_prediction_to_json(const mosaic_prediction *p)
{
    if (!p)
        return NULL;
    json_object *root = json_object_new_object();
    if (!root)
        return NULL;
    json_object_object_add(root, "query",
                           mt_query_to_object(p->task_type, p->model, p->provider, p->complexity));
    json_object_object_add(root, "prediction", prediction_object(p));
    json_object_object_add(root, "metadata", metadata_object(p));
    const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE);
    char *copy = text ? strdup(text) : NULL;
    json_object_put(root);
    return copy;
}

/* ---- accessors: a NULL prediction reads as "no data" ---------------------------------------- */

static const mosaic_prediction EMPTY;
#define OR_EMPTY(p) ((p) ? (p) : &EMPTY)

MOSAIC_API void mosaic_prediction_free(mosaic_prediction *p)
{
    free(p);
}
MOSAIC_API bool mosaic_prediction_has_data(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->has_data;
}
MOSAIC_API mosaic_distribution mosaic_prediction_input_tokens(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->input_tokens;
}
MOSAIC_API mosaic_distribution mosaic_prediction_output_tokens(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->output_tokens;
}
MOSAIC_API mosaic_distribution mosaic_prediction_cost_usd_micros(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->cost_usd_micros;
}
MOSAIC_API mosaic_distribution mosaic_prediction_duration_ms(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->duration_ms;
}
MOSAIC_API double mosaic_prediction_correction_input(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->correction_input;
}
MOSAIC_API double mosaic_prediction_correction_output(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->correction_output;
}
MOSAIC_API double mosaic_prediction_gate_pass_rate(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->gate_pass_rate;
}
MOSAIC_API double mosaic_prediction_success_rate(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->success_rate;
}
MOSAIC_API uint64_t mosaic_prediction_sample_size(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->sample_size;
}
MOSAIC_API int mosaic_prediction_fallback_level(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->fallback_level;
}
MOSAIC_API mosaic_confidence mosaic_prediction_confidence(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->confidence;
}
MOSAIC_API const char *mosaic_prediction_last_updated(const mosaic_prediction *p)
{
    return OR_EMPTY(p)->last_updated;
}
