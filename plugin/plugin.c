/* The plugin ABI: the version-1 hook table, and the one telemetry client that init starts and
 * task_end feeds. Every hook is safe with a NULL task, before init and after shutdown. */
#include <pthread.h>
#include <stdlib.h>

#include "clock.h"
#include "config.h"
#include "mosaic/plugin.h"
#include "task.h"

/* The running client and its config; guarded by state_lock. task_end holds it for the whole of
 * its work: building the event (with its price table lookup), looking up the cached prediction
 * for the estimates, and the track. init holds it while it makes and starts the client; shutdown
 * only while it takes the client away, which it then stops without the lock. */
static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static mosaic_client *client;
static mosaic_config *client_config;
/* Where the plugin's own warnings go: stderr before init, then the client's log settings.
 * Written under state_lock, read through current_log(). */
static mt_logger plugin_log = {MOSAIC_LOG_WARN, NULL, NULL};

/* fork() in a harness whose other threads are in task_end: the child inherits the locks in
 * whatever state those threads left them, and would wait for them forever. So the plugin's locks
 * are held across every fork (the core's fork handlers do the same for the client's). These
 * handlers are installed once a client exists, after the core's, so that their prepare runs
 * first: state_lock, then the price warnings' lock, then the client's, the order task_end takes
 * them in. */
static void before_fork(void)
{
    pthread_mutex_lock(&state_lock);
    mt_pricing_lock_for_fork();
}

static void after_fork(void)
{
    mt_pricing_unlock_after_fork();
    pthread_mutex_unlock(&state_lock);
}

static pthread_once_t fork_handlers_once = PTHREAD_ONCE_INIT;

static void install_fork_handlers(void)
{
    pthread_atfork(before_fork, after_fork, after_fork);
}

static mt_logger current_log(void)
{
    pthread_mutex_lock(&state_lock);
    mt_logger log = plugin_log;
    pthread_mutex_unlock(&state_lock);
    return log;
}

/* What init(NULL) starts from: the environment, and under it the user's config file, as the
 * command reads them. A broken file is logged and left out: the environment may be enough. */
static mosaic_config *config_of_this_machine(void)
{
    mosaic_config *config = mosaic_config_new();
    char err[512];
    if (config && mosaic_config_load_file(config, NULL, err, sizeof err) != MOSAIC_OK)
        mt_log(&config->log, MOSAIC_LOG_WARN, "config file left out: %s", err);
    return config;
}

static mosaic_status plugin_init(const mosaic_config *config)
{
    pthread_mutex_lock(&state_lock);
    mosaic_status status = MOSAIC_OK;
    if (client)
        goto done; /* idempotent */
    mosaic_config *own = config ? mosaic_config_clone(config) : config_of_this_machine();
    char err[256];
    mosaic_client *made = NULL;
    status = own ? mosaic_client_new(own, &made, err, sizeof err) : MOSAIC_ERR_NO_MEMORY;
    if (status == MOSAIC_OK)
        status = mosaic_client_start(made);
    if (status != MOSAIC_OK) {
        if (own)
            plugin_log = own->log;
        mt_log(&plugin_log, MOSAIC_LOG_ERROR, "telemetry not started: %s",
               status == MOSAIC_ERR_NO_MEMORY ? "out of memory" : err);
        mosaic_client_free(made);
        mosaic_config_free(own);
        goto done;
    }
    client = made;
    client_config = own;
    pthread_once(&fork_handlers_once, install_fork_handlers);
    plugin_log = own->log;
    mt_pricing_set_logger(&own->log); /* unknown-model warnings follow the client's settings */
done:
    pthread_mutex_unlock(&state_lock);
    return status;
}

static mosaic_status plugin_shutdown(uint32_t timeout_ms)
{
    pthread_mutex_lock(&state_lock);
    mosaic_client *stopping = client;
    mosaic_config *config = client_config;
    client = NULL;
    client_config = NULL;
    pthread_mutex_unlock(&state_lock);
    if (!stopping)
        return MOSAIC_OK;
    mosaic_status status = mosaic_client_stop(stopping, timeout_ms);
    mosaic_client_free(stopping);
    mosaic_config_free(config);
    return status;
}

static mosaic_task *plugin_task_begin(const mosaic_task_info *info)
{
    char err[200] = "";
    mosaic_task *task = mt_task_begin(info, err, sizeof err);
    if (err[0]) {
        mt_logger log = current_log();
        mt_log(&log, MOSAIC_LOG_WARN, "%s", err);
    }
    return task;
}

static void plugin_task_model(mosaic_task *task, const char *model)
{
    if (!mt_task_model(task, model)) {
        mt_logger log = current_log();
        mt_log(&log, MOSAIC_LOG_WARN,
               "task_model: must be 1 to 100 characters without control characters, ignored");
    }
}

/* The prediction cached for the task's dimensions, if the client has one: its medians are the
 * task's estimates. Never calls the server. */
static bool cached_estimate(const mosaic_prediction_query *query, mt_estimate *out, void *user)
{
    mosaic_prediction *p = mosaic_client_get_prediction(user, query);
    bool found = p && mosaic_prediction_has_data(p);
    if (found) {
        out->input_tokens = (uint64_t)mosaic_prediction_input_tokens(p).median;
        out->output_tokens = (uint64_t)mosaic_prediction_output_tokens(p).median;
        out->cost_micros = (uint64_t)mosaic_prediction_cost_usd_micros(p).median;
    }
    mosaic_prediction_free(p);
    return found;
}

static mosaic_status plugin_task_end(mosaic_task *task, mosaic_outcome outcome)
{
    if (!task)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    int64_t now = mt_monotonic_ms();
    char err[256];
    pthread_mutex_lock(&state_lock);
    mosaic_status status = MOSAIC_ERR_STOPPED;
    if (client) {
        mosaic_event *event = NULL;
        status = mt_task_build_event(task, outcome, mosaic_config_get_instance_id(client_config),
                                     now, cached_estimate, client, &event, err, sizeof err);
        if (status == MOSAIC_OK)
            mosaic_client_track(client, event);
        else
            mt_log(&plugin_log, MOSAIC_LOG_WARN, "task event not built: %s", err);
        mosaic_event_free(event);
    }
    pthread_mutex_unlock(&state_lock);
    mt_task_free(task);
    return status;
}

static const mosaic_plugin_v1 PLUGIN_V1 = {
    .struct_size = sizeof(mosaic_plugin_v1),
    .abi_version = MOSAIC_PLUGIN_ABI_V1,
    .init = plugin_init,
    .shutdown = plugin_shutdown,
    .task_begin = plugin_task_begin,
    .task_model = plugin_task_model,
    .task_tokens = mt_task_tokens,
    .task_compaction = mt_task_compaction,
    .task_rotation = mt_task_rotation,
    .task_context = mt_task_context,
    .task_gate = mt_task_gate,
    .task_file = mt_task_file,
    .task_retry = mt_task_retry,
    .task_end = plugin_task_end,
    .task_cost = mt_task_cost,
    .task_prompt = mt_task_prompt,
};

MOSAIC_API const void *mosaic_plugin_query(uint32_t abi_version)
{
    return abi_version == MOSAIC_PLUGIN_ABI_V1 ? &PLUGIN_V1 : NULL;
}
