/* Shared helpers to make valid events through the public builder. */
#ifndef TEST_EVENTS_H
#define TEST_EVENTS_H

#include <stdbool.h>

#include "event.h"

#define TEST_INSTANCE_ID "12345678-1234-4234-8234-123456789abc"
#define TEST_API_KEY     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* A builder with instance id, model, complexity and outcome set: build() succeeds. */
mosaic_event_builder *test_builder(void);
/* A minimal valid event (aborts the process if the builder refuses it). */
mosaic_event *test_event(void);
/* An event with every field set to a non-default value. */
mosaic_event *test_full_event(void);

/* Builds b; on failure returns NULL and leaves the message in err. */
mosaic_event *test_build(mosaic_event_builder *b, char *err, size_t errlen);

#endif
