/* `doctor`: checks what a flush needs, one line each (ok or FAIL, and how to fix it), and says
 * where each setting came from, since that is where a wrong one is corrected. The API key is
 * used, never printed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "harnesses.h"
#include "preload/run.h"
#include "protocol.h"
#include "shim_path.h"
#include "transport_curl.h"

#define CMD "doctor"

static const cli_flag FLAGS[] = {
    CLI_SPOOL_DIR_FLAG,
};

static const cli_spec SPEC = {
    CMD,
    "[--spool-dir DIR]",
    "Checks the config, that the spool directory is writable, that the server is reachable\n"
    "and accepts the API key, and that the predictions endpoint answers. Exits 0 when every\n"
    "check passes, 1 otherwise.",
    FLAGS,
    sizeof FLAGS / sizeof *FLAGS,
};

/* A body the server refuses as a batch (422) only after it has accepted the key. */
#define EMPTY_BATCH "{\"events\":[]}"
#define PROBE_QUERY                                                                                \
    "{\"queries\":[{\"task_type\":\"unknown\",\"model\":\"doctor\",\"provider\":\"unknown\","      \
    "\"complexity\":\"low\"}]}"

static bool report(const char *check, bool ok, const char *detail, const char *fix)
{
    printf("%-4s  %s%s%s\n", ok ? "ok" : "FAIL", check, detail[0] ? ": " : "", detail);
    if (!ok && fix)
        printf("      fix: %s\n", fix);
    return ok;
}

/* What a setting holds and how to change it, for the fix lines. */
typedef struct setting_help {
    const char *field; /* as validate names it */
    const char *variable;
    const char *what;  /* "to <what>" */
    const char *value; /* what `config set` takes */
} setting_help;

static const setting_help SETTINGS[] = {
    {"server_url", "MOSAIC_TELEMETRY_SERVER_URL",
     "the server's base URL (https://..., or http:// to a loopback host)", "URL"},
    {"api_key", "MOSAIC_TELEMETRY_API_KEY", "your key (64 hex characters)", "- (reads stdin)"},
    {"instance_id", "MOSAIC_TELEMETRY_INSTANCE_ID", "the UUID your key is bound to", "UUID"},
    {"enabled", "MOSAIC_TELEMETRY_ENABLED", "true", "true"},
};

/* Where to make the change: where the value came from, since the environment wins. */
static void setting_fix(const mosaic_config *config, const setting_help *h, char *out, size_t len)
{
    mt_config_origin origin = mt_config_origin_of(config, h->variable);
    if (origin == MT_CONFIG_ORIGIN_ENV)
        snprintf(out, len, "set %s to %s (the environment wins over the config file)", h->variable,
                 h->what);
    else if (origin == MT_CONFIG_ORIGIN_FILE)
        snprintf(out, len, "correct it in %s: " CLI_NAME " config set %s %s",
                 mt_config_file_path(config), h->field, h->value);
    else
        snprintf(out, len,
                 "set %s to %s, or write it to the config file: " CLI_NAME " config set %s %s",
                 h->variable, h->what, h->field, h->value);
}

static void config_fix(const mosaic_config *config, const char *err, char *out, size_t len)
{
    if (config->load_error[0]) {
        snprintf(out, len, "correct the config file named above (" CLI_NAME " config --help)");
        return;
    }
    for (size_t i = 0; i < sizeof SETTINGS / sizeof *SETTINGS; i++) {
        if (strncmp(err, SETTINGS[i].field, strlen(SETTINGS[i].field)) == 0) {
            setting_fix(config, &SETTINGS[i], out, len);
            return;
        }
    }
    snprintf(out, len, "correct the variable or setting named above");
}

/* The settings the server checks need, each with where it came from. */
static void print_settings(const mosaic_config *config)
{
    char masked[16], origin[4200];
    cli_mask_key(config->api_key, masked, sizeof masked);
    const char *values[] = {config->server_url, config->api_key ? masked : NULL,
                            config->instance_id, config->enabled ? "true" : "false"};
    for (size_t i = 0; i < sizeof SETTINGS / sizeof *SETTINGS; i++) {
        cli_format_origin(config, SETTINGS[i].variable, origin, sizeof origin);
        if (values[i] && *values[i])
            printf("      %s: %s %s\n", SETTINGS[i].field, values[i], origin);
        else
            printf("      %s: (unset)\n", SETTINGS[i].field);
    }
}

static bool check_config(const mosaic_config *config)
{
    char err[256] = "", fix[4400];
    bool ok = mosaic_config_validate(config, err, sizeof err) == MOSAIC_OK;
    bool disabled = ok && !config->enabled;
    if (disabled)
        snprintf(err, sizeof err, "telemetry is disabled: nothing will be sent");
    char shape[200];
    bool odd = ok && !disabled && mt_config_shape_warning(config, shape, sizeof shape);
    if (odd) /* not a failure: the server decides, and the server check below asks it */
        printf("warn  config: %s; sent as given: the server decides\n", shape);
    else
        report("config", ok && !disabled, ok && !disabled ? "valid" : err, NULL);
    print_settings(config);
    if (odd) {
        config_fix(config, shape, fix, sizeof fix);
        printf("      if it is wrong: %s\n", fix);
    }
    if (ok && !disabled)
        return true;
    config_fix(config, disabled ? "enabled" : err, fix, sizeof fix);
    printf("      fix: %s\n", fix);
    return false;
}

/* Creates and removes a file in the spool directory: proves it writable, appends nothing. */
static bool check_spool(const cli_globals *globals, const cli_args *args,
                        const mosaic_config *config)
{
    static const char fix[] = "make the directory writable, or choose another with --spool-dir "
                              "or MOSAIC_TELEMETRY_SPOOL_DIR";
    mt_spool *spool = NULL;
    fflush(stdout);
    if (kit_spool_open(CMD, cli_arg(args, "spool-dir"), &globals->host, config, &spool) != CLI_OK)
        return report("spool", false, "cannot be opened (see above)", fix);
    char path[4200];
    snprintf(path, sizeof path, "%s/.doctor-XXXXXX", mt_spool_dir(spool));
    int fd = mkstemp(path);
    int error = errno;
    char detail[8600], origin[4200];
    cli_format_spool_origin(cli_arg(args, "spool-dir"), globals, config, origin, sizeof origin);
    snprintf(detail, sizeof detail, "%s %s %s%s", mt_spool_dir(spool), origin,
             fd >= 0 ? "is writable" : "is not writable: ", fd >= 0 ? "" : strerror(error));
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
    mt_spool_close(spool);
    return report("spool", fd >= 0, detail, fix);
}

static long post(mt_transport *t, const char *url, const char *body, const char *bearer,
                 char *error, size_t error_len)
{
    mt_http_request request = {url, body, strlen(body), bearer, NULL};
    mt_http_response response = {0};
    t->ops->send(t, &request, &response);
    snprintf(error, error_len, "%s", response.error);
    mt_buf_free(&response.body);
    return response.status;
}

static bool check_events(const mosaic_config *config, mt_transport *t)
{
    char url[2048], error[256], detail[512];
    snprintf(url, sizeof url, "%s%s", config->server_url, MT_EVENTS_PATH);
    long status = post(t, url, EMPTY_BATCH, config->api_key, error, sizeof error);
    if (status == 422)
        return report("server", true, "reachable, API key accepted", NULL);
    if (status == 401 || status == 403) {
        snprintf(detail, sizeof detail, "%s answered %ld: the API key was refused", url, status);
        return report("server", false, detail,
                      "check MOSAIC_TELEMETRY_API_KEY, and that the key is bound to "
                      "MOSAIC_TELEMETRY_INSTANCE_ID");
    }
    if (status == 0) {
        snprintf(detail, sizeof detail, "cannot reach %s: %s", config->server_url, error);
        return report("server", false, detail,
                      "check MOSAIC_TELEMETRY_SERVER_URL, the network, and any proxy "
                      "(MOSAIC_TELEMETRY_PROXY)");
    }
    snprintf(detail, sizeof detail, "%s answered %ld to an empty batch (expected 422)", url,
             status);
    return report("server", false, detail,
                  "check that MOSAIC_TELEMETRY_SERVER_URL is the "
                  "Telemetry API's base URL");
}

static bool check_predictions(const mosaic_config *config, mt_transport *t)
{
    char url[2048], error[256], detail[512];
    snprintf(url, sizeof url, "%s%s", config->server_url, MT_PREDICTIONS_PATH);
    long status = post(t, url, PROBE_QUERY, NULL, error, sizeof error);
    if (status == 200)
        return report("predictions", true, "reachable", NULL);
    if (status == 0)
        snprintf(detail, sizeof detail, "cannot reach %s: %s", url, error);
    else
        snprintf(detail, sizeof detail, "%s answered %ld (expected 200)", url, status);
    return report("predictions", false, detail,
                  "check MOSAIC_TELEMETRY_SERVER_URL and the network");
}

static bool check_server(const mosaic_config *config, bool config_ok)
{
    if (!config_ok) {
        report("server", false, "not checked", "fix the config first");
        return false;
    }
    mt_transport *t = mt_transport_curl_new(config, &config->log);
    if (!t)
        return report("server", false, "libcurl could not be set up", NULL);
    bool events_ok = check_events(config, t);
    bool predictions_ok = check_predictions(config, t);
    t->ops->destroy(t);
    return events_ok && predictions_ok;
}

/* Each harness's own check of its installed hooks (kit_harness.doctor), where it has one and
 * our hooks are installed. */
static bool check_harnesses(void)
{
    bool ok = true;
    const kit_harness *h;
    for (size_t i = 0; (h = cli_harness_at(i)) != NULL; i++) {
        char detail[1024] = "", fix[512] = "", check[64];
        int status = h->doctor ? h->doctor(detail, sizeof detail, fix, sizeof fix) : -1;
        snprintf(check, sizeof check, "%s hooks", h->name);
        if (status >= 0)
            ok = report(check, status == 1, detail, fix[0] ? fix : NULL) && ok;
    }
    return ok;
}

/* `run` sees gates, files and languages only through the preload shim. */
static bool check_shim(void)
{
    char shim[4096], where[4600], detail[4800];
    bool found = cli_shim_find(shim, sizeof shim, where, sizeof where);
    snprintf(detail, sizeof detail, "%s", found ? shim : "not found");
    if (!found)
        snprintf(detail, sizeof detail, "%s is not %s", MT_CHANNEL_SHIM_FILE, where);
    return report("preload shim", found, detail,
                  "set MOSAIC_TELEMETRY_PRELOAD_LIB to the shim's absolute path, or reinstall");
}

static int doctor(const cli_globals *globals, const cli_args *args)
{
    mosaic_config *config = kit_config_raw(CMD);
    if (!config)
        return CLI_FAIL;
    bool config_ok = check_config(config);
    bool spool_ok = check_spool(globals, args, config);
    char history[8400];
    cli_format_history(config, history, sizeof history);
    printf("      history: %s\n", history);
    bool server_ok = check_server(config, config_ok);
    bool hooks_ok = check_harnesses();
    bool shim_ok = check_shim();
    mosaic_config_free(config);
    return config_ok && spool_ok && server_ok && hooks_ok && shim_ok ? CLI_OK : CLI_FAIL;
}

int cli_cmd_doctor(const cli_globals *globals, int argc, char **argv)
{
    cli_args args;
    int status = cli_args_parse(&SPEC, argc, argv, &args);
    return status == CLI_OK ? doctor(globals, &args) : status;
}
