/* mosaic_event_from_json, which reads the spool's, the history's and `history import`'s events:
 * its fast scanner (core/event_scan.c) must read exactly what its json-c reader reads, or say
 * "not sure". Each input goes both ways; any difference in status, message or event aborts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_fields.h"
#include "fuzz_support.h"

static void differ(const char *what, const char *input)
{
    fprintf(stderr, "event_json: the scanner and json-c differ on %s for: %.400s\n", what, input);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    mosaic_event *fast = NULL, *tree = NULL;
    char fast_err[256] = "", tree_err[256] = "";
    mosaic_status fast_status = mosaic_event_from_json(text, &fast, fast_err, sizeof fast_err);
    mosaic_status tree_status = mt_event_from_json_tree(text, &tree, tree_err, sizeof tree_err);
    if (fast_status != tree_status)
        differ("the status", text);
    if (fast_status != MOSAIC_OK && strcmp(fast_err, tree_err) != 0)
        differ("the message", text);
    if (fast_status == MOSAIC_OK && memcmp(fast, tree, sizeof *fast) != 0)
        differ("the event", text);
    mosaic_event_free(fast);
    mosaic_event_free(tree);
    free(text);
    return 0;
}
