/* A program outside the tree: it sees only the installed header and library. */
#include <mosaic/telemetry.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    mosaic_event_builder *b = mosaic_event_builder_new("12345678-1234-4234-8234-123456789abc");
    mosaic_event_builder_model(b, "gpt-5");
    mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_LOW);
    mosaic_event_builder_outcome(b, MOSAIC_OUTCOME_SUCCESS);
    mosaic_event *e = NULL;
    int ok = mosaic_event_builder_build(b, &e, NULL, 0) == MOSAIC_OK &&
             strcmp(mosaic_version(), MOSAIC_VERSION) == 0;
    mosaic_event_free(e);
    mosaic_event_builder_free(b);
    printf("%s %s\n", ok ? "ok" : "failed", mosaic_version());
    return ok ? 0 : 1;
}
