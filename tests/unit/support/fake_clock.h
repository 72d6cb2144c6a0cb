/*
 * TEST DOUBLE — fake_clock: an mt_clock whose time stands still until the code under test asks
 * to sleep; sleep_until then jumps straight to the requested time and records how long the
 * sleep was. The jitter is fixed (unit >= 0) or real randomness (unit < 0).
 */
#ifndef TEST_FAKE_CLOCK_H
#define TEST_FAKE_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "sender.h"

#define FAKE_CLOCK_MAX_SLEEPS 64

typedef struct fake_clock {
    int64_t now;
    double unit;
    int64_t sleeps[FAKE_CLOCK_MAX_SLEEPS]; /* the length of each sleep, in ms */
    size_t n_sleeps;
} fake_clock;

void fake_clock_init(fake_clock *c, int64_t start_ms, double unit);
/* The seam to put into an mt_sender. */
mt_clock fake_clock_seam(fake_clock *c);

#endif
