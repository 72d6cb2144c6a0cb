/* The bounded in-memory queue: a ring of events held by value, so that pushing one is a copy
 * with no allocation. Not locked: the client holds its lock around every call. */
#ifndef MT_QUEUE_H
#define MT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"

typedef struct mt_queue {
    mosaic_event *slots;
    size_t capacity;
    size_t head; /* the oldest event */
    size_t size;
} mt_queue;

/* Reserves and touches `capacity` slots, so that no push ever faults in a page. */
bool mt_queue_init(mt_queue *queue, size_t capacity);
void mt_queue_free(mt_queue *queue);
/* Appends a copy; when full the oldest event goes first. Returns how many were dropped (0/1). */
size_t mt_queue_push(mt_queue *queue, const mosaic_event *event);
/* Moves up to max of the oldest events into out; returns how many. */
size_t mt_queue_pop(mt_queue *queue, mosaic_event *out, size_t max);
/* Puts events back in front of the queue (they are older than anything queued), in order. When
 * there is no room for all, the oldest of them are dropped; returns how many were. */
size_t mt_queue_push_front(mt_queue *queue, const mosaic_event *events, size_t n);
void mt_queue_clear(mt_queue *queue);

#endif
