/* `install` and `uninstall` for a harness that runs executable files named by event from a hooks
 * directory (the layout's shape KIT_HOOKS_FILES; Cline): one small shell script per event that
 * runs our command. A file is ours when a line of it is `exec <our command>` (hooks_edit.h, "an
 * entry is ours"); a file of the same name that is not ours is never touched, and then nothing
 * is changed at all. */
#ifndef KIT_HOOK_FILES_H
#define KIT_HOOK_FILES_H

#include "install.h"

/* Applies the job to the directory at job->path: the number of files written or removed (0:
 * nothing to do; a dry run prints each change as a diff and writes nothing), or -1 after one
 * line on stderr. */
int kit_hook_files_apply(const kit_install_job *job);

#endif
