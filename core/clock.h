/* Clocks and time formats: the small system facts the rest of the core needs (randomness is
 * random.h's). */
#ifndef MT_CLOCK_H
#define MT_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Milliseconds of CLOCK_MONOTONIC: for every wait and deadline. */
int64_t mt_monotonic_ms(void);
/* Milliseconds since the Unix epoch (CLOCK_REALTIME): for timestamps. */
int64_t mt_realtime_ms(void);

/* "2026-02-15T05:29:05.123Z" (24 characters + NUL) for unix_ms. */
#define MT_TIMESTAMP_LEN 24
void mt_format_timestamp(int64_t unix_ms, char out[MT_TIMESTAMP_LEN + 1]);
/* Parses exactly the format above; false on anything else. */
bool mt_parse_timestamp(const char *text, int64_t *unix_ms);

/* A Retry-After value: delta-seconds or an HTTP-date (IMF-fixdate, RFC 850 or asctime).
 * Returns the delay in ms from now_unix_ms (0 for a date in the past), or -1 if unparseable. */
int64_t mt_parse_retry_after(const char *value, int64_t now_unix_ms);

#endif
