/* `status`: the effective config (the key masked), where each value came from, and the state of
 * the spool. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "cli.h"
#include "config_file.h"
#include "estimates.h"

#define CMD "status"

static const cli_flag FLAGS[] = {
    CLI_SPOOL_DIR_FLAG,
};

static const cli_spec SPEC = {
    CMD,
    "[--spool-dir DIR]",
    "Prints the effective config (the API key masked) and where each value came from (the\n"
    "environment, the config file, or the default), and the spool's pending events, bytes,\n"
    "oldest age, claimed, quarantined and evicted counts, and the last error of a flush.",
    FLAGS,
    sizeof FLAGS / sizeof *FLAGS,
};

static const char *or_unset(const char *text)
{
    return text && *text ? text : "(unset)";
}

/* "name: value (from ...)"; a value that is not there has no origin to tell. */
static void print_setting(const mosaic_config *config, const char *name, const char *value,
                          bool set, const char *env_name)
{
    char origin[4200] = "";
    if (set)
        cli_format_origin(config, env_name, origin, sizeof origin);
    printf("%s: %s%s%s\n", name, value, set ? " " : "", origin);
}

/* The file read, or where it would be and why it was not read. */
static void print_config_file(const mosaic_config *config)
{
    char path[4096];
    if (mt_config_file_path(config))
        printf("config_file: %s\n", mt_config_file_path(config));
    else if (!mt_config_default_path(path, sizeof path))
        printf("config_file: none (neither XDG_CONFIG_HOME nor HOME is set)\n");
    else
        printf("config_file: %s (%s)\n", path,
               config->load_error[0] ? "refused, see config_error" : "not found");
}

static void print_config(const mosaic_config *config)
{
    char masked[16];
    cli_mask_key(config->api_key, masked, sizeof masked);
    print_setting(config, "server_url", or_unset(config->server_url), config->server_url,
                  "MOSAIC_TELEMETRY_SERVER_URL");
    print_setting(config, "instance_id", or_unset(config->instance_id), config->instance_id,
                  "MOSAIC_TELEMETRY_INSTANCE_ID");
    print_setting(config, "api_key", masked, config->api_key, "MOSAIC_TELEMETRY_API_KEY");
    print_setting(config, "enabled", config->enabled ? "true" : "false", true,
                  "MOSAIC_TELEMETRY_ENABLED");
    print_setting(config, "dry_run", config->dry_run ? "true" : "false", true,
                  "MOSAIC_TELEMETRY_DRY_RUN");
    char history[8400];
    cli_format_history(config, history, sizeof history);
    printf("history: %s\n", history);
    print_config_file(config);
    char err[256] = "";
    if (mosaic_config_validate(config, err, sizeof err) != MOSAIC_OK)
        printf("config_error: %s\n", err);
}

static void print_spool(const mt_spool_status *s)
{
    char bytes[32], age[32] = "-";
    cli_format_bytes(s->bytes, bytes, sizeof bytes);
    if (s->oldest_age_ms >= 0)
        cli_format_duration((double)s->oldest_age_ms, age, sizeof age);
    printf("pending: %zu events, %s, oldest %s\n", s->events, bytes, age);
    printf("claimed: %zu events\n", s->claimed);
    printf("quarantined: %zu files\n", s->quarantined);
    printf("evicted: %llu events\n", (unsigned long long)s->evicted);
    printf("last_error: %s\n", s->last_error[0] ? s->last_error : "none");
}

/* A spool that does not exist yet is reported as such, not created by looking at it. */
static int report_spool(const cli_globals *globals, const cli_args *args,
                        const mosaic_config *config)
{
    char dir[4096];
    int status =
        kit_spool_dir(CMD, cli_arg(args, "spool-dir"), &globals->host, config, dir, sizeof dir);
    if (status != CLI_OK)
        return status;
    char origin[4200];
    cli_format_spool_origin(cli_arg(args, "spool-dir"), globals, config, origin, sizeof origin);
    printf("spool_dir: %s %s\n", dir, origin);
    struct stat st;
    if (stat(dir, &st) != 0 && errno == ENOENT) {
        printf("pending: 0 events (the spool has not been created yet)\n");
        return CLI_OK;
    }
    mt_spool *spool = NULL;
    status = kit_spool_open(CMD, dir, &globals->host, config, &spool);
    if (status != CLI_OK)
        return status;
    mt_spool_status s;
    if (mt_spool_get_status(spool, &s) == MOSAIC_OK) {
        print_spool(&s);
        size_t stored, with_data, wanted;
        kit_estimates_count(dir, &stored, &with_data, &wanted);
        printf("estimates: %zu kinds of task (%zu with data), %zu wanted\n", stored, with_data,
               wanted);
    } else {
        cli_error(CMD, "cannot read the spool's state in %s", dir);
        status = CLI_FAIL;
    }
    mt_spool_close(spool);
    return status;
}

static int status_cmd(const cli_globals *globals, const cli_args *args)
{
    /* Shown as it is, even when invalid: that is what a user runs status to find out. */
    mosaic_config *config = kit_config_raw(CMD);
    if (!config)
        return CLI_FAIL;
    print_config(config);
    fflush(stdout);
    int status = report_spool(globals, args, config);
    mosaic_config_free(config);
    return status;
}

int cli_cmd_status(const cli_globals *globals, int argc, char **argv)
{
    cli_args args;
    int status = cli_args_parse(&SPEC, argc, argv, &args);
    return status == CLI_OK ? status_cmd(globals, &args) : status;
}
