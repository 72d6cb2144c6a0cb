/* The events answer (POST /v1/events/batch, docs/protocol.md, "Sending events"): a batch of four
 * events submitted through mt_submit to a transport that answers with the input. The first byte
 * picks the status (202, the one with a result per event, most often), the rest is the body, so
 * the result list, the per-event statuses, the "error" reasons, the rejected events' fallback and
 * the 413 split are all reached. The clock is a stand-in that never sleeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "submitter.h"

#define N_EVENTS 4

typedef struct answer_transport {
    mt_transport base; /* first: the sender only sees an mt_transport * */
    long status;
    const uint8_t *body;
    size_t body_len;
} answer_transport;

static void answer(mt_transport *t, const mt_http_request *request, mt_http_response *response)
{
    (void)request;
    answer_transport *a = (answer_transport *)t;
    response->status = a->status;
    mt_buf_append(&response->body, (const char *)a->body, a->body_len);
}

static void no_wake(mt_transport *t)
{
    (void)t;
}

static const mt_transport_ops answer_ops = {answer, no_wake, no_wake};

static int64_t clock_now;
static int64_t now_ms(void *ctx)
{
    (void)ctx;
    return clock_now;
}
static void sleep_until(void *ctx, int64_t until_ms)
{
    (void)ctx;
    if (until_ms > clock_now)
        clock_now = until_ms;
}
static double no_jitter(void *ctx)
{
    (void)ctx;
    return 0.5;
}

static void discard(mosaic_log_level level, const char *message, void *user)
{
    (void)level, (void)message, (void)user;
}

/* Four events whose ids a seed can name: ...0001 to ...0004. */
static const mosaic_event *events(void)
{
    static mosaic_event list[N_EVENTS];
    static bool made;
    for (int i = 0; !made && i < N_EVENTS; i++) {
        mosaic_event_builder *b = mosaic_event_builder_new("3f1c9a52-7d4e-4b8a-9c21-5e6f7a8b9c0d");
        mosaic_event_builder_model(b, "claude-sonnet-4-5-20250929");
        mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_MEDIUM);
        mosaic_event_builder_outcome(b, MOSAIC_OUTCOME_SUCCESS);
        mosaic_event *e = NULL;
        if (mosaic_event_builder_build(b, &e, NULL, 0) != MOSAIC_OK)
            abort();
        mosaic_event_builder_free(b);
        list[i] = *e;
        mosaic_event_free(e);
        snprintf(list[i].event_id, sizeof list[i].event_id, "00000000-0000-4000-8000-00000000000%d",
                 i + 1);
    }
    made = true;
    return list;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const long statuses[] = {202, 202, 202, 202, 200, 400, 401, 413, 422, 429, 500, 302};
    if (size == 0)
        return 0;
    answer_transport transport = {{&answer_ops}, statuses[data[0] % 12], data + 1, size - 1};
    mt_logger log = {MOSAIC_LOG_DEBUG, discard, NULL};
    mt_submitter submitter = {
        .sender = {.transport = &transport.base,
                   .log = &log,
                   .clock = {now_ms, sleep_until, no_jitter, NULL},
                   .max_retries = 1,
                   .backoff_base_ms = 100,
                   .backoff_cap_ms = 1000,
                   .what = "events"},
        .url = "https://telemetry.example.com/v1/events/batch",
        .api_key = "fuzz",
    };
    mt_fate fates[N_EVENTS];
    mt_submit(&submitter, events(), N_EVENTS, fates, NULL);
    return 0;
}
