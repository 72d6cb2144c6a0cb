/* Randomness from the kernel: event ids and the jitter of backoff and first flush. */
#ifndef MT_RANDOM_H
#define MT_RANDOM_H

#include <stdbool.h>
#include <stdint.h>

#define MT_UUID_LEN 36

/* A random UUID v4, lowercase and hyphenated, into out (37 bytes). False if the kernel's
 * random source failed. */
bool mt_uuid_v4(char out[MT_UUID_LEN + 1]);

/* A uniform double in [0, 1) from the kernel's random source (falls back to the clock). */
double mt_random_unit(void);

/* True for 8-4-4-4-12 hex digits; `lowercase_only` also refuses A-F. */
bool mt_is_uuid(const char *text, bool lowercase_only);

#endif
