#include "sender.h"

#include <time.h>

#include "clock.h"
#include "protocol.h"
#include "random.h"

static int64_t system_now(void *ctx)
{
    (void)ctx;
    return mt_monotonic_ms();
}

static void system_sleep_until(void *ctx, int64_t until_ms)
{
    (void)ctx;
    int64_t left = until_ms - mt_monotonic_ms();
    if (left <= 0)
        return;
    struct timespec ts = {left / 1000, (left % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static double system_random(void *ctx)
{
    (void)ctx;
    return mt_random_unit();
}

const mt_clock mt_system_clock = {system_now, system_sleep_until, system_random, NULL};

static int64_t deadline_of(const mt_http_request *request)
{
    return request->deadline_ms ? atomic_load(request->deadline_ms) : INT64_MAX;
}

/* Waits until `until`; false at once when the deadline has passed or comes before `until` (a
 * wait that cannot end in time is not begun: the events are kept instead). The deadline is read
 * again after every wake-up, since another thread may pull it in. */
static bool wait_until(mt_sender *s, const mt_http_request *request, int64_t until)
{
    for (;;) {
        int64_t now = s->clock.now_ms(s->clock.ctx);
        int64_t deadline = deadline_of(request);
        if (now >= deadline || until > deadline)
            return false;
        if (now >= until)
            return true;
        s->clock.sleep_until(s->clock.ctx, until);
    }
}

/* The delay before the next attempt, and the quiet period a Retry-After imposes. */
static int64_t next_delay(mt_sender *s, const mt_http_response *response, int attempt)
{
    if (mt_status_has_retry_after(response->status) && response->retry_after[0]) {
        int64_t now_unix = mt_realtime_ms();
        int64_t delay = mt_parse_retry_after(response->retry_after, now_unix);
        if (delay >= 0) {
            if (delay > MT_RETRY_AFTER_CAP_MS)
                delay = MT_RETRY_AFTER_CAP_MS;
            s->blocked_until_ms = s->clock.now_ms(s->clock.ctx) + delay;
            return delay;
        }
        mt_log(s->log, MOSAIC_LOG_WARN, "%s: ignoring an unreadable Retry-After header", s->what);
    }
    return mt_backoff_ms(attempt, s->backoff_base_ms, s->backoff_cap_ms,
                         s->clock.random_unit(s->clock.ctx));
}

static void log_retryable(mt_sender *s, const mt_http_response *response, int attempt,
                          int64_t delay)
{
    if (response->status)
        mt_log(s->log, MOSAIC_LOG_WARN, "%s: HTTP %ld, retry %d of %d in %lld ms", s->what,
               response->status, attempt, s->max_retries, (long long)delay);
    else
        mt_log(s->log, MOSAIC_LOG_WARN, "%s: %s, retry %d of %d in %lld ms", s->what,
               response->error, attempt, s->max_retries, (long long)delay);
}

mt_send_result mt_sender_post(mt_sender *s, const mt_http_request *request,
                              mt_http_response *response)
{
    for (int attempt = 1;; attempt++) {
        if (!wait_until(s, request, s->blocked_until_ms))
            return MT_SEND_CUT;
        s->transport->ops->send(s->transport, request, response);
        if (s->stats)
            mt_count(&s->stats->requests, 1);
        bool ok = response->status >= 200 && response->status < 300;
        if (!ok && s->stats)
            mt_count(&s->stats->failed_requests, 1);
        if (response->cut)
            return MT_SEND_CUT;
        if (mt_action_for_status(response->status) != MT_ACTION_RETRY)
            return MT_SEND_ANSWERED;
        int64_t delay = next_delay(s, response, attempt);
        if (attempt > s->max_retries) {
            mt_log(s->log, MOSAIC_LOG_WARN, "%s: giving up after %d retries (%s)", s->what,
                   s->max_retries, response->status ? "server error" : response->error);
            return MT_SEND_EXHAUSTED;
        }
        log_retryable(s, response, attempt, delay);
        if (s->stats)
            mt_count(&s->stats->retries, 1);
        if (!wait_until(s, request, s->clock.now_ms(s->clock.ctx) + delay))
            return MT_SEND_CUT;
    }
}
