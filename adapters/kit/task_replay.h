/* From a task record (task_record.h) to an event in the spool: the record replayed into the plugin
 * layer's task lifecycle, then emitted (emit.h) with the record's event id and end time. */
#ifndef KIT_TASK_REPLAY_H
#define KIT_TASK_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "emit.h"
#include "hook_frame.h"
#include "task_record.h"

/* Builds the ended task's event (its outcome, duration, tokens, cost, gates, files, compactions)
 * for harness and appends it to the spool; e's event_id and end_wall_ms are taken from the
 * record. True when appended, with the spool's directory in dir; problems are logged. */
bool kit_task_emit(const kit_task *task, mosaic_harness harness, const kit_emit *e, char *dir,
                   size_t dir_len);

/* The same for a hook frame's session task, under the adapter's log prefix: f->spool_dir set
 * when the event was appended (so that the frame starts a flush). */
bool kit_frame_emit(kit_frame *f, mosaic_harness harness);

#endif
