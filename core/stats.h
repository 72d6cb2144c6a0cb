/* The client's counters: atomics, so the sending thread and track never share a lock for them. */
#ifndef MT_STATS_H
#define MT_STATS_H

#include <stdatomic.h>
#include <stdint.h>

typedef struct mt_stats {
    _Atomic uint64_t tracked, accepted, duplicates, rejected;
    _Atomic uint64_t dropped_overflow, dropped_bad_batch, dropped_too_large, dropped_shutdown;
    _Atomic uint64_t dry_run, requests, failed_requests, retries, kept_for_later, split_batches;
    _Atomic uint64_t spooled, resent_with_fallback;
} mt_stats;

static inline void mt_count(_Atomic uint64_t *counter, uint64_t n)
{
    atomic_fetch_add_explicit(counter, n, memory_order_relaxed);
}

#endif
