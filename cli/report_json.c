/* `report --json`: the shape docs/cli.md gives, built with json-c (keys are outside text). */
#include <json-c/json.h>
#include <stdio.h>

#include "report.h"
#include "wire.h"

static json_object *figures_json(const hist_figures *f, const char *key)
{
    json_object *o = json_object_new_object();
    if (key)
        json_object_object_add(o, "key", json_object_new_string(key));
    json_object_object_add(o, "tasks", json_object_new_int64((int64_t)f->tasks));
    json_object *outcomes = json_object_new_object();
    for (int i = 0; i < HIST_OUTCOMES; i++)
        json_object_object_add(outcomes, mt_enum_str(&mt_outcome_table, i),
                               json_object_new_int64((int64_t)f->outcomes[i]));
    json_object_object_add(o, "outcomes", outcomes);
    json_object_object_add(o, "input_tokens", json_object_new_int64((int64_t)f->input_tokens));
    json_object_object_add(o, "output_tokens", json_object_new_int64((int64_t)f->output_tokens));
    json_object_object_add(o, "cost_usd_micros",
                           json_object_new_int64((int64_t)f->cost_usd_micros));
    double gates = hist_rate(f->gates_passed, f->gated);
    json_object_object_add(o, "gate_pass_rate", gates < 0 ? NULL : json_object_new_double(gates));
    json_object_object_add(o, "median_duration_ms",
                           json_object_new_int64((int64_t)f->median_duration_ms));
    return o;
}

bool cli_report_json(FILE *out, const hist_report *report, hist_group by)
{
    json_object *root = json_object_new_object();
    if (!root)
        return false;
    json_object_object_add(root, "by", json_object_new_string(hist_group_name(by)));
    json_object *rows = json_object_new_array();
    for (size_t i = 0; i < report->n; i++)
        json_object_array_add(rows, figures_json(&report->rows[i].figures, report->rows[i].key));
    json_object_object_add(root, "rows", rows);
    json_object_object_add(root, "total", figures_json(&report->total, NULL));
    const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE);
    bool ok = text && fprintf(out, "%s\n", text) > 0;
    json_object_put(root);
    return ok;
}
