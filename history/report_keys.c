/* The report's keys: the names --by takes, and the calendar buckets of a timestamp. */
#define _DEFAULT_SOURCE /* timegm */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hist_report.h"
#include "report_keys.h"

static const char *const NAMES[HIST_GROUP_COUNT] = {
    "day", "week", "month", "model", "task-type", "harness", "outcome", "language",
};

/* The events table's column for a group of text values; NULL for the calendar groups. */
static const char *const COLUMNS[HIST_GROUP_COUNT] = {
    NULL, NULL, NULL, "model", "task_type", "harness", "outcome", "language",
};

const char *hist_group_name(hist_group group)
{
    return group < HIST_GROUP_COUNT ? NAMES[group] : NULL;
}

int hist_group_parse(const char *name)
{
    for (int group = 0; group < HIST_GROUP_COUNT; group++)
        if (strcmp(NAMES[group], name) == 0)
            return group;
    return -1;
}

const char *hist_group_column(hist_group group)
{
    return group < HIST_GROUP_COUNT ? COLUMNS[group] : NULL;
}

/* Broken-down time <-> seconds, in UTC or local time (mktime finds the DST offset itself). */
static void split(time_t t, bool utc, struct tm *tm)
{
    if (utc)
        gmtime_r(&t, tm);
    else
        localtime_r(&t, tm);
}

static time_t join(struct tm *tm, bool utc)
{
    tm->tm_isdst = -1;
    return utc ? timegm(tm) : mktime(tm);
}

void hist_bucket_of(hist_group group, int64_t unix_ms, bool utc, hist_bucket *out)
{
    time_t t = (time_t)(unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000);
    struct tm tm;
    split(t, utc, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    if (group == HIST_BY_MONTH)
        tm.tm_mday = 1;
    if (group == HIST_BY_WEEK)
        tm.tm_mday -= (tm.tm_wday + 6) % 7; /* back to Monday */
    struct tm start = tm;
    time_t begins = join(&start, utc);
    struct tm next = start;
    if (group == HIST_BY_MONTH)
        next.tm_mon++;
    else
        next.tm_mday += group == HIST_BY_WEEK ? 7 : 1;
    time_t ends = join(&next, utc);
    out->start_ms = (int64_t)begins * 1000;
    out->end_ms = (int64_t)ends * 1000;
    if (group == HIST_BY_MONTH)
        strftime(out->key, sizeof out->key, "%Y-%m", &start);
    else if (group == HIST_BY_WEEK)
        strftime(out->key, sizeof out->key, "%G-W%V", &start);
    else
        strftime(out->key, sizeof out->key, "%Y-%m-%d", &start);
}

bool hist_parse_date(const char *text, bool utc, int64_t *start_ms, int64_t *end_ms)
{
    int year, month, day;
    char extra;
    bool dashed = sscanf(text, "%4d-%2d-%2d%c", &year, &month, &day, &extra) == 3;
    bool compact = !dashed && strlen(text) == 8 &&
                   sscanf(text, "%4d%2d%2d%c", &year, &month, &day, &extra) == 3;
    if (!(dashed || compact) || year < 1970 || month < 1 || month > 12 || day < 1 || day > 31)
        return false;
    struct tm tm = {.tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = 12};
    time_t noon = join(&tm, utc);
    if (tm.tm_mday != day) /* mktime moved 31 February on */
        return false;
    hist_bucket bucket;
    hist_bucket_of(HIST_BY_DAY, (int64_t)noon * 1000, utc, &bucket);
    *start_ms = bucket.start_ms;
    *end_ms = bucket.end_ms;
    return true;
}
