/* A flush of the spool, set up the way the client sets up its own sender (core/client.c), for
 * `flush` and `track --now`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "history_feed.h"
#include "protocol.h"
#include "transport_curl.h"

static char *events_url(const mosaic_config *config)
{
    size_t len = strlen(config->server_url) + sizeof MT_EVENTS_PATH;
    char *url = malloc(len);
    if (url)
        snprintf(url, len, "%s%s", config->server_url, MT_EVENTS_PATH);
    return url;
}

static void init_submitter(mt_submitter *s, const mosaic_config *config, mt_transport *transport,
                           mt_stats *stats)
{
    *s = (mt_submitter){0};
    s->sender.transport = transport;
    s->sender.log = &config->log;
    s->sender.clock = mt_system_clock;
    s->sender.max_retries = config->max_retries;
    s->sender.backoff_base_ms = config->backoff_base_ms;
    s->sender.backoff_cap_ms = config->backoff_cap_ms;
    s->sender.stats = stats;
    s->sender.what = "events";
    s->api_key = config->api_key;
    s->dry_run = config->dry_run;
}

/* The spool's last error: what the history said when it refused a batch. */
static void last_error(mt_spool *spool, char *why, size_t len)
{
    mt_spool_status st = {0};
    mt_spool_get_status(spool, &st);
    snprintf(why, len, "%s", st.last_error);
}

/* Events the spool can take before its bounds evict any: an evicted event would stay pending in
 * the history. Bytes are counted at 1 KiB an event, more than an event takes. */
static size_t spool_room(const mosaic_config *config, mt_spool *spool)
{
    mt_spool_limits limits;
    mt_config_spool_limits(config, &limits);
    mt_spool_status st = {0};
    mt_spool_get_status(spool, &st);
    size_t used = st.events + st.claimed;
    size_t by_count = limits.max_events > used ? limits.max_events - used : 0;
    uint64_t by_bytes = limits.max_bytes > st.bytes ? (limits.max_bytes - st.bytes) / 1024 : 0;
    return by_bytes < by_count ? (size_t)by_bytes : by_count;
}

/* What was recorded while no server was configured, and the spool would still hold, is sent
 * now, as much as the spool has room for (the rest goes with the next flushes). A failure
 * leaves it unsent for the next flush and sends the rest. */
static void respool_unsent(const mosaic_config *config, mt_spool *spool, hist_db *history)
{
    int64_t since_ms = mt_realtime_ms() - (int64_t)(config->spool_max_age_seconds * 1000.0);
    size_t room = spool_room(config, spool);
    uint64_t respooled = 0;
    char err[512] = "";
    if (room && !cli_history_respool(spool, history, since_ms, config->batch_size, room, &respooled,
                                     err, sizeof err))
        mt_spool_note_error(spool, err);
}

mosaic_status cli_flush_spool(const mosaic_config *config, mt_spool *spool, int64_t timeout_ms,
                              mt_spool_flush_result *result, char *why, size_t why_len)
{
    if (why_len)
        why[0] = '\0';
    *result = (mt_spool_flush_result){0};
    /* A dry run logs instead of sending, so it needs no connection (as in the client). */
    mt_transport *transport = config->dry_run ? NULL : mt_transport_curl_new(config, &config->log);
    mt_stats stats = {0};
    mt_submitter submitter;
    init_submitter(&submitter, config, transport, &stats);
    submitter.url = events_url(config);
    mosaic_status status = MOSAIC_ERR_SYSTEM;
    /* What the history cannot take is not sent: it stays in the spool (history_feed.h). */
    char history_err[512] = "";
    hist_db *history = NULL;
    bool recording = cli_history_open_writer(&history, history_err, sizeof history_err) == CLI_OK;
    uint64_t taken = 0; /* what a library client delivered by itself, first */
    if (recording && history)
        recording = cli_history_take_delivered(mt_spool_dir(spool), history, &taken, history_err,
                                               sizeof history_err);
    if (!recording)
        mt_spool_note_error(spool, history_err);
    else if (history)
        respool_unsent(config, spool, history);
    mt_spool_observer observer = cli_history_observer(history);
    if (recording && submitter.url && (transport || config->dry_run)) {
        _Atomic int64_t deadline_ms;
        atomic_init(&deadline_ms, mt_monotonic_ms() + timeout_ms);
        status = mt_spool_flush_observed(spool, &submitter, config->batch_size, &deadline_ms,
                                         history ? &observer : NULL, result);
        result->resent = atomic_load(&stats.resent_with_fallback);
    }
    hist_close(history);
    if (!recording && why_len)
        snprintf(why, why_len, "%s", history_err);
    else if (status == MOSAIC_ERR_SYSTEM && history && why_len) /* the observer's refusal */
        last_error(spool, why, why_len);
    else if (submitter.held && why_len) /* 401/403 and the like: the one cause worth showing */
        snprintf(why, why_len, "%s", submitter.last_hold_cause);
    else if (!transport && !config->dry_run && why_len)
        snprintf(why, why_len, "libcurl could not be set up");
    free(submitter.url);
    if (transport)
        transport->ops->destroy(transport);
    return status;
}
