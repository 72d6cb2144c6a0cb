/* `track`: one event from flags or JSON, validated, appended durably to the spool; `--now`
 * sends the spool at once. Works offline: only an instance id is needed. */
#include <stdio.h>
#include <string.h>

#include "emit.h"
#include "history_feed.h"
#include "track.h"

#define CMD "track"

static const cli_flag FLAGS[] = {
    {"task-type", "TYPE", "planning, implementation, code_review, ... (default unknown)"},
    {"model", "MODEL", "the model's name, e.g. claude-sonnet-4-5-20250929 (required)"},
    {"provider", "PROVIDER", "anthropic, openai, google, ... (default unknown)"},
    {"harness", "HARNESS", "claude_code, codex, aider, ... (default unknown)"},
    {"complexity", "LEVEL", "low, medium, high or critical (required)"},
    {"outcome", "OUTCOME", "success, failure, partial, timeout or cancelled (required)"},
    {"duration-ms", "MS", "how long the task took"},
    {"tokens-in", "N", "actual input tokens (cache reads and writes included)"},
    {"tokens-out", "N", "actual output tokens"},
    {"estimated-tokens-in", "N", "estimated input tokens (0: no estimate)"},
    {"estimated-tokens-out", "N", "estimated output tokens"},
    {"cost-micros", "N", "actual cost in micro-USD (1 USD = 1 000 000)"},
    {"cost-usd", "USD", "actual cost in dollars, e.g. 0.42 (instead of --cost-micros)"},
    {"estimated-cost-micros", "N", "estimated cost in micro-USD"},
    {"estimated-cost-usd", "USD", "estimated cost in dollars"},
    {"gates-run", "LIST", "quality gates run, comma-separated: build,lint,test,..."},
    {"gates-failed", "LIST", "the gates of --gates-run that failed"},
    {"gates-passed", "BOOL", "whether the gates passed (default: true when none failed)"},
    {"compactions", "N", "context compactions"},
    {"rotations", "N", "context rotations"},
    {"context-utilization", "X", "final context utilization, 0.0 to 1.0"},
    {"language", "LANG", "main language, lowercase, e.g. typescript"},
    {"repo-size", "SIZE", "tiny, small, medium, large or huge"},
    {"retry-count", "N", "retries the task needed"},
    {"timestamp-ms", "MS", "when the task ended, ms since the Unix epoch (default: now)"},
    {"instance-id", "UUID", "this instance (default MOSAIC_TELEMETRY_INSTANCE_ID)"},
    {"json", "FILE", "read the event from a JSON file instead of flags ('-': stdin)"},
    {"now", NULL, "also send the spool now (bounded by the request timeout)"},
    CLI_SPOOL_DIR_FLAG,
};

static const cli_spec SPEC = {
    CMD,
    "--model M --complexity C --outcome O [flags] | --json FILE [flags]",
    "Records one task-completion event in the spool (durably: it survives this process), and\n"
    "prints its event id. Send it later with `flush`, or now with --now. With --json the\n"
    "document's fields are used as given; those it leaves out are filled in (a new event_id,\n"
    "the current timestamp, schema_version, instance_id, the builder's defaults).",
    FLAGS,
    sizeof FLAGS / sizeof *FLAGS,
};

/* Flags that carry an event field: they cannot be mixed with --json. */
static const char *field_flag_given(const cli_args *args)
{
    static const char *const not_fields[] = {"json", "now", "spool-dir", "instance-id"};
    for (size_t i = 0; i < SPEC.n_flags; i++) {
        bool is_field = true;
        for (size_t j = 0; j < sizeof not_fields / sizeof *not_fields; j++)
            is_field = is_field && strcmp(SPEC.flags[i].name, not_fields[j]) != 0;
        if (is_field && args->values[i])
            return SPEC.flags[i].name;
    }
    return NULL;
}

static int build_event(const cli_args *args, const mosaic_config *config, mosaic_event **out)
{
    const char *instance_id = cli_arg(args, "instance-id");
    if (!instance_id)
        instance_id = mosaic_config_get_instance_id(config);
    const char *json = cli_arg(args, "json");
    if (json) {
        const char *mixed = field_flag_given(args);
        if (mixed) {
            cli_error(CMD, "--json and --%s: give the event one way, flags or JSON", mixed);
            return CLI_USAGE;
        }
        return cli_track_event_from_json(json, instance_id, out);
    }
    if (!instance_id) {
        cli_error(CMD, "instance_id: required, not set (set MOSAIC_TELEMETRY_INSTANCE_ID or pass "
                       "--instance-id)");
        return CLI_USAGE;
    }
    return cli_track_event_from_flags(args, instance_id, out);
}

/* --now: the event is already safe in the spool, so a failed send is said, not an error. */
static void send_now(const mosaic_config *config, mt_spool *spool)
{
    mt_spool_flush_result result;
    char why[256];
    int64_t timeout_ms = (int64_t)(config->request_timeout_seconds * 1000.0);
    mosaic_status status = cli_flush_spool(config, spool, timeout_ms, &result, why, sizeof why);
    if (status != MOSAIC_OK || result.kept > 0)
        cli_error(CMD, "not sent now (%s%s%s); kept in the spool for the next flush",
                  mosaic_status_str(status), why[0] ? ": " : "", why);
}

static int track(const cli_globals *globals, const cli_args *args)
{
    bool now = cli_arg(args, "now") != NULL;
    mosaic_config *config = NULL;
    /* --now needs the whole config: checked before anything is stored. */
    int status = kit_config_load(CMD, now, &config);
    if (status == CLI_OK && (status = cli_history_setting_check(CMD, config)) != CLI_OK)
        mosaic_config_free(config);
    if (status != CLI_OK)
        return status;
    if (!mosaic_config_get_enabled(config)) {
        cli_error(CMD, "telemetry is disabled (MOSAIC_TELEMETRY_ENABLED): nothing recorded");
        mosaic_config_free(config);
        return CLI_OK;
    }
    mosaic_event *event = NULL;
    mt_spool *spool = NULL;
    status = build_event(args, config, &event);
    if (status == CLI_OK)
        status = kit_spool_open(CMD, cli_arg(args, "spool-dir"), &globals->host, config, &spool);
    char err[512] = "";
    if (status == CLI_OK && mt_spool_append(spool, event, 1, err, sizeof err) != MOSAIC_OK) {
        cli_error(CMD, "%s", err[0] ? err : "the event could not be stored");
        status = CLI_FAIL;
    }
    if (status == CLI_OK) {
        printf("%s\n", mosaic_event_id(event));
        fflush(stdout);
        if (now)
            send_now(config, spool);
        else if (cli_no_server(config) && cli_history_on(config)) /* to the history at once */
            kit_start_flush(CMD, &globals->host, config, mt_spool_dir(spool));
    }
    if (spool)
        mt_spool_close(spool);
    mosaic_event_free(event);
    mosaic_config_free(config);
    return status;
}

int cli_cmd_track(const cli_globals *globals, int argc, char **argv)
{
    cli_args args;
    int status = cli_args_parse(&SPEC, argc, argv, &args);
    return status == CLI_OK ? track(globals, &args) : status;
}
