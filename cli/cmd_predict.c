/* `predict`: asks the server what a task like this usually takes, and prints it as a table or
 * as the server's JSON. */
#include <stdio.h>

#include "args.h"
#include "cli.h"
#include "values.h"

#define CMD "predict"

static const cli_flag FLAGS[] = {
    {"task-type", "TYPE", "planning, implementation, code_review, ... (required)"},
    {"model", "MODEL", "the model's name (required)"},
    {"provider", "PROVIDER", "anthropic, openai, google, ... (required)"},
    {"complexity", "LEVEL", "low, medium, high or critical (required)"},
    {"json", NULL, "print the server's answer as JSON instead of a table"},
};

static const cli_spec SPEC = {
    CMD,
    "--task-type T --model M --provider P --complexity C [--json]",
    "Prints the crowd-sourced prediction for a task: median and p10-p90 of tokens, cost and\n"
    "duration, gate pass and success rates, confidence and sample size.",
    FLAGS,
    sizeof FLAGS / sizeof *FLAGS,
};

static bool required_enum(const cli_args *args, const char *name, const mt_enum_table *table,
                          int *out)
{
    const char *text = cli_arg(args, name);
    char what[48];
    snprintf(what, sizeof what, "--%s", name);
    if (!text) {
        cli_error(CMD, "%s: required", what);
        return false;
    }
    return cli_parse_enum(CMD, what, table, text, out);
}

static int read_query(const cli_args *args, mosaic_prediction_query *q)
{
    int task_type, provider, complexity;
    if (!required_enum(args, "task-type", &mt_task_type_table, &task_type))
        return CLI_USAGE;
    q->model = cli_arg(args, "model");
    if (!q->model) {
        cli_error(CMD, "--model: required");
        return CLI_USAGE;
    }
    if (!required_enum(args, "provider", &mt_provider_table, &provider) ||
        !required_enum(args, "complexity", &mt_complexity_table, &complexity))
        return CLI_USAGE;
    q->task_type = (mosaic_task_type)task_type;
    q->provider = (mosaic_provider)provider;
    q->complexity = (mosaic_complexity)complexity;
    return CLI_OK;
}

static void print_row(const char *label, const char *p10, const char *median, const char *p90)
{
    printf("%-16s %14s %14s %14s\n", label, p10, median, p90);
}

typedef void (*format_fn)(double value, char *out, size_t len);

static void format_count(double value, char *out, size_t len)
{
    snprintf(out, len, "%.0f", value);
}

static void format_dollars(double micros, char *out, size_t len)
{
    snprintf(out, len, "$%.4f", micros / 1e6);
}

static void print_distribution(const char *label, mosaic_distribution d, format_fn format)
{
    char p10[32], median[32], p90[32];
    format(d.p10, p10, sizeof p10);
    format(d.median, median, sizeof median);
    format(d.p90, p90, sizeof p90);
    print_row(label, p10, median, p90);
}

static void print_table(const mosaic_prediction_query *q, const mosaic_prediction *p)
{
    printf("%s / %s / %s / %s\n", mosaic_task_type_str(q->task_type), q->model,
           mosaic_provider_str(q->provider), mosaic_complexity_str(q->complexity));
    if (!mosaic_prediction_has_data(p)) {
        printf("no prediction: the server has no data for this task yet\n");
        return;
    }
    print_row("", "p10", "median", "p90");
    print_distribution("input tokens", mosaic_prediction_input_tokens(p), format_count);
    print_distribution("output tokens", mosaic_prediction_output_tokens(p), format_count);
    print_distribution("cost", mosaic_prediction_cost_usd_micros(p), format_dollars);
    print_distribution("duration", mosaic_prediction_duration_ms(p), cli_format_duration);
    printf("%-16s %.0f%%\n", "gate pass rate", 100 * mosaic_prediction_gate_pass_rate(p));
    printf("%-16s %.0f%%\n", "success rate", 100 * mosaic_prediction_success_rate(p));
    printf("%-16s %s (fallback level %d)\n", "confidence",
           mosaic_confidence_str(mosaic_prediction_confidence(p)),
           mosaic_prediction_fallback_level(p));
    printf("%-16s %llu\n", "sample size", (unsigned long long)mosaic_prediction_sample_size(p));
}

static int print_prediction(const mosaic_prediction_query *q, const mosaic_prediction *p,
                            bool as_json)
{
    if (!as_json) {
        print_table(q, p);
        return CLI_OK;
    }
    char *json = mosaic_prediction_to_json(p);
    if (!json) {
        cli_error(CMD, "out of memory");
        return CLI_FAIL;
    }
    printf("%s\n", json);
    mosaic_free(json);
    return CLI_OK;
}

static int predict(const cli_args *args)
{
    mosaic_prediction_query query;
    int status = read_query(args, &query);
    mosaic_config *config = NULL;
    if (status == CLI_OK)
        status = kit_config_load(CMD, true, &config);
    if (status != CLI_OK)
        return status;
    /* A prediction needs no spool: the client must not open (or create) one. */
    mosaic_config_set_spool_dir(config, NULL);
    mosaic_client *client = NULL;
    char err[256] = "";
    mosaic_status result = mosaic_client_new(config, &client, err, sizeof err);
    if (result == MOSAIC_OK)
        result = mosaic_client_refresh_predictions(client, &query, 1);
    mosaic_prediction *p = client ? mosaic_client_get_prediction(client, &query) : NULL;
    if (result == MOSAIC_ERR_DISABLED || !mosaic_config_get_enabled(config)) {
        cli_error(CMD, "telemetry is disabled (MOSAIC_TELEMETRY_ENABLED): no predictions");
        status = CLI_FAIL;
    } else if (!p) {
        cli_error(CMD, "no answer from the server: %s%s%s", mosaic_status_str(result),
                  err[0] ? ": " : "", err);
        status = CLI_FAIL;
    } else {
        status = print_prediction(&query, p, cli_arg(args, "json") != NULL);
    }
    mosaic_prediction_free(p);
    mosaic_client_free(client);
    mosaic_config_free(config);
    return status;
}

int cli_cmd_predict(const cli_globals *globals, int argc, char **argv)
{
    (void)globals;
    cli_args args;
    int status = cli_args_parse(&SPEC, argc, argv, &args);
    return status == CLI_OK ? predict(&args) : status;
}
