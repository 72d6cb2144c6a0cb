/* `track --json` (cli/track_json.c): one event as a JSON document, completed from the builder's
 * defaults and checked by mosaic_event_from_json, as a vendor's script hands it to the command.
 * Its errors are one line each on stderr. */
#include "fuzz_support.h"
#include "track.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_file("event.json", data, size);
    mosaic_event *event = NULL;
    if (cli_track_event_from_json(path, "3f1c9a52-7d4e-4b8a-9c21-5e6f7a8b9c0d", &event) == CLI_OK)
        mosaic_event_free(event);
    return 0;
}
