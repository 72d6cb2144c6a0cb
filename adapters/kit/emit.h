/* From a finished task to an event in the spool, the same for every adapter: the task's event
 * built by the plugin layer's lifecycle (plugin/task.h) with estimates from the predictions
 * stored beside the spool (estimates.h), appended to the spool, then the background flusher
 * started. */
#ifndef KIT_EMIT_H
#define KIT_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host.h"
#include "task.h"

typedef struct kit_emit {
    const char *who; /* the log prefix */
    const kit_host *host;
    const mosaic_config *config;
    const char *spool_flag; /* the subcommand's --spool-dir; NULL */
    /* Set when the task began in another process: */
    const char *event_id; /* chosen when it began, so that an emit repeated after a crash is a
                             duplicate at the server; NULL or not a UUID: a new one */
    int64_t end_wall_ms;  /* when it ended (the event's timestamp); 0: now */
} kit_emit;

/* Builds task's event as ended with outcome at now_ms (monotonic, as task->started_ms) and
 * appends it to the spool. True when it was appended; the spool's directory into dir. Problems
 * are one line each, under e->who. */
bool kit_emit_task(const kit_emit *e, mosaic_task *task, mosaic_outcome outcome, int64_t now_ms,
                   char *dir, size_t dir_len);

/* Starts the background flusher for the spool in dir when the config can send; otherwise one
 * line: the event waits in the spool, and why. */
void kit_start_flush(const char *who, const kit_host *host, const mosaic_config *config,
                     const char *dir);

#endif
