/* The preload channel (adapters/preload/run_channel.c): the records every process of a `run`
 * task appended through the shim, read back by `run` when the task ends. Any program of the
 * task can write there, so the reader takes nothing on trust. */
#include <stdlib.h>

#include "fuzz_support.h"
#include "preload/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_file("mosaic-telemetry-task-1-fuzz", data, size);
    run_tree tree;
    if (run_channel_read(path, &tree)) {
        for (size_t i = 0; i < tree.n_gates; i++)
            if ((int)tree.gates[i].gate < 0)
                abort();
        run_tree_free(&tree);
    }
    return 0;
}
