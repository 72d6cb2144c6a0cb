/* Writing the history: events as the flush claims them, their delivery as it learns it, and
 * what falls out of the retention bound. Every call is one transaction: a process killed in the
 * middle leaves the history as it was before the call. */
#ifndef HIST_RECORD_H
#define HIST_RECORD_H

#include "event.h"
#include "hist_db.h"
#include "submitter.h"

/* The deliveries an event is recorded with, before anything is known of its fate. */
#define HIST_PENDING "pending" /* in the spool, on its way to the server */
#define HIST_UNSENT  "unsent"  /* no server configured: kept here alone, until one is */

/* Adds the events not there yet (by event_id; those there are left as they are) with delivery
 * (HIST_PENDING or HIST_UNSENT), recorded at now_ms. */
bool hist_record(hist_db *db, const mosaic_event *events, size_t n, const char *delivery,
                 int64_t now_ms, char *err, size_t errlen);

/* Up to max events recorded HIST_UNSENT whose timestamp is at since_ms or later, oldest first,
 * into events; *n gets how many. */
bool hist_unsent(hist_db *db, int64_t since_ms, mosaic_event *events, size_t max, size_t *n,
                 char *err, size_t errlen);

/* The events' rows that are HIST_UNSENT become HIST_PENDING: they are in the spool again. */
bool hist_mark_pending(hist_db *db, const mosaic_event *events, size_t n, char *err, size_t errlen);

/* What the flush learnt of each event: a pending (or unsent) row becomes sent, duplicate, rejected,
 * dropped or dry run (kept leaves it pending). A row whose delivery is known already keeps it: the
 * same event sent again after a crash comes back duplicate, and is still the one that was sent. */
bool hist_settle(hist_db *db, const mosaic_event *events, const mt_fate *fates, size_t n,
                 int64_t now_ms, char *err, size_t errlen);

/* Deletes the events whose timestamp is before before_ms; *deleted (may be NULL) gets how many. */
bool hist_prune(hist_db *db, int64_t before_ms, uint64_t *deleted, char *err, size_t errlen);

#endif
