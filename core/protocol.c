#include "protocol.h"

mt_action mt_action_for_status(long status)
{
    if (status >= 200 && status < 300)
        return MT_ACTION_DONE;
    switch (status) {
    case 401:
    case 403: return MT_ACTION_HOLD;
    case 413: return MT_ACTION_SPLIT;
    case 0: /* no answer: connection refused, reset, timeout */
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504: return MT_ACTION_RETRY;
    }
    if (status >= 400 && status < 500)
        return MT_ACTION_DROP; /* 400, 422 and the rest: the same bytes would fail again */
    /* A redirect (we follow none: the URL is wrong), 501, 505 and the like: nothing the client
     * can fix by resending now, nothing that says the events are bad. Keep them, and wait. */
    return MT_ACTION_HOLD;
}

int mt_status_has_retry_after(long status)
{
    return status == 429 || status == 503;
}

int64_t mt_backoff_ms(int attempt, uint32_t base_ms, uint32_t cap_ms, double unit)
{
    double delay = base_ms;
    for (int k = 1; k < attempt && delay < cap_ms; k++)
        delay *= 2;
    if (delay > cap_ms)
        delay = cap_ms;
    return (int64_t)(delay * (0.5 + 0.5 * unit));
}
