/* The predictions answer (POST /v1/predictions/batch, docs/protocol.md, "Predictions"): the body
 * parsed as core/predictions.c's store_results does (mt_json_parse, then "results" as an array),
 * each result read by mt_prediction_from_result. The refresh itself talks to a transport it
 * makes, so the body is fed to the two readers it calls. */
#include <json-c/json.h>

#include "fuzz_support.h"
#include "json.h"
#include "prediction.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_object *root = mt_json_parse((const char *)data, size, NULL, 0), *results;
    if (root && json_object_object_get_ex(root, "results", &results) &&
        json_object_is_type(results, json_type_array)) {
        size_t n = json_object_array_length(results);
        for (size_t i = 0; i < n; i++) {
            mosaic_prediction p = {.task_type = 1, .provider = 1, .complexity = 1};
            char err[200];
            mt_prediction_from_result(json_object_array_get_idx(results, i), &p, err, sizeof err);
        }
    }
    json_object_put(root);
    return 0;
}
