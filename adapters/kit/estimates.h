/* Estimates for tasks that end in short-lived processes (the Claude Code hook, `run`).
 *
 * A task's estimated tokens and cost are the medians of the server's prediction for its four
 * dimensions. A client keeps predictions in memory; a hook lives for one event and must not wait
 * on the network. So predictions are kept on disk, next to the spool, in estimates.json:
 *   - a task that ends looks its dimensions up there (a file read, no network); when they are
 *     missing or older than prediction_cache_ttl_seconds it leaves them in the file as wanted;
 *   - the background flusher the hook starts anyway fetches what is wanted or stale, in one
 *     request after sending the spool, and writes the answers back.
 * The first task of a kind therefore has no estimate, and the ones after it do. The file is a
 * cache: losing it costs estimates, never events; it is replaced whole (write, then rename)
 * under estimates.lock, and a file that cannot be read counts as empty. */
#ifndef KIT_ESTIMATES_H
#define KIT_ESTIMATES_H

#include <stdint.h>

#include "config.h"
#include "task.h"

#define KIT_ESTIMATES_FILE "estimates.json"

typedef struct kit_estimate_source {
    const char *dir; /* the spool directory */
    int64_t ttl_ms;  /* prediction_cache_ttl_seconds */
} kit_estimate_source;

/* An mt_estimate_fn (user: a kit_estimate_source): the stored medians for the query when they
 * are fresh and the server had data; otherwise false, and a missing or stale query is left in the
 * file as wanted. Never calls the server. */
bool kit_estimate_lookup(const mosaic_prediction_query *query, mt_estimate *out, void *user);

/* Fetches predictions for what is wanted or stale in dir's store (one request, at most 50
 * queries, within the config's request timeout) and saves them. Does nothing when nothing is
 * wanted or stale. Quiet: it runs in the detached background flusher. True when it asked. */
bool kit_estimates_refresh(const mosaic_config *config, const char *dir);

/* What dir's store holds, for `status`: answers stored, of which with data, and queries wanted. */
void kit_estimates_count(const char *dir, size_t *stored, size_t *with_data, size_t *wanted);

#endif
