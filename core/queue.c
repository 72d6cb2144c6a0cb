#include "queue.h"

#include <stdlib.h>

#define MT_PAGE_BYTES 4096

bool mt_queue_init(mt_queue *q, size_t capacity)
{
    *q = (mt_queue){0};
    q->slots = calloc(capacity, sizeof *q->slots);
    if (!q->slots)
        return false;
    /* Touch every page now: otherwise the first pass of the ring takes a page fault every few
     * events, inside track, and track would cost ten times its steady-state price. (A memset
     * would not do: the compiler may fold malloc + memset into calloc's untouched pages.) */
    volatile unsigned char *bytes = (volatile unsigned char *)q->slots;
    for (size_t i = 0; i < capacity * sizeof *q->slots; i += MT_PAGE_BYTES)
        bytes[i] = 0;
    q->capacity = capacity;
    return true;
}

void mt_queue_free(mt_queue *q)
{
    free(q->slots);
    *q = (mt_queue){0};
}

static size_t slot_at(const mt_queue *q, size_t offset)
{
    return (q->head + offset) % q->capacity;
}

size_t mt_queue_push(mt_queue *q, const mosaic_event *event)
{
    size_t dropped = 0;
    if (q->size == q->capacity) {
        q->head = slot_at(q, 1);
        q->size--;
        dropped = 1;
    }
    q->slots[slot_at(q, q->size)] = *event;
    q->size++;
    return dropped;
}

size_t mt_queue_pop(mt_queue *q, mosaic_event *out, size_t max)
{
    size_t n = max < q->size ? max : q->size;
    for (size_t i = 0; i < n; i++)
        out[i] = q->slots[slot_at(q, i)];
    q->head = slot_at(q, n);
    q->size -= n;
    return n;
}

size_t mt_queue_push_front(mt_queue *q, const mosaic_event *events, size_t n)
{
    size_t room = q->capacity - q->size;
    size_t dropped = n > room ? n - room : 0;
    /* Walk backwards so the kept events end up in their original order. */
    for (size_t i = n; i > dropped; i--) {
        q->head = (q->head + q->capacity - 1) % q->capacity;
        q->slots[q->head] = events[i - 1];
        q->size++;
    }
    return dropped;
}

void mt_queue_clear(mt_queue *q)
{
    q->head = 0;
    q->size = 0;
}
