/* The spool: a directory of pending events that survives process exit, crashes and outages.
 * Hooks that live for one event append to it and exit; a flusher (the CLI, or a client that
 * starts) sends what it holds. Any number of processes may append and flush at once.
 *
 *   <dir>/open/events.jsonl                     the open segment that appends go to
 *   <dir>/pending/<unix ms>-<random>-<n>.jsonl   n events, one JSON object a line
 *   <dir>/tmp/                                  files being written (renamed when complete)
 *   <dir>/claims/<pid>-<random>/                a flusher's claimed files, and its .lock
 *   <dir>/quarantine/                           files that could not be read, set aside
 *   <dir>/state                                 counters and the last error (JSON)
 *
 * Appending is durable when it returns (fdatasync'd) and atomic: lines go to the open segment
 * under a lock and a reader only ever reads sealed files, which appear in pending/ complete (see
 * spool_segment.c). Sending is claim -> send -> settle: a claimed file is
 * renamed into the flusher's claim directory, whose lock the kernel releases if the flusher
 * dies; another flusher then puts the files back. A crash anywhere loses nothing, and what is
 * sent twice has the same event_id, which the server answers as a duplicate. */
#ifndef MT_SPOOL_H
#define MT_SPOOL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "log.h"
#include "submitter.h"

/* Bounds: past any of them the oldest events are evicted (and counted) when the spool is pruned,
 * which every flush does, and one append in MT_SPOOL_PRUNE_EVERY. */
#define MT_SPOOL_DEFAULT_MAX_EVENTS 10000
#define MT_SPOOL_DEFAULT_MAX_BYTES  (16u << 20)
#define MT_SPOOL_DEFAULT_MAX_AGE_MS (7LL * 24 * 3600 * 1000)
#define MT_SPOOL_PRUNE_EVERY        32

typedef struct mt_spool_limits {
    size_t max_events;
    uint64_t max_bytes;
    int64_t max_age_ms;
} mt_spool_limits;

typedef struct mt_spool_status {
    size_t events;         /* pending (the open segment's too), not claimed */
    uint64_t bytes;        /* of the pending files and the open segment */
    int64_t oldest_age_ms; /* -1 when nothing is pending */
    size_t claimed;        /* events in the claims of running flushers */
    size_t quarantined;    /* files set aside */
    uint64_t evicted;      /* events evicted by the bounds, ever */
    char last_error[256];  /* the last error a flush met, "" when none */
} mt_spool_status;

typedef struct mt_spool mt_spool;

/* $XDG_STATE_HOME/mosaic-telemetry/spool, else ~/.local/state/mosaic-telemetry/spool. False when
 * neither variable is set or the path does not fit. */
bool mt_spool_default_dir(char *out, size_t len);

/* Opens (creating, mode 0700) the spool at dir. limits NULL: the defaults. A directory that
 * cannot be created or written is an error naming the path and the reason. */
mosaic_status mt_spool_open(const char *dir, const mt_spool_limits *limits, const mt_logger *log,
                            mt_spool **out, char *err, size_t errlen);
/* In a forked child: lets go of the parent's claim directory (without touching it). */
void mt_spool_forget_claim(mt_spool *spool);
/* Puts this process's unsent claims back to pending, releases its lock, frees. */
void mt_spool_close(mt_spool *spool);
const char *mt_spool_dir(const mt_spool *spool);

/* Appends events to the open segment (mode 0600); durable and atomic when it returns MOSAIC_OK. */
mosaic_status mt_spool_append(mt_spool *spool, const mosaic_event *events, size_t n, char *err,
                              size_t errlen);

/* A claim: events moved out of pending for this process to send. */
typedef struct mt_spool_batch mt_spool_batch;
/* Claims the oldest pending files, up to max_events events (at least one file); the open
 * segment is sealed first when the pending files hold fewer. *out is NULL
 * when nothing is pending. Unreadable files met on the way are quarantined with one WARN. */
mosaic_status mt_spool_claim(mt_spool *spool, size_t max_events, mt_spool_batch **out);
size_t mt_spool_batch_size(const mt_spool_batch *batch);
const mosaic_event *mt_spool_batch_events(const mt_spool_batch *batch);
/* Each event's JSON (mt_event_json), made while claiming; *json_len gets the lengths. */
char *const *mt_spool_batch_json(const mt_spool_batch *batch, const size_t **json_len);
/* Settles a claim by its fates (one per event; NULL: all kept): settled events are deleted,
 * kept ones return to pending. Frees the batch. */
void mt_spool_settle(mt_spool *spool, mt_spool_batch *batch, const mt_fate *fates);

/* Evicts the oldest events beyond the bounds (whole files, then the oldest lines of the first
 * file that is only partly over; the open segment counts, and is sealed first when the spool is
 * over), returns dead flushers' claims to pending, deletes stale temporary files. */
mosaic_status mt_spool_prune(mt_spool *spool);
mosaic_status mt_spool_get_status(mt_spool *spool, mt_spool_status *out);
/* Records the last error of a flush (shown by `mosaic-telemetry status`); "" clears it. */
void mt_spool_note_error(mt_spool *spool, const char *error);

/* What a flush of the spool did. */
typedef struct mt_spool_flush_result {
    uint64_t accepted, duplicates, rejected, dropped, kept;
    uint64_t
        resent; /* sent again with documented values (fallback.h), counted above as they ended */
} mt_spool_flush_result;

/* Sends what the spool holds through the submitter, batch after batch, until it is empty, a
 * batch cannot be delivered (kept), or *deadline_ms passes. MOSAIC_OK when everything claimed
 * was settled; MOSAIC_ERR_PENDING when some events were kept; MOSAIC_ERR_TIMEOUT. */
mosaic_status mt_spool_flush(mt_spool *spool, mt_submitter *submitter, size_t batch_size,
                             const _Atomic int64_t *deadline_ms, mt_spool_flush_result *result);

/* Someone who keeps a record of what a flush sends (the command's local history): told of each
 * claimed batch before it is sent, and of its fates before it is settled. Either call failing
 * (false, with a one-line reason in err) keeps the whole batch in the spool and ends the flush
 * with MOSAIC_ERR_SYSTEM, the reason noted as the spool's last error: what the record could not
 * take is never sent nor settled without it. */
typedef struct mt_spool_observer {
    bool (*claimed)(void *user, const mosaic_event *events, size_t n, char *err, size_t errlen);
    bool (*settled)(void *user, const mosaic_event *events, const mt_fate *fates, size_t n,
                    char *err, size_t errlen);
    void *user;
} mt_spool_observer;

/* The delivered record (spool_delivered.c): events a client sent by itself rather than through
 * the command's flush, each under its fate (kept ones are skipped), written whole into
 * <dir>/delivered/ as "<fate>.<unix ms>-<16 hex>-<n>.jsonl" for the command's local history to
 * take in (docs/history.md). Best effort: a failure is one WARN. */
void mt_spool_record_delivered(mt_spool *spool, const mosaic_event *events, const mt_fate *fates,
                               size_t n);
/* "sent", "duplicate", "rejected", "dropped", "dry-run": a fate's name in the record; NULL for
 * kept. */
const char *mt_spool_fate_name(mt_fate fate);
#define MT_SPOOL_DELIVERED_DIR "delivered"

/* mt_spool_flush with an observer (NULL: none). */
mosaic_status mt_spool_flush_observed(mt_spool *spool, mt_submitter *submitter, size_t batch_size,
                                      const _Atomic int64_t *deadline_ms,
                                      const mt_spool_observer *observer,
                                      mt_spool_flush_result *result);

#endif
