/* The decisions of docs/protocol.md that the project made itself, where the public documentation
 * is silent, in one place: paths, headers, limits, what each status means for the client, the
 * backoff formula. Change them here only. */
#ifndef MT_PROTOCOL_H
#define MT_PROTOCOL_H

#include <stdint.h>

#include "mosaic/telemetry.h"

#define MT_EVENTS_PATH             "/" MOSAIC_API_VERSION "/events/batch"
#define MT_PREDICTIONS_PATH        "/" MOSAIC_API_VERSION "/predictions/batch"
#define MT_USER_AGENT              "mosaicstack-telemetry-c/" MOSAIC_VERSION
#define MT_CONTENT_TYPE            "application/json"

#define MT_MAX_EVENTS_PER_BATCH    100     /* "Sending events": the server's maximum */
#define MT_MAX_QUERIES_PER_REQUEST 50      /* "Predictions" */
#define MT_RETRY_AFTER_CAP_MS      3600000 /* "Retries and deadlines": at most 1 hour */
#define MT_CONNECT_TIMEOUT_MS      5000    /* bounded separately from the whole request */
#define MT_MAX_RESPONSE_BYTES      (4u << 20)

/* What the client does with an answer ("Sending events", the table). Status 0 means no HTTP
 * answer. */
typedef enum mt_action {
    MT_ACTION_DONE,  /* 2xx: delivered */
    MT_ACTION_DROP,  /* 400, 422, other 4xx: the batch can never succeed */
    MT_ACTION_HOLD,  /* 401, 403 (and statuses the table does not name: 1xx, 3xx, 5xx other than
                        500/502/503/504): keep the events, pause until the next interval */
    MT_ACTION_SPLIT, /* 413: split in halves */
    MT_ACTION_RETRY, /* 408, 429, 500, 502, 503, 504, network error, timeout: back off, retry */
} mt_action;

mt_action mt_action_for_status(long status);

/* True when the status carries a Retry-After that replaces the computed delay (429, 503). */
int mt_status_has_retry_after(long status);

/* Delay before retry `attempt` (1, 2, ...): min(cap, base * 2^(attempt-1)) * (0.5 + 0.5 * unit),
 * with unit in [0, 1). */
int64_t mt_backoff_ms(int attempt, uint32_t base_ms, uint32_t cap_ms, double unit);

#endif
