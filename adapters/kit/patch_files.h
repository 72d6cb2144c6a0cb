/* The files an apply_patch patch names (the patch grammar Codex CLI and Cline both use: `*** Add
 * File: `, `*** Update File: `, `*** Delete File: `, `*** Move to: ` headers), touched in a task.
 */
#ifndef KIT_PATCH_FILES_H
#define KIT_PATCH_FILES_H

#include "task_record.h"

void kit_task_touch_patch_files(kit_task *task, const char *patch);

#endif
