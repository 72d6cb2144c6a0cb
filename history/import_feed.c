/* The reading half of `history import` (hist_import_feed.h): a thread turns lines into checked
 * events while the caller writes the previous batch, so an import costs what SQLite's inserts
 * cost, not that plus the parsing, on a machine with two cores. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "hist_import_feed.h"

#define SLOTS 2 /* one batch being read while the other is written */

struct hist_feed {
    FILE *in;
    pthread_t reader;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    hist_feed_batch batches[SLOTS];
    bool full[SLOTS]; /* read and waiting for the writer */
    int next_read, next_write;
    bool stopping; /* the writer gave up: the reader ends at its next batch */
    bool read_error;
};

static bool blank(const char *line)
{
    return line[strspn(line, " \t\r\n")] == '\0';
}

/* One line into the batch: an event, or why it is not one. */
static void read_item(hist_feed_batch *batch, char *line, uint64_t number)
{
    hist_feed_item *item = &batch->items[batch->n++];
    mosaic_event *event = NULL;
    item->line = number;
    item->why[0] = '\0';
    item->ok = mosaic_event_from_json(line, &event, item->why, sizeof item->why) == MOSAIC_OK;
    if (item->ok)
        item->event = *event;
    else if (!item->why[0])
        snprintf(item->why, sizeof item->why, "not an event");
    mosaic_event_free(event);
}

/* Waits for the slot to be free; false when the writer stopped. */
static bool wait_for_slot(hist_feed *f, int slot)
{
    pthread_mutex_lock(&f->lock);
    while (f->full[slot] && !f->stopping)
        pthread_cond_wait(&f->changed, &f->lock);
    bool go = !f->stopping;
    pthread_mutex_unlock(&f->lock);
    return go;
}

static void hand_over(hist_feed *f, int slot)
{
    pthread_mutex_lock(&f->lock);
    f->full[slot] = true;
    pthread_cond_broadcast(&f->changed);
    pthread_mutex_unlock(&f->lock);
}

static void *reader_main(void *arg)
{
    hist_feed *f = arg;
    char *line = NULL;
    size_t cap = 0;
    uint64_t number = 0;
    bool more = true;
    while (more) {
        int slot = f->next_read;
        if (!wait_for_slot(f, slot))
            break;
        hist_feed_batch *batch = &f->batches[slot];
        batch->n = 0;
        while (batch->n < HIST_FEED_BATCH && (more = getline(&line, &cap, f->in) >= 0))
            if (++number, !blank(line))
                read_item(batch, line, number);
        batch->last = !more;
        batch->lines = number;
        f->read_error = !more && ferror(f->in);
        f->next_read = (slot + 1) % SLOTS;
        hand_over(f, slot);
    }
    free(line);
    return NULL;
}

hist_feed *hist_feed_start(FILE *in)
{
    hist_feed *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->in = in;
    pthread_mutex_init(&f->lock, NULL);
    pthread_cond_init(&f->changed, NULL);
    if (pthread_create(&f->reader, NULL, reader_main, f) != 0) {
        pthread_cond_destroy(&f->changed);
        pthread_mutex_destroy(&f->lock);
        free(f);
        return NULL;
    }
    return f;
}

const hist_feed_batch *hist_feed_next(hist_feed *f)
{
    int slot = f->next_write;
    pthread_mutex_lock(&f->lock);
    while (!f->full[slot])
        pthread_cond_wait(&f->changed, &f->lock);
    pthread_mutex_unlock(&f->lock);
    return &f->batches[slot];
}

void hist_feed_done(hist_feed *f)
{
    int slot = f->next_write;
    f->next_write = (slot + 1) % SLOTS;
    pthread_mutex_lock(&f->lock);
    f->full[slot] = false;
    pthread_cond_broadcast(&f->changed);
    pthread_mutex_unlock(&f->lock);
}

bool hist_feed_stop(hist_feed *f)
{
    pthread_mutex_lock(&f->lock);
    f->stopping = true;
    pthread_cond_broadcast(&f->changed);
    pthread_mutex_unlock(&f->lock);
    pthread_join(f->reader, NULL);
    bool read_error = f->read_error;
    pthread_cond_destroy(&f->changed);
    pthread_mutex_destroy(&f->lock);
    free(f);
    return !read_error;
}
