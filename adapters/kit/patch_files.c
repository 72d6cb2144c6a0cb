/* The paths in a patch's headers (patch_files.h), one header a line. */
#include "patch_files.h"

#include <string.h>

static const char *const HEADERS[] = {
    "*** Add File: ", "*** Update File: ", "*** Delete File: ", "*** Move to: "};

void kit_task_touch_patch_files(kit_task *task, const char *patch)
{
    for (const char *line = patch; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        for (size_t i = 0; i < sizeof HEADERS / sizeof *HEADERS; i++) {
            size_t n = strlen(HEADERS[i]);
            char path[KIT_PATH_MAX];
            if (len > n && len - n < sizeof path && strncmp(line, HEADERS[i], n) == 0) {
                memcpy(path, line + n, len - n);
                path[len - n] = '\0';
                kit_task_touch_file(task, path);
            }
        }
        line += len + (end != NULL);
    }
}
