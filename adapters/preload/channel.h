/* The channel between the preload shim and `mosaic-telemetry run`: the names both sides must
 * agree on, in one place. The record format is described in report.c, which writes it. */
#ifndef MT_PRELOAD_CHANNEL_H
#define MT_PRELOAD_CHANNEL_H

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "<root pid>:<absolute channel path>", inherited by every process of the task. */
#define MT_CHANNEL_TASK_VAR "MOSAIC_TELEMETRY_PRELOAD_TASK"
/* The shim's file name: how an LD_PRELOAD value is known to load it. */
#define MT_CHANNEL_SHIM_FILE "libmosaic-telemetry-preload.so"
#define MT_CHANNEL_PREFIX    "mosaic-telemetry-task-"
/* The channel's first line. Version 2 ends only the commands that failed and tells a new
 * process's first command (X) from a process running another one (E); a reader that took its
 * records for version 1's would end a passing command with a later process's failure. Version 1
 * files are still read (report.c describes both). */
#define MT_CHANNEL_MAGIC   "mosaic-telemetry-preload "
#define MT_CHANNEL_HEADER  MT_CHANNEL_MAGIC "2\n"
#define MT_CHANNEL_DIR_MAX 512

/* Where a channel is made: MOSAIC_TELEMETRY_PRELOAD_DIR (for sandboxes that hide the others),
 * the private runtime directory, TMPDIR, /tmp; the first absolute, writable one. */
static inline const char *mt_channel_dir(void)
{
    const char *dirs[] = {getenv("MOSAIC_TELEMETRY_PRELOAD_DIR"), getenv("XDG_RUNTIME_DIR"),
                          getenv("TMPDIR"), "/tmp"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        const char *dir = dirs[i];
        if (dir && dir[0] == '/' && strlen(dir) < MT_CHANNEL_DIR_MAX &&
            access(dir, W_OK | X_OK) == 0)
            return dir;
    }
    return NULL;
}

#endif
