/* A spool file read back (core/spool_files.c, mt_spool_read_events): what a flush finds in a
 * pending file, which another process, a crash or a full disk may have left in any state. The
 * input is written as a pending file named for as many events as it has lines, so that the
 * events' JSON (mosaic_event_from_json) is what gets read. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_support.h"
#include "spool_files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t lines = 0;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    mt_spool_name name;
    if (!mt_spool_name_make(&name, 1780000000000, lines ? lines : 1))
        abort();
    fuzz_write_file(name.text, data, size);
    int dir_fd = open(fuzz_dir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0)
        abort();
    mosaic_event *events = NULL;
    size_t n = 0;
    char why[256];
    if (mt_spool_read_events(dir_fd, name.text, &events, &n, why, sizeof why))
        free(events);
    unlinkat(dir_fd, name.text, 0);
    close(dir_fd);
    return 0;
}
