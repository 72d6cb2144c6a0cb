/* The reading half of `history import`: lines read and checked by a thread of their own, handed
 * over a batch at a time, in order (import_feed.c). */
#ifndef HIST_IMPORT_FEED_H
#define HIST_IMPORT_FEED_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"

#define HIST_FEED_BATCH 1024

typedef struct hist_feed_item {
    uint64_t line; /* from 1 */
    bool ok;       /* an event; else why says what is wrong with the line */
    mosaic_event event;
    char why[200];
} hist_feed_item;

typedef struct hist_feed_batch {
    hist_feed_item items[HIST_FEED_BATCH]; /* the batch's lines but blank ones */
    size_t n;
    uint64_t lines; /* lines read so far, blank ones included */
    bool last;      /* the input ended (or failed) with this batch */
} hist_feed_batch;

typedef struct hist_feed hist_feed;

/* Starts reading in on a thread; NULL when out of memory or threads. */
hist_feed *hist_feed_start(FILE *in);
/* The next batch, in order (waits for it); it is the caller's until hist_feed_done. */
const hist_feed_batch *hist_feed_next(hist_feed *feed);
void hist_feed_done(hist_feed *feed);
/* Stops the reader (after the line it is reading, if any) and frees the feed; false when the
 * input could not be read to its end. */
bool hist_feed_stop(hist_feed *feed);

#endif
