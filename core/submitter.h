/* Delivering a batch of events: the table of answers of docs/protocol.md, "Sending events" (202
 * per-event results, drops, auth pauses, 413 halving) on top of the sender's retries. No sockets
 * of its own: the transport behind the sender does the I/O. */
#ifndef MT_SUBMITTER_H
#define MT_SUBMITTER_H

#include "event.h"
#include "sender.h"

/* What became of one event. */
typedef enum mt_fate {
    MT_FATE_KEPT = 0, /* not delivered yet: goes back to the queue for a later flush */
    MT_FATE_ACCEPTED,
    MT_FATE_DUPLICATE,
    MT_FATE_REJECTED,  /* the server refused this event (202 "rejected"): never resent */
    MT_FATE_DROPPED,   /* its batch got 400/422/other 4xx */
    MT_FATE_TOO_LARGE, /* 413 even alone */
    MT_FATE_DRY_RUN,   /* logged, not sent */
} mt_fate;

typedef struct mt_submitter {
    mt_sender sender;
    char *url;           /* server_url + MT_EVENTS_PATH */
    const char *api_key; /* owned by the client's config */
    bool dry_run;
    bool held; /* the last submit met an answer that holds sending (401, 403, a redirect, ...) */
    char last_hold_cause[200];
} mt_submitter;

/* Sends events[0..n) (n <= MT_MAX_EVENTS_PER_BATCH) and writes each one's fate. Waits and
 * transfers end at *deadline_ms (NULL: none). Counts into sender.stats. */
void mt_submit(mt_submitter *submitter, const mosaic_event *events, size_t n, mt_fate *fates,
               const _Atomic int64_t *deadline_ms);

/* The same for events whose JSON is at hand already (json[i] of json_len[i] bytes is events[i]'s
 * mt_event_json): a flusher serialises the next batch while this one is on the wire. */
void mt_submit_serialised(mt_submitter *submitter, const mosaic_event *events, char *const *json,
                          const size_t *json_len, size_t n, mt_fate *fates,
                          const _Atomic int64_t *deadline_ms);

#endif
