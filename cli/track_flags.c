/* `track`'s event from flags: every flag parsed strictly, then the public builder, whose
 * one-line errors name the field for the rules it checks (ranges, model, language, gates). */
#include <stdint.h>
#include <stdio.h>

#include "track.h"
#include "values.h"

#define CMD "track"

/* Sets *out from --name when given; true when absent or valid. */
static bool u64_flag(const cli_args *args, const char *name, uint64_t max, uint64_t *out)
{
    const char *text = cli_arg(args, name);
    char what[48];
    snprintf(what, sizeof what, "--%s", name);
    return !text || cli_parse_u64(CMD, what, text, max, out);
}

/* The builder's enum setters, over int so that one table can hold them. */
static void set_task_type(mosaic_event_builder *b, int v)
{
    mosaic_event_builder_task_type(b, (mosaic_task_type)v);
}
static void set_provider(mosaic_event_builder *b, int v)
{
    mosaic_event_builder_provider(b, (mosaic_provider)v);
}
static void set_harness(mosaic_event_builder *b, int v)
{
    mosaic_event_builder_harness(b, (mosaic_harness)v);
}
static void set_complexity(mosaic_event_builder *b, int v)
{
    mosaic_event_builder_complexity(b, (mosaic_complexity)v);
}
static void set_outcome(mosaic_event_builder *b, int v)
{
    mosaic_event_builder_outcome(b, (mosaic_outcome)v);
}
static void set_repo_size(mosaic_event_builder *b, int v)
{
    mosaic_event_builder_repo_size(b, (mosaic_repo_size)v);
}

static const struct enum_flag {
    const char *flag;
    const mt_enum_table *table;
    void (*set)(mosaic_event_builder *b, int v);
} ENUM_FLAGS[] = {
    {"--task-type", &mt_task_type_table, set_task_type},
    {"--provider", &mt_provider_table, set_provider},
    {"--harness", &mt_harness_table, set_harness},
    {"--complexity", &mt_complexity_table, set_complexity},
    {"--outcome", &mt_outcome_table, set_outcome},
    {"--repo-size", &mt_repo_size_table, set_repo_size},
};

/* Flags left out keep the builder's defaults (or leave a required field unset). */
static bool apply_enums(const cli_args *args, mosaic_event_builder *b)
{
    for (size_t i = 0; i < sizeof ENUM_FLAGS / sizeof *ENUM_FLAGS; i++) {
        const struct enum_flag *f = &ENUM_FLAGS[i];
        const char *text = cli_arg(args, f->flag + 2);
        int value;
        if (!text)
            continue;
        if (!cli_parse_enum(CMD, f->flag, f->table, text, &value))
            return false;
        f->set(b, value);
    }
    return true;
}

/* --cost-usd and --cost-micros say the same thing: one of them, or the dollars converted. */
static bool cost_flag(const cli_args *args, const char *micros_name, const char *usd_name,
                      uint64_t *out)
{
    const char *usd = cli_arg(args, usd_name);
    if (usd && cli_arg(args, micros_name)) {
        cli_error(CMD, "--%s and --%s: give only one", usd_name, micros_name);
        return false;
    }
    char what[48];
    snprintf(what, sizeof what, "--%s", usd_name);
    return usd ? cli_parse_dollars(CMD, what, usd, out)
               : u64_flag(args, micros_name, UINT64_MAX, out);
}

static bool apply_counts(const cli_args *args, mosaic_event_builder *b)
{
    uint64_t duration = 0, est_in = 0, est_out = 0, in = 0, out = 0, est_cost = 0, cost = 0;
    uint64_t retries = 0, timestamp = 0;
    if (!u64_flag(args, "duration-ms", UINT64_MAX, &duration) ||
        !u64_flag(args, "estimated-tokens-in", UINT64_MAX, &est_in) ||
        !u64_flag(args, "estimated-tokens-out", UINT64_MAX, &est_out) ||
        !u64_flag(args, "tokens-in", UINT64_MAX, &in) ||
        !u64_flag(args, "tokens-out", UINT64_MAX, &out) ||
        !cost_flag(args, "estimated-cost-micros", "estimated-cost-usd", &est_cost) ||
        !cost_flag(args, "cost-micros", "cost-usd", &cost) ||
        !u64_flag(args, "retry-count", UINT32_MAX, &retries) ||
        !u64_flag(args, "timestamp-ms", INT64_MAX, &timestamp))
        return false;
    mosaic_event_builder_duration_ms(b, duration);
    mosaic_event_builder_tokens(b, est_in, est_out, in, out);
    mosaic_event_builder_cost(b, est_cost, cost);
    mosaic_event_builder_retry_count(b, (uint32_t)retries);
    mosaic_event_builder_timestamp_ms(b, (int64_t)timestamp);
    return true;
}

static bool apply_context(const cli_args *args, mosaic_event_builder *b)
{
    uint64_t compactions = 0, rotations = 0;
    double utilization = 0;
    const char *text = cli_arg(args, "context-utilization");
    if (!u64_flag(args, "compactions", UINT32_MAX, &compactions) ||
        !u64_flag(args, "rotations", UINT32_MAX, &rotations) ||
        (text && !cli_parse_decimal(CMD, "--context-utilization", text, &utilization)))
        return false;
    mosaic_event_builder_context(b, (uint32_t)compactions, (uint32_t)rotations, utilization);
    return true;
}

/* Gates: passed defaults to "none failed"; --gates-passed says otherwise explicitly. */
static bool apply_quality(const cli_args *args, mosaic_event_builder *b)
{
    mosaic_quality_gate run[16], failed[16];
    size_t n_run = 0, n_failed = 0;
    const char *run_text = cli_arg(args, "gates-run");
    const char *failed_text = cli_arg(args, "gates-failed");
    const char *passed_text = cli_arg(args, "gates-passed");
    if ((run_text && !cli_parse_gates(CMD, "--gates-run", run_text, run, 16, &n_run)) ||
        (failed_text &&
         !cli_parse_gates(CMD, "--gates-failed", failed_text, failed, 16, &n_failed)))
        return false;
    bool passed = n_failed == 0;
    if (passed_text && !cli_parse_bool(CMD, "--gates-passed", passed_text, &passed))
        return false;
    mosaic_event_builder_quality(b, passed, run, n_run, failed, n_failed);
    return true;
}

int cli_track_event_from_flags(const cli_args *args, const char *instance_id, mosaic_event **out)
{
    *out = NULL;
    mosaic_event_builder *b = mosaic_event_builder_new(instance_id);
    if (!b) {
        cli_error(CMD, "out of memory");
        return CLI_FAIL;
    }
    int status = CLI_USAGE;
    if (apply_enums(args, b) && apply_counts(args, b) && apply_context(args, b) &&
        apply_quality(args, b)) {
        /* NULL leaves them unset: the builder then names the missing required field. */
        if (cli_arg(args, "model"))
            mosaic_event_builder_model(b, cli_arg(args, "model"));
        if (cli_arg(args, "language"))
            mosaic_event_builder_language(b, cli_arg(args, "language"));
        char err[256] = "";
        mosaic_status built = mosaic_event_builder_build(b, out, err, sizeof err);
        if (built == MOSAIC_OK)
            status = CLI_OK;
        else
            cli_error(CMD, "%s", err[0] ? err : mosaic_status_str(built));
        if (built != MOSAIC_OK && built != MOSAIC_ERR_INVALID_EVENT)
            status = CLI_FAIL;
    }
    mosaic_event_builder_free(b);
    return status;
}
