/* Sending what the spool holds: claim, submit in requests of batch_size, settle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "spool_internal.h"

static void tally(mt_spool_flush_result *r, const mt_fate *fates, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (fates[i]) {
        case MT_FATE_ACCEPTED:
        case MT_FATE_DRY_RUN: r->accepted++; break;
        case MT_FATE_DUPLICATE: r->duplicates++; break;
        case MT_FATE_REJECTED: r->rejected++; break;
        case MT_FATE_DROPPED:
        case MT_FATE_TOO_LARGE: r->dropped++; break;
        case MT_FATE_KEPT: r->kept++; break;
        }
    }
}

/* Why events were kept, for `status`. */
static void note_kept(mt_spool *s, const mt_submitter *sub, bool deadline_passed, uint64_t kept)
{
    char line[256];
    snprintf(line, sizeof line, "%llu events kept: %s", (unsigned long long)kept,
             sub->held         ? sub->last_hold_cause
             : deadline_passed ? "the deadline came first"
                               : "the server could not be reached or kept failing");
    mt_spool_note_error(s, line);
}

/* Submits a claimed batch in requests of at most batch_size; true when nothing was kept. */
static bool send_batch(mt_submitter *sub, const mosaic_event *events, size_t n, mt_fate *fates,
                       size_t batch_size, const _Atomic int64_t *deadline_ms)
{
    bool all_settled = true;
    for (size_t off = 0; off < n; off += batch_size) {
        size_t chunk = n - off < batch_size ? n - off : batch_size;
        if (!all_settled) { /* after a failure the rest stays for later */
            memset(fates + off, 0, chunk * sizeof *fates);
            continue;
        }
        mt_submit(sub, events + off, chunk, fates + off, deadline_ms);
        for (size_t i = 0; i < chunk; i++)
            all_settled = all_settled && fates[off + i] != MT_FATE_KEPT;
    }
    return all_settled;
}

mosaic_status mt_spool_flush(mt_spool *s, mt_submitter *sub, size_t batch_size,
                             const _Atomic int64_t *deadline_ms, mt_spool_flush_result *result)
{
    mt_spool_flush_result local = {0};
    mt_spool_flush_result *r = result ? result : &local;
    memset(r, 0, sizeof *r);
    if (!s || !sub || batch_size == 0)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    mt_spool_prune(s);
    mosaic_status status = MOSAIC_OK;
    for (;;) {
        if (deadline_ms && mt_monotonic_ms() >= atomic_load(deadline_ms)) {
            status = MOSAIC_ERR_TIMEOUT;
            break;
        }
        mt_spool_batch *batch = NULL;
        if (mt_spool_claim(s, batch_size, &batch) != MOSAIC_OK) {
            status = MOSAIC_ERR_SYSTEM;
            break;
        }
        if (!batch)
            break; /* empty */
        size_t n = mt_spool_batch_size(batch);
        mt_fate *fates = calloc(n, sizeof *fates); /* calloc: MT_FATE_KEPT is 0 */
        bool settled = fates && send_batch(sub, mt_spool_batch_events(batch), n, fates, batch_size,
                                           deadline_ms);
        if (fates)
            tally(r, fates, n);
        else
            r->kept += n;
        mt_spool_settle(s, batch, fates); /* NULL fates (out of memory): all kept */
        free(fates);
        if (!settled) {
            bool late = deadline_ms && mt_monotonic_ms() >= atomic_load(deadline_ms);
            note_kept(s, sub, late, r->kept);
            status = late ? MOSAIC_ERR_TIMEOUT : MOSAIC_ERR_PENDING;
            break;
        }
    }
    if (status == MOSAIC_OK && r->accepted + r->duplicates > 0)
        mt_spool_note_error(s, ""); /* delivered again: the last error is history */
    return status;
}
