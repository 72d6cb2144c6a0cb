/*
 * mosaic/telemetry.h — the Mosaic Stack Telemetry client SDK for C.
 *
 * Reports one record per AI coding task (task type, model, tokens, cost, outcome, quality gates,
 * context use) to a Mosaic Telemetry server, and reads back crowd-sourced predictions of tokens,
 * cost and quality before a task runs. Speaks Telemetry API v1, event schema 1.0.
 *
 * Conventions that hold for every function below:
 *   - Every fallible function returns a mosaic_status: MOSAIC_OK (0) or a negative error.
 *   - Functions whose failure a person must read take `char *err, size_t errlen` (both may be
 *     NULL/0) and write one line there that names the field and the rule, e.g.
 *     "batch_size: must be 1 to 100 (the server's maximum), got 500".
 *   - The library frees what it allocates. Strings returned as `char *` are freed with
 *     mosaic_free(); objects have their own *_free function, which accepts NULL.
 *   - Strings passed in are copied; the caller keeps ownership of its memory.
 *   - Nothing here prints to stdout. Diagnostics go to the log callback (default: stderr, WARN and
 *     above, each line prefixed "mosaicstack_telemetry: ").
 */
#ifndef MOSAIC_TELEMETRY_H
#define MOSAIC_TELEMETRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define MOSAIC_API __attribute__((visibility("default")))
#else
#define MOSAIC_API
#endif

/* ---------------------------------------------------------------------------------------------
 * 1. Basics
 * ------------------------------------------------------------------------------------------- */

#define MOSAIC_VERSION_MAJOR 0
#define MOSAIC_VERSION_MINOR 1
#define MOSAIC_VERSION_PATCH 0
#define MOSAIC_VERSION       "0.1.0"

/* The Telemetry API version and event schema this library speaks. */
#define MOSAIC_API_VERSION    "v1"
#define MOSAIC_SCHEMA_VERSION "1.0"

typedef enum mosaic_status {
    MOSAIC_OK = 0,
    MOSAIC_ERR_INVALID_ARGUMENT = -1, /* a NULL pointer or an out-of-range value was passed */
    MOSAIC_ERR_INVALID_CONFIG = -2,   /* the config breaks a rule; see the err line */
    MOSAIC_ERR_INVALID_EVENT = -3,    /* the event breaks a rule of the schema; see the err line */
    MOSAIC_ERR_NO_MEMORY = -4,        /* an allocation failed */
    MOSAIC_ERR_TIMEOUT = -5,          /* the deadline passed before the work was done */
    MOSAIC_ERR_DISABLED = -6,         /* telemetry is disabled (enabled=false) */
    MOSAIC_ERR_NETWORK = -7,          /* no HTTP answer: connection, TLS or transfer failure */
    MOSAIC_ERR_HTTP = -8,             /* the server answered with an error status */
    MOSAIC_ERR_PARSE = -9,            /* malformed JSON, or JSON of the wrong shape */
    MOSAIC_ERR_UNKNOWN_VALUE = -10,   /* a string is not one of an enum's wire strings */
    MOSAIC_ERR_PENDING = -11,         /* some events could not be sent now and are kept */
    MOSAIC_ERR_STOPPED = -12,         /* the client was stopped */
    MOSAIC_ERR_SYSTEM = -13,          /* the OS refused (thread creation, random source, ...) */
} mosaic_status;

/* A short English description of a status ("ok", "timeout", ...). Static storage. */
MOSAIC_API const char *mosaic_status_str(mosaic_status status);

/* The library's version at run time, e.g. "0.1.0" (MOSAIC_VERSION at compile time). */
MOSAIC_API const char *mosaic_version(void);

/* Frees a string or buffer that the library returned as `char *`. NULL is fine. */
MOSAIC_API void mosaic_free(void *ptr);

/* ---------------------------------------------------------------------------------------------
 * 2. Enums. Each C enum mirrors one wire enum of the protocol; *_str returns the wire string
 *    (static storage, NULL for a value outside the enum) and *_parse(string, &out) returns
 *    MOSAIC_OK or MOSAIC_ERR_UNKNOWN_VALUE. Values are fixed: new members are only appended.
 * ------------------------------------------------------------------------------------------- */

typedef enum mosaic_task_type {
    MOSAIC_TASK_TYPE_PLANNING = 0,
    MOSAIC_TASK_TYPE_ARCHITECTURE = 1,
    MOSAIC_TASK_TYPE_IMPLEMENTATION = 2,
    MOSAIC_TASK_TYPE_CODE_REVIEW = 3,
    MOSAIC_TASK_TYPE_TESTING = 4,
    MOSAIC_TASK_TYPE_DEBUGGING = 5,
    MOSAIC_TASK_TYPE_REFACTORING = 6,
    MOSAIC_TASK_TYPE_DOCUMENTATION = 7,
    MOSAIC_TASK_TYPE_CONFIGURATION = 8,
    MOSAIC_TASK_TYPE_SECURITY_AUDIT = 9,
    MOSAIC_TASK_TYPE_UNKNOWN = 10,
} mosaic_task_type;

typedef enum mosaic_complexity {
    MOSAIC_COMPLEXITY_LOW = 0,
    MOSAIC_COMPLEXITY_MEDIUM = 1,
    MOSAIC_COMPLEXITY_HIGH = 2,
    MOSAIC_COMPLEXITY_CRITICAL = 3,
} mosaic_complexity;

typedef enum mosaic_harness {
    MOSAIC_HARNESS_CLAUDE_CODE = 0,
    MOSAIC_HARNESS_CODEX = 1,
    MOSAIC_HARNESS_GEMINI_CLI = 2,
    MOSAIC_HARNESS_CURSOR = 3,
    MOSAIC_HARNESS_CLINE = 4,
    MOSAIC_HARNESS_AIDER = 5,
    MOSAIC_HARNESS_OPENCODE = 6,
    MOSAIC_HARNESS_GOOSE = 7,
    MOSAIC_HARNESS_COPILOT_CLI = 8,
    MOSAIC_HARNESS_AMP = 9,
    MOSAIC_HARNESS_KILO_CODE = 10,
    MOSAIC_HARNESS_API_DIRECT = 11,
    MOSAIC_HARNESS_CUSTOM = 12,
    MOSAIC_HARNESS_UNKNOWN = 13,
} mosaic_harness;

typedef enum mosaic_provider {
    MOSAIC_PROVIDER_ANTHROPIC = 0,
    MOSAIC_PROVIDER_OPENAI = 1,
    MOSAIC_PROVIDER_GOOGLE = 2,
    MOSAIC_PROVIDER_MISTRAL = 3,
    MOSAIC_PROVIDER_DEEPSEEK = 4,
    MOSAIC_PROVIDER_XAI = 5,
    MOSAIC_PROVIDER_OPENROUTER = 6,
    MOSAIC_PROVIDER_OLLAMA = 7,
    MOSAIC_PROVIDER_CUSTOM = 8,
    MOSAIC_PROVIDER_UNKNOWN = 9,
} mosaic_provider;

typedef enum mosaic_outcome {
    MOSAIC_OUTCOME_SUCCESS = 0,
    MOSAIC_OUTCOME_FAILURE = 1,
    MOSAIC_OUTCOME_PARTIAL = 2,
    MOSAIC_OUTCOME_TIMEOUT = 3,
    MOSAIC_OUTCOME_CANCELLED = 4,
} mosaic_outcome;

typedef enum mosaic_quality_gate {
    MOSAIC_QUALITY_GATE_BUILD = 0,
    MOSAIC_QUALITY_GATE_LINT = 1,
    MOSAIC_QUALITY_GATE_TEST = 2,
    MOSAIC_QUALITY_GATE_TYPECHECK = 3,
    MOSAIC_QUALITY_GATE_FORMAT = 4,
    MOSAIC_QUALITY_GATE_COVERAGE = 5,
    MOSAIC_QUALITY_GATE_SECURITY = 6,
} mosaic_quality_gate;

typedef enum mosaic_repo_size {
    MOSAIC_REPO_SIZE_TINY = 0,   /* <= 50 tracked files */
    MOSAIC_REPO_SIZE_SMALL = 1,  /* <= 500 */
    MOSAIC_REPO_SIZE_MEDIUM = 2, /* <= 5 000 */
    MOSAIC_REPO_SIZE_LARGE = 3,  /* <= 50 000 */
    MOSAIC_REPO_SIZE_HUGE = 4,
} mosaic_repo_size;

typedef enum mosaic_confidence {
    MOSAIC_CONFIDENCE_NONE = 0,
    MOSAIC_CONFIDENCE_LOW = 1,
    MOSAIC_CONFIDENCE_MEDIUM = 2,
    MOSAIC_CONFIDENCE_HIGH = 3,
} mosaic_confidence;

MOSAIC_API const char *mosaic_task_type_str(mosaic_task_type value);
MOSAIC_API mosaic_status mosaic_task_type_parse(const char *text, mosaic_task_type *out);
MOSAIC_API const char *mosaic_complexity_str(mosaic_complexity value);
MOSAIC_API mosaic_status mosaic_complexity_parse(const char *text, mosaic_complexity *out);
MOSAIC_API const char *mosaic_harness_str(mosaic_harness value);
MOSAIC_API mosaic_status mosaic_harness_parse(const char *text, mosaic_harness *out);
MOSAIC_API const char *mosaic_provider_str(mosaic_provider value);
MOSAIC_API mosaic_status mosaic_provider_parse(const char *text, mosaic_provider *out);
MOSAIC_API const char *mosaic_outcome_str(mosaic_outcome value);
MOSAIC_API mosaic_status mosaic_outcome_parse(const char *text, mosaic_outcome *out);
MOSAIC_API const char *mosaic_quality_gate_str(mosaic_quality_gate value);
MOSAIC_API mosaic_status mosaic_quality_gate_parse(const char *text, mosaic_quality_gate *out);
MOSAIC_API const char *mosaic_repo_size_str(mosaic_repo_size value);
MOSAIC_API mosaic_status mosaic_repo_size_parse(const char *text, mosaic_repo_size *out);
MOSAIC_API const char *mosaic_confidence_str(mosaic_confidence value);
MOSAIC_API mosaic_status mosaic_confidence_parse(const char *text, mosaic_confidence *out);

/* ---------------------------------------------------------------------------------------------
 * 3. Logging
 * ------------------------------------------------------------------------------------------- */

typedef enum mosaic_log_level {
    MOSAIC_LOG_DEBUG = 0,
    MOSAIC_LOG_INFO = 1,
    MOSAIC_LOG_WARN = 2,
    MOSAIC_LOG_ERROR = 3,
    MOSAIC_LOG_OFF = 4, /* as a threshold: log nothing */
} mosaic_log_level;

/* "debug", "info", "warn", "error", "off". */
MOSAIC_API const char *mosaic_log_level_str(mosaic_log_level value);
MOSAIC_API mosaic_status mosaic_log_level_parse(const char *text, mosaic_log_level *out);

/*
 * A log sink. `message` is one line without the prefix or a newline, valid only during the call.
 * It may be called from the library's background thread, so it must be thread-safe. It must not
 * call back into the client that logs. API keys never appear in messages.
 */
typedef void (*mosaic_log_fn)(mosaic_log_level level, const char *message, void *user);

/* ---------------------------------------------------------------------------------------------
 * 4. Config. mosaic_config_new() starts from the defaults, then reads MOSAIC_TELEMETRY_*
 *    variables; mosaic_config_load_file() adds a config file's settings under them; setters
 *    override all three. Setters only store: mosaic_config_validate() (and mosaic_client_new(),
 *    which calls it) checks every rule and names the first field that breaks one. A config is
 *    not thread-safe; the client copies it.
 *
 *    variable                              setter                                  default
 *    MOSAIC_TELEMETRY_SERVER_URL           server_url                              (required)
 *    MOSAIC_TELEMETRY_API_KEY              api_key (64 hex characters*)            (required)
 *    MOSAIC_TELEMETRY_INSTANCE_ID          instance_id (UUID*)                     (required)
 *    MOSAIC_TELEMETRY_ENABLED              enabled                                 true
 *    MOSAIC_TELEMETRY_DRY_RUN              dry_run                                 false
 *    MOSAIC_TELEMETRY_LOG_LEVEL            log_level                               warn
 *    MOSAIC_TELEMETRY_CA_BUNDLE            ca_bundle (PEM file path)               system store
 *    MOSAIC_TELEMETRY_PROXY                proxy (libcurl proxy URL)               libcurl's env
 *    MOSAIC_TELEMETRY_ALLOW_INSECURE_HTTP  allow_insecure_http                     false
 *    MOSAIC_TELEMETRY_SPOOL_DIR            spool_dir (durable queue directory)     none
 *    MOSAIC_TELEMETRY_SPOOL_MAX_EVENTS     spool_limits: events                    10000
 *    MOSAIC_TELEMETRY_SPOOL_MAX_BYTES      spool_limits: bytes                     16 MiB
 *    MOSAIC_TELEMETRY_SPOOL_MAX_AGE_SECONDS spool_limits: age                      7 days
 *    MOSAIC_TELEMETRY_HISTORY              - (the command's history: off, or an    default place
 *                                          absolute path; "off" also stops the client's
 *                                          delivered record, docs/history.md)
 *    -                                     submit_interval_seconds                 300
 *    -                                     max_queue_size (1..100 000)             1000
 *    -                                     batch_size (1..100)                     100
 *    -                                     request_timeout_seconds                 10
 *    -                                     prediction_cache_ttl_seconds            21600
 *    -                                     max_retries                             3
 *    -                                     backoff_base_ms / backoff_cap_ms        1000 / 60000
 *    -                                     log_callback                            stderr
 *
 *    Boolean variables take true/1/yes/on or false/0/no/off in any case; anything else is a
 *    config error reported by validate, naming the variable.
 *    (*) the documented shape. A key or instance id of another shape is not an error (the
 *    server decides): mosaic_client_new logs one WARN naming the field. A key must still be
 *    printable ASCII without spaces, an instance id at most 64 such characters.
 * ------------------------------------------------------------------------------------------- */

typedef struct mosaic_config mosaic_config;

/* Defaults, then the environment. NULL only when memory runs out. */
MOSAIC_API mosaic_config *mosaic_config_new(void);
MOSAIC_API void mosaic_config_free(mosaic_config *config);
/* A deep copy; NULL when memory runs out. */
MOSAIC_API mosaic_config *mosaic_config_clone(const mosaic_config *config);

/*
 * Reads a config file into config, under the environment and the setters: a line sets its
 * setting only when code has not set it and its variable is unset or empty (so the order is
 * setters, environment, file, defaults). mosaic_config_new() never reads a file; call this after
 * it, before any setter whose value the file must not replace.
 *
 * path NULL means the default, $XDG_CONFIG_HOME/mosaic-telemetry/config, else
 * $HOME/.config/mosaic-telemetry/config; a default file that does not exist (or neither
 * variable) is MOSAIC_OK with nothing applied. An explicit path that does not exist is an error.
 *
 * The format: one `MOSAIC_TELEMETRY_NAME=value` a line, the names exactly those of the variables
 * in the table above; blank lines and lines starting with '#' are ignored; no quoting (the value
 * is the rest of the line, its trailing '\r', spaces and tabs left out); each name at most once.
 * Values are read exactly as the variables' are, and a bad one is reported the same way, by
 * validate: "MOSAIC_TELEMETRY_ENABLED: expected true/1/yes/on or false/0/no/off, got 'maybe'
 * (in /home/me/.config/mosaic-telemetry/config)".
 *
 * The file holds the API key, so it is refused unless it is a regular file (not a symbolic
 * link), owned by this user, not readable or writable by group or others, and at most 64 KiB.
 * Every line is checked before any is applied: on an error nothing changes in config.
 *
 * MOSAIC_OK; MOSAIC_ERR_INVALID_CONFIG for a file that breaks a rule, with one line naming the
 * path, the line and the rule ("/p/config:3: unknown setting 'MOSAIC_TELEMETRY_KEY'", "/p/config:
 * readable by others (mode 0644); run chmod 600 /p/config"); MOSAIC_ERR_SYSTEM when it cannot be
 * opened or read; MOSAIC_ERR_INVALID_ARGUMENT for a NULL config; MOSAIC_ERR_NO_MEMORY. path is
 * not kept. Not thread-safe (like the setters), and it reads the environment (getenv): not while
 * another thread changes it.
 */
MOSAIC_API mosaic_status mosaic_config_load_file(mosaic_config *config, const char *path, char *err,
                                                 size_t errlen);

/* Each setter returns MOSAIC_ERR_INVALID_ARGUMENT for a NULL config, MOSAIC_ERR_NO_MEMORY when a
 * string cannot be copied, else MOSAIC_OK. A trailing '/' of server_url is stripped. */
MOSAIC_API mosaic_status mosaic_config_set_server_url(mosaic_config *config, const char *url);
MOSAIC_API mosaic_status mosaic_config_set_api_key(mosaic_config *config, const char *api_key);
MOSAIC_API mosaic_status mosaic_config_set_instance_id(mosaic_config *config, const char *id);
MOSAIC_API mosaic_status mosaic_config_set_enabled(mosaic_config *config, bool enabled);
MOSAIC_API mosaic_status mosaic_config_set_submit_interval_seconds(mosaic_config *config,
                                                                   double seconds);
MOSAIC_API mosaic_status mosaic_config_set_max_queue_size(mosaic_config *config, size_t events);
MOSAIC_API mosaic_status mosaic_config_set_batch_size(mosaic_config *config, size_t events);
MOSAIC_API mosaic_status mosaic_config_set_request_timeout_seconds(mosaic_config *config,
                                                                   double seconds);
MOSAIC_API mosaic_status mosaic_config_set_prediction_cache_ttl_seconds(mosaic_config *config,
                                                                        double seconds);
MOSAIC_API mosaic_status mosaic_config_set_dry_run(mosaic_config *config, bool dry_run);
MOSAIC_API mosaic_status mosaic_config_set_max_retries(mosaic_config *config, int retries);
/* Our settings. */
MOSAIC_API mosaic_status mosaic_config_set_log_level(mosaic_config *config, mosaic_log_level level);
/* NULL callback restores the stderr sink. `user` is passed back to every call. */
MOSAIC_API mosaic_status mosaic_config_set_log_callback(mosaic_config *config, mosaic_log_fn fn,
                                                        void *user);
/* A PEM bundle of CA certificates used instead of the system store. NULL: system store. */
MOSAIC_API mosaic_status mosaic_config_set_ca_bundle(mosaic_config *config, const char *path);
/* A libcurl proxy URL ("http://proxy:3128", "socks5h://..."); "" disables libcurl's own
 * http_proxy/https_proxy variables; NULL (default) leaves them in force. */
MOSAIC_API mosaic_status mosaic_config_set_proxy(mosaic_config *config, const char *proxy);
/* Plain http:// is refused except to loopback hosts unless this is true. TLS verification of
 * https:// servers is always on and has no switch. */
MOSAIC_API mosaic_status mosaic_config_set_allow_insecure_http(mosaic_config *config, bool allow);
/* Retry backoff: delay k = min(cap, base * 2^(k-1)) * random[0.5, 1.0]. */
MOSAIC_API mosaic_status mosaic_config_set_backoff_ms(mosaic_config *config, uint32_t base_ms,
                                                      uint32_t cap_ms);

/* A directory of pending events that outlives the process (created 0700, files 0600). With
 * one, events that stop could not send by its deadline, and those whose retries ran out or that
 * the server held back, are written there instead of being lost, and a client that starts sends
 * what it holds. NULL or "" (default): memory only. The `mosaic-telemetry` command uses
 * $XDG_STATE_HOME/mosaic-telemetry/spool when none is set. */
MOSAIC_API mosaic_status mosaic_config_set_spool_dir(mosaic_config *config, const char *dir);
/* Past any bound the oldest events are evicted (and counted) when the spool is pruned. */
MOSAIC_API mosaic_status mosaic_config_set_spool_limits(mosaic_config *config, uint64_t max_events,
                                                        uint64_t max_bytes, double max_age_seconds);

/* Getters return the stored value (strings: NULL when unset; storage owned by the config). */
MOSAIC_API const char *mosaic_config_get_server_url(const mosaic_config *config);
MOSAIC_API const char *mosaic_config_get_instance_id(const mosaic_config *config);
MOSAIC_API bool mosaic_config_get_enabled(const mosaic_config *config);
MOSAIC_API bool mosaic_config_get_dry_run(const mosaic_config *config);
MOSAIC_API const char *mosaic_config_get_spool_dir(const mosaic_config *config);

/* MOSAIC_OK, or MOSAIC_ERR_INVALID_CONFIG with one line naming the field and the rule. A
 * disabled config is valid without server_url, api_key and instance_id. */
MOSAIC_API mosaic_status mosaic_config_validate(const mosaic_config *config, char *err,
                                                size_t errlen);

/* ---------------------------------------------------------------------------------------------
 * 5. Events. A builder collects fields; build() checks every rule of the schema, fills event_id
 *    (random UUID v4), timestamp (now, UTC, milliseconds), schema_version and instance_id, and
 *    returns an immutable event. A builder can build many events, each with a new id and time.
 *
 *    Required before build: model, complexity and outcome. Defaults: task_type, harness and
 *    provider "unknown"; numbers 0; no gates and quality_gate_passed true; language and
 *    repo_size_category null. Builders and events are not shared between threads while written;
 *    a built event may be read (tracked, serialized) from any number of threads.
 * ------------------------------------------------------------------------------------------- */

typedef struct mosaic_event_builder mosaic_event_builder;
typedef struct mosaic_event mosaic_event;

/* NULL only when memory runs out. instance_id may be NULL, then build() reports it missing. */
MOSAIC_API mosaic_event_builder *mosaic_event_builder_new(const char *instance_id);
MOSAIC_API void mosaic_event_builder_free(mosaic_event_builder *builder);
MOSAIC_API void mosaic_event_builder_task_type(mosaic_event_builder *builder, mosaic_task_type v);
MOSAIC_API void mosaic_event_builder_model(mosaic_event_builder *builder, const char *model);
MOSAIC_API void mosaic_event_builder_provider(mosaic_event_builder *builder, mosaic_provider v);
MOSAIC_API void mosaic_event_builder_harness(mosaic_event_builder *builder, mosaic_harness v);
MOSAIC_API void mosaic_event_builder_complexity(mosaic_event_builder *builder, mosaic_complexity v);
MOSAIC_API void mosaic_event_builder_outcome(mosaic_event_builder *builder, mosaic_outcome v);
MOSAIC_API void mosaic_event_builder_duration_ms(mosaic_event_builder *builder, uint64_t ms);
MOSAIC_API void mosaic_event_builder_tokens(mosaic_event_builder *builder, uint64_t estimated_in,
                                            uint64_t estimated_out, uint64_t actual_in,
                                            uint64_t actual_out);
/* Micro-USD: 1 USD = 1 000 000. */
MOSAIC_API void mosaic_event_builder_cost(mosaic_event_builder *builder, uint64_t estimated_micros,
                                          uint64_t actual_micros);
/* The arrays are copied. Duplicates, unknown gates, or a failed gate that was not run make
 * build() fail naming the field. */
MOSAIC_API void mosaic_event_builder_quality(mosaic_event_builder *builder, bool passed,
                                             const mosaic_quality_gate *gates_run, size_t n_run,
                                             const mosaic_quality_gate *gates_failed,
                                             size_t n_failed);
MOSAIC_API void mosaic_event_builder_context(mosaic_event_builder *builder, uint32_t compactions,
                                             uint32_t rotations, double utilization);
/* NULL clears it (JSON null). */
MOSAIC_API void mosaic_event_builder_language(mosaic_event_builder *builder, const char *language);
MOSAIC_API void mosaic_event_builder_repo_size(mosaic_event_builder *builder, mosaic_repo_size v);
MOSAIC_API void mosaic_event_builder_retry_count(mosaic_event_builder *builder, uint32_t retries);
/* When the task ended, in milliseconds since the Unix epoch; 0 (default) means "at build". */
MOSAIC_API void mosaic_event_builder_timestamp_ms(mosaic_event_builder *builder, int64_t unix_ms);

/* MOSAIC_OK and *out set (free with mosaic_event_free), or MOSAIC_ERR_INVALID_EVENT with the
 * first broken rule in err, or MOSAIC_ERR_NO_MEMORY / MOSAIC_ERR_SYSTEM. */
MOSAIC_API mosaic_status mosaic_event_builder_build(mosaic_event_builder *builder,
                                                    mosaic_event **out, char *err, size_t errlen);

MOSAIC_API void mosaic_event_free(mosaic_event *event);
MOSAIC_API mosaic_event *mosaic_event_clone(const mosaic_event *event);
/* The event's id (36 characters, lowercase); storage owned by the event. */
MOSAIC_API const char *mosaic_event_id(const mosaic_event *event);
/* The event as one line of compact JSON with the schema's field names; free with mosaic_free. */
MOSAIC_API char *mosaic_event_to_json(const mosaic_event *event);
/* Parses and checks one event; the same rules as build(). */
MOSAIC_API mosaic_status mosaic_event_from_json(const char *json, mosaic_event **out, char *err,
                                                size_t errlen);
/* True when both events carry the same values in every field. */
MOSAIC_API bool mosaic_event_equal(const mosaic_event *a, const mosaic_event *b);

/* ---------------------------------------------------------------------------------------------
 * 6. Client. Owns a bounded in-memory queue and one background thread that sends batches.
 *    Thread-safety: track, flush, queue_size, is_running, get_stats and the prediction calls may
 *    be called from any thread at once. new/free must not race with anything else.
 *    Fork: in a child the queue is empty and no thread runs; the first track or flush starts one.
 * ------------------------------------------------------------------------------------------- */

typedef struct mosaic_client mosaic_client;

/* Validates and copies the config. Starts no thread and opens no socket. */
MOSAIC_API mosaic_status mosaic_client_new(const mosaic_config *config, mosaic_client **out,
                                           char *err, size_t errlen);
/* Turns background flushing on: a batch goes out when batch_size events wait, and the queue is
 * flushed every submit_interval_seconds (the first time at a random point of the first interval).
 * The thread itself starts with the first tracked event. Idempotent. */
MOSAIC_API mosaic_status mosaic_client_start(mosaic_client *client);
/* Copies the event into the queue and returns: no I/O, no allocation, never blocks on the
 * network, never fails. When the queue is full the oldest event is dropped and counted. A no-op
 * when disabled, stopped, or given NULL. */
MOSAIC_API void mosaic_client_track(mosaic_client *client, const mosaic_event *event);
/* Sends everything queued now and waits at most timeout_ms. MOSAIC_OK: all delivered or finally
 * settled (accepted, duplicate, rejected); MOSAIC_ERR_PENDING: some were kept for a later flush
 * (server down, auth failure, retries exhausted); MOSAIC_ERR_TIMEOUT: the deadline passed (the
 * transfer in flight is aborted, its events kept). */
MOSAIC_API mosaic_status mosaic_client_flush(mosaic_client *client, uint32_t timeout_ms);
/* Stops background flushing after a final flush of everything queued, bounded by timeout_ms
 * (plus at most ~250 ms to tear a transfer down). Events still queued afterwards (the deadline
 * came first, or the server kept refusing) stay queued and are counted as dropped_shutdown at
 * free. Idempotent; track after stop is a no-op. Returns as flush does. */
MOSAIC_API mosaic_status mosaic_client_stop(mosaic_client *client, uint32_t timeout_ms);
/* Calls stop with a 2 s deadline (which sends what is still queued, whether or not the client
 * was started; stop first with a deadline of 0 to discard instead), then frees everything.
 * NULL is fine. */
MOSAIC_API void mosaic_client_free(mosaic_client *client);
MOSAIC_API size_t mosaic_client_queue_size(const mosaic_client *client);
/* True between start and stop (whether or not the thread has started yet). */
MOSAIC_API bool mosaic_client_is_running(const mosaic_client *client);

/* Counters since the client was made. Set struct_size = sizeof(mosaic_stats) before the call;
 * fields beyond the given size are not written, so older callers keep working. */
typedef struct mosaic_stats {
    uint32_t struct_size;
    uint64_t tracked;           /* events accepted by track */
    uint64_t queued;            /* events in the queue now */
    uint64_t accepted;          /* the server stored them */
    uint64_t duplicates;        /* the server had them already */
    uint64_t rejected;          /* the server refused them one by one (202 "rejected") */
    uint64_t dropped_overflow;  /* the queue was full: oldest dropped */
    uint64_t dropped_bad_batch; /* 400, 422, other 4xx: the batch was dropped */
    uint64_t dropped_too_large; /* 413 on a single event */
    uint64_t dropped_shutdown;  /* still queued when the client was freed */
    uint64_t dry_run;           /* logged instead of sent */
    uint64_t requests;          /* HTTP requests made for events */
    uint64_t failed_requests;   /* requests without a 2xx answer */
    uint64_t retries;           /* retried requests */
    uint64_t kept_for_later;    /* events put back after retries ran out, auth or deadline */
    uint64_t split_batches;     /* 413 answers split in halves */
    uint64_t spooled;           /* written to the spool (kept events, or left at stop) */
    /* Refused for a value of this client's (an enum member the Mosaic documentation
     * does not show, e.g. outcome cancelled) and sent again once with its documented fallback
     * (outcome failure); each is then counted by how that resend ended. */
    uint64_t resent_with_fallback;
} mosaic_stats;

MOSAIC_API mosaic_status mosaic_client_get_stats(const mosaic_client *client, mosaic_stats *out);

/* ---------------------------------------------------------------------------------------------
 * 7. Predictions. Refresh asks the server (public endpoint, no API key sent) and caches each
 *    answer under its four dimensions for prediction_cache_ttl_seconds. get never calls the
 *    server. Works whether or not the client was started; not when disabled.
 * ------------------------------------------------------------------------------------------- */

typedef struct mosaic_prediction_query {
    mosaic_task_type task_type;
    const char *model;
    mosaic_provider provider;
    mosaic_complexity complexity;
} mosaic_prediction_query;

typedef struct mosaic_prediction mosaic_prediction;

/* A five-number summary of one figure over the matching tasks. */
typedef struct mosaic_distribution {
    double p10, p25, median, p75, p90;
} mosaic_distribution;

typedef void (*mosaic_prediction_done_fn)(mosaic_status status, void *user);

/* Up to 50 queries per request (more are sent in several requests). Each request, its retries
 * and waits included, takes at most request_timeout_seconds: a Retry-After beyond that makes the
 * call return MOSAIC_ERR_TIMEOUT at once. MOSAIC_OK when every answer was cached. */
MOSAIC_API mosaic_status mosaic_client_refresh_predictions(mosaic_client *client,
                                                           const mosaic_prediction_query *queries,
                                                           size_t n);
/* The same on a short-lived thread; `done` (may be NULL) runs on that thread when it finishes,
 * and may free the client. The queries are copied before this returns. Freeing the client cuts
 * refreshes in flight short and waits for them (not for their callbacks). */
MOSAIC_API mosaic_status mosaic_client_refresh_predictions_async(
    mosaic_client *client, const mosaic_prediction_query *queries, size_t n,
    mosaic_prediction_done_fn done, void *user);
/* A copy of the cached answer (free with mosaic_prediction_free), or NULL when absent, expired,
 * or on bad arguments. Never calls the server. */
MOSAIC_API mosaic_prediction *mosaic_client_get_prediction(mosaic_client *client,
                                                           const mosaic_prediction_query *query);
MOSAIC_API void mosaic_prediction_free(mosaic_prediction *prediction);
/* False when the server had no data for the query (its "prediction" was null). */
MOSAIC_API bool mosaic_prediction_has_data(const mosaic_prediction *prediction);
/* The distributions; all zero when has_data is false. */
MOSAIC_API mosaic_distribution mosaic_prediction_input_tokens(const mosaic_prediction *p);
MOSAIC_API mosaic_distribution mosaic_prediction_output_tokens(const mosaic_prediction *p);
MOSAIC_API mosaic_distribution mosaic_prediction_cost_usd_micros(const mosaic_prediction *p);
MOSAIC_API mosaic_distribution mosaic_prediction_duration_ms(const mosaic_prediction *p);
MOSAIC_API double mosaic_prediction_correction_input(const mosaic_prediction *p);
MOSAIC_API double mosaic_prediction_correction_output(const mosaic_prediction *p);
MOSAIC_API double mosaic_prediction_gate_pass_rate(const mosaic_prediction *p);
MOSAIC_API double mosaic_prediction_success_rate(const mosaic_prediction *p);
MOSAIC_API uint64_t mosaic_prediction_sample_size(const mosaic_prediction *p);
MOSAIC_API int mosaic_prediction_fallback_level(const mosaic_prediction *p);
MOSAIC_API mosaic_confidence mosaic_prediction_confidence(const mosaic_prediction *p);
/* "2026-02-15T05:00:00.000Z" as the server said it ("" when absent); owned by the prediction. */
MOSAIC_API const char *mosaic_prediction_last_updated(const mosaic_prediction *p);
/* The answer as the server's JSON result object ({"query", "prediction", "metadata"}); free
 * with mosaic_free. */
MOSAIC_API char *mosaic_prediction_to_json(const mosaic_prediction *p);

#ifdef __cplusplus
}
#endif

#endif /* MOSAIC_TELEMETRY_H */
