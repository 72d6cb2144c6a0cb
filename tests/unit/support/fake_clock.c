/* TEST DOUBLE: see fake_clock.h. */
#include "fake_clock.h"

#include <string.h>

#include "random.h"

static int64_t fake_now(void *ctx)
{
    return ((fake_clock *)ctx)->now;
}

static void fake_sleep_until(void *ctx, int64_t until_ms)
{
    fake_clock *c = ctx;
    if (c->n_sleeps < FAKE_CLOCK_MAX_SLEEPS)
        c->sleeps[c->n_sleeps] = until_ms - c->now;
    c->n_sleeps++;
    if (until_ms > c->now)
        c->now = until_ms;
}

static double fake_random(void *ctx)
{
    fake_clock *c = ctx;
    return c->unit >= 0 ? c->unit : mt_random_unit();
}

void fake_clock_init(fake_clock *c, int64_t start_ms, double unit)
{
    memset(c, 0, sizeof *c);
    c->now = start_ms;
    c->unit = unit;
}

mt_clock fake_clock_seam(fake_clock *c)
{
    return (mt_clock){fake_now, fake_sleep_until, fake_random, c};
}
