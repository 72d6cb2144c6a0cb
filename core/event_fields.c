/* The table of the event's wire fields (event_fields.h). */
#include "event_fields.h"

#define AT(member) offsetof(mosaic_event, member), sizeof(((mosaic_event *)0)->member)

/* Wire order: docs/protocol.md, "The event". */
const mt_event_field mt_event_fields[MT_EVENT_FIELD_COUNT] = {
    {"event_id", MT_FIELD_TEXT, AT(event_id), NULL},
    {"instance_id", MT_FIELD_TEXT, AT(instance_id), NULL},
    {"schema_version", MT_FIELD_SCHEMA, 0, 0, NULL},
    {"timestamp", MT_FIELD_TEXT, AT(timestamp), NULL},
    {"task_duration_ms", MT_FIELD_U64, AT(duration_ms), NULL},
    {"task_type", MT_FIELD_ENUM, AT(task_type), &mt_task_type_table},
    {"complexity", MT_FIELD_ENUM, AT(complexity), &mt_complexity_table},
    {"harness", MT_FIELD_ENUM, AT(harness), &mt_harness_table},
    {"model", MT_FIELD_TEXT, AT(model), NULL},
    {"provider", MT_FIELD_ENUM, AT(provider), &mt_provider_table},
    {"estimated_input_tokens", MT_FIELD_U64, AT(estimated_input_tokens), NULL},
    {"estimated_output_tokens", MT_FIELD_U64, AT(estimated_output_tokens), NULL},
    {"actual_input_tokens", MT_FIELD_U64, AT(actual_input_tokens), NULL},
    {"actual_output_tokens", MT_FIELD_U64, AT(actual_output_tokens), NULL},
    {"estimated_cost_usd_micros", MT_FIELD_U64, AT(estimated_cost_usd_micros), NULL},
    {"actual_cost_usd_micros", MT_FIELD_U64, AT(actual_cost_usd_micros), NULL},
    {"quality_gate_passed", MT_FIELD_BOOL, AT(quality_gate_passed), NULL},
    {"quality_gates_run", MT_FIELD_GATES, AT(gates_run), NULL},
    {"quality_gates_failed", MT_FIELD_GATES, AT(gates_failed), NULL},
    {"context_compactions", MT_FIELD_U32, AT(context_compactions), NULL},
    {"context_rotations", MT_FIELD_U32, AT(context_rotations), NULL},
    {"context_utilization_final", MT_FIELD_DOUBLE, AT(context_utilization_final), NULL},
    {"outcome", MT_FIELD_ENUM, AT(outcome), &mt_outcome_table},
    {"retry_count", MT_FIELD_U32, AT(retry_count), NULL},
    {"language", MT_FIELD_NULLABLE_TEXT, AT(language), NULL},
    {"repo_size_category", MT_FIELD_NULLABLE_ENUM, AT(repo_size), &mt_repo_size_table},
};
