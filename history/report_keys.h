/* The report's keys (report_keys.c): calendar buckets and dates. */
#ifndef HIST_REPORT_KEYS_H
#define HIST_REPORT_KEYS_H

#include <stdbool.h>
#include <stdint.h>

#include "hist_report.h"

/* A calendar bucket: its key ("2026-12-03", "2026-W49", "2026-12") and its span. */
typedef struct hist_bucket {
    char key[16];
    int64_t start_ms, end_ms;
} hist_bucket;

/* The day, ISO week or month (group) holding unix_ms, in UTC or local time. */
void hist_bucket_of(hist_group group, int64_t unix_ms, bool utc, hist_bucket *out);

/* The events table's column of a text group; NULL for a calendar one. */
const char *hist_group_column(hist_group group);

#endif
