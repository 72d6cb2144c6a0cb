/* A session's seen file (adapters/kit/seen_set.c): binary records of what was counted already,
 * read back from the state directory where a crash may have torn the last one. The input is the
 * file, committed whole; the set is then queried, added to and committed again. */
#include <stdlib.h>

#include "fuzz_support.h"
#include "seen_set.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_file("seen", data, size);
    kit_seen *seen = kit_seen_load(path, size);
    if (!seen)
        abort();
    kit_seen_has_pair(seen, 0x1234);
    kit_seen_id_flags(seen, 0);
    kit_seen_id_flags(seen, 0x5678);
    kit_seen_offset(seen, "/tmp/transcript.jsonl");
    kit_seen_add(seen, 0x1234, 0x5678, 1);
    kit_seen_add(seen, 0, 0, 0);
    kit_seen_set_offset(seen, "/tmp/transcript.jsonl", size);
    uint64_t committed;
    char err[256];
    kit_seen_commit(seen, &committed, err, sizeof err);
    kit_seen_free(seen);
    return 0;
}
