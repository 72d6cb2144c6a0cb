/* The HTML charts' day axis (report.h): every calendar day from the first to the last shown,
 * those without events included, so that a day on which nothing happened is a gap a reader sees
 * rather than a day squeezed out. Days are counted on the labels themselves (dates, whatever
 * zone made them), at noon UTC, where no change of clocks can move a date. */
#define _DEFAULT_SOURCE /* timegm */
#include <stdio.h>
#include <time.h>

#include "report.h"

#define DAY_S (24L * 3600)

bool cli_day_number(const char *text, long *out)
{
    int y, m, d;
    char more;
    if (!text || (sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &more) != 3 &&
                  sscanf(text, "%4d%2d%2d%c", &y, &m, &d, &more) != 3))
        return false;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
    *out = (long)((timegm(&tm) - DAY_S / 2) / DAY_S);
    return true;
}

void cli_day_key(long day, char *out, size_t len)
{
    time_t noon = (time_t)day * DAY_S + DAY_S / 2;
    struct tm tm;
    gmtime_r(&noon, &tm);
    strftime(out, len, "%Y-%m-%d", &tm);
}

void cli_day_axis_make(cli_day_axis *axis, const hist_report *days, const char *since,
                       const char *until)
{
    long first = 0, last = -1, day;
    bool have_first = cli_day_number(since, &first), have_last = cli_day_number(until, &last);
    if (!have_first && days->n && cli_day_number(days->rows[0].key, &day))
        first = day, have_first = true;
    if (!have_last && days->n && cli_day_number(days->rows[days->n - 1].key, &day))
        last = day, have_last = true;
    axis->first = first;
    axis->n = 0;
    if (!have_first || !have_last || last < first)
        return;
    /* A longer span keeps its latest days: the recent ones are what a reader looks for. */
    if (last - first + 1 > CLI_AXIS_MAX_DAYS)
        axis->first = last - CLI_AXIS_MAX_DAYS + 1;
    axis->n = (size_t)(last - axis->first + 1);
}

bool cli_day_axis_slot(const cli_day_axis *axis, const char *key, size_t *slot)
{
    long day;
    if (!cli_day_number(key, &day) || day < axis->first || day >= axis->first + (long)axis->n)
        return false;
    *slot = (size_t)(day - axis->first);
    return true;
}
