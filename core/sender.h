/* One POST with the retry rules of docs/protocol.md, "Retries and deadlines": exponential backoff
 * with jitter, Retry-After (seconds or HTTP-date) that also keeps the endpoint quiet until then,
 * and every wait bounded by the caller's deadline. Shared by events and predictions. Time comes
 * through a seam so the policy can be tested without sleeping. */
#ifndef MT_SENDER_H
#define MT_SENDER_H

#include "http.h"
#include "log.h"
#include "stats.h"

typedef struct mt_clock {
    int64_t (*now_ms)(void *ctx); /* monotonic */
    /* Waits until `until_ms` at the latest; may return early (another thread changed the
     * deadline, or a spurious wake-up): the sender looks again. */
    void (*sleep_until)(void *ctx, int64_t until_ms);
    double (*random_unit)(void *ctx); /* jitter in [0, 1) */
    void *ctx;
} mt_clock;

typedef struct mt_sender {
    mt_transport *transport;
    const mt_logger *log;
    mt_clock clock;
    int max_retries;
    uint32_t backoff_base_ms, backoff_cap_ms;
    int64_t blocked_until_ms; /* from the last Retry-After: no request before then */
    mt_stats *stats;          /* may be NULL */
    const char *what;         /* "events" or "predictions", for log lines */
} mt_sender;

typedef enum mt_send_result {
    MT_SEND_ANSWERED,  /* the response holds a final answer (success or not retryable) */
    MT_SEND_EXHAUSTED, /* retries ran out; the response holds the last retryable answer */
    MT_SEND_CUT,       /* the deadline came first */
} mt_send_result;

/* The real clock: CLOCK_MONOTONIC, nanosleep, the kernel's random source. */
extern const mt_clock mt_system_clock;

mt_send_result mt_sender_post(mt_sender *sender, const mt_http_request *request,
                              mt_http_response *response);

#endif
