#define _GNU_SOURCE /* timegm */
#include "clock.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t mt_monotonic_ms(void)
{
    return clock_ms(CLOCK_MONOTONIC);
}

int64_t mt_realtime_ms(void)
{
    return clock_ms(CLOCK_REALTIME);
}

void mt_format_timestamp(int64_t unix_ms, char out[MT_TIMESTAMP_LEN + 1])
{
    time_t seconds = (time_t)(unix_ms / 1000);
    int millis = (int)(unix_ms % 1000);
    if (millis < 0) {
        millis += 1000;
        seconds -= 1;
    }
    struct tm tm;
    gmtime_r(&seconds, &tm);
    /* Written digit by digit: this runs for every event built, and snprintf was a tenth of it. */
    const struct {
        int value, width;
        char after;
    } parts[] = {{tm.tm_year + 1900, 4, '-'},
                 {tm.tm_mon + 1, 2, '-'},
                 {tm.tm_mday, 2, 'T'},
                 {tm.tm_hour, 2, ':'},
                 {tm.tm_min, 2, ':'},
                 {tm.tm_sec, 2, '.'},
                 {millis, 3, 'Z'}};
    char *p = out;
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        int value = parts[i].value;
        for (int d = parts[i].width - 1; d >= 0; d--, value /= 10)
            p[d] = (char)('0' + value % 10);
        p += parts[i].width;
        *p++ = parts[i].after;
    }
    *p = '\0';
}

/* The number in exactly `width` digits (already checked to be digits). */
static int read_digits(const char *text, int width)
{
    int value = 0;
    for (int i = 0; i < width; i++)
        value = value * 10 + (text[i] - '0');
    return value;
}

bool mt_parse_timestamp(const char *text, int64_t *unix_ms)
{
    /* YYYY-MM-DDTHH:MM:SS.mmmZ */
    static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (!text || strlen(text) != MT_TIMESTAMP_LEN)
        return false;
    for (int i = 0; i < MT_TIMESTAMP_LEN; i++) {
        if (shape[i] == 'd' ? !isdigit((unsigned char)text[i]) : text[i] != shape[i])
            return false;
    }
    int year = read_digits(text, 4), month = read_digits(text + 5, 2);
    int day = read_digits(text + 8, 2), hour = read_digits(text + 11, 2);
    int minute = read_digits(text + 14, 2), second = read_digits(text + 17, 2);
    int millis = read_digits(text + 20, 3);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return false;
    struct tm tm = {.tm_year = year - 1900,
                    .tm_mon = month - 1,
                    .tm_mday = day,
                    .tm_hour = hour,
                    .tm_min = minute,
                    .tm_sec = second};
    time_t seconds = timegm(&tm);
    /* timegm normalises 31 February into March: reject dates that did not survive. */
    if (tm.tm_mday != day || tm.tm_mon != month - 1)
        return false;
    *unix_ms = (int64_t)seconds * 1000 + millis;
    return true;
}

/* 0..11 for an English month abbreviation, -1 otherwise. */
static int month_index(const char *name)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (int i = 0; i < 12; i++)
        if (strlen(name) == 3 && strncmp(months + 3 * i, name, 3) == 0)
            return i;
    return -1;
}

/* Unix ms of a broken-down UTC time, or -1 when a field is out of range. */
static int64_t utc_ms(int year, int month, int day, int hour, int minute, int second)
{
    if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || year < 1970)
        return -1;
    struct tm tm = {.tm_year = year - 1900,
                    .tm_mon = month,
                    .tm_mday = day,
                    .tm_hour = hour,
                    .tm_min = minute,
                    .tm_sec = second};
    return (int64_t)timegm(&tm) * 1000;
}

/* RFC 9110 §5.6.7: recipients accept all three formats. Parsed by hand rather than with
 * strptime, whose day and month names follow the host's locale (a harness running in German
 * would otherwise ignore every dated Retry-After). */
static int64_t parse_http_date(const char *value)
{
    char day_name[16], month[4];
    int day, year, hour, minute, second, end = 0;
    /* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
    if (sscanf(value, "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", day_name, &day, month,
               &year, &hour, &minute, &second, &end) == 7 &&
        value[end] == '\0')
        return utc_ms(year, month_index(month), day, hour, minute, second);
    /* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (a two-digit year is taken as 19xx from 70). */
    end = 0;
    if (sscanf(value, "%15[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d GMT%n", day_name, &day, month,
               &year, &hour, &minute, &second, &end) == 7 &&
        value[end] == '\0')
        return utc_ms(year + (year >= 70 ? 1900 : 2000), month_index(month), day, hour, minute,
                      second);
    /* asctime: Sun Nov  6 08:49:37 1994 */
    end = 0;
    if (sscanf(value, "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", day_name, month, &day, &hour,
               &minute, &second, &year, &end) == 7 &&
        value[end] == '\0')
        return utc_ms(year, month_index(month), day, hour, minute, second);
    return -1;
}

int64_t mt_parse_retry_after(const char *value, int64_t now_unix_ms)
{
    if (!value)
        return -1;
    while (isspace((unsigned char)*value))
        value++;
    char trimmed[128];
    size_t len = strlen(value);
    while (len > 0 && isspace((unsigned char)value[len - 1]))
        len--;
    if (len == 0 || len >= sizeof trimmed)
        return -1;
    memcpy(trimmed, value, len);
    trimmed[len] = '\0';

    bool all_digits = true;
    for (size_t i = 0; i < len; i++)
        all_digits = all_digits && isdigit((unsigned char)trimmed[i]);
    if (all_digits) {
        if (len > 9) /* more than ~30 years: treat as the cap, not as an overflow */
            return INT64_MAX / 2;
        return (int64_t)strtol(trimmed, NULL, 10) * 1000;
    }
    int64_t at = parse_http_date(trimmed);
    if (at < 0)
        return -1;
    return at > now_unix_ms ? at - now_unix_ms : 0;
}
