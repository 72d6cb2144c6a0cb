/* `report`'s renderings of a hist_report: the table, JSON, and the HTML page. */
#ifndef CLI_REPORT_H
#define CLI_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "hist_report.h"

/* The table, ccusage-like: one row per key, a totals row; colour (bold header and totals) only
 * when colour is true. */
void cli_report_table(FILE *out, const hist_report *report, hist_group by, bool colour);

/* {"by": ..., "rows": [...], "total": {...}} (docs/cli.md, "report"). False when out of memory. */
bool cli_report_json(FILE *out, const hist_report *report, hist_group by);

/* What the HTML page shows: the table's report, and the same events by day and model. */
typedef struct cli_report_pages {
    const hist_report *table;     /* by the chosen key */
    const hist_report *by_day;    /* by day: tasks by outcome, gate pass rate */
    const hist_report *day_model; /* by day, then model: the cost stacked */
    hist_group by;
    const char *title_range;   /* "2026-11-01 to 2026-12-03", or "all time" */
    const char *since, *until; /* --since and --until as given (NULL: none): the charts' days */
} cli_report_pages;

void cli_report_html(FILE *out, const cli_report_pages *pages);

/* ---- the charts' continuous day axis (report_days.c) ---------------------------------------- */

#define CLI_AXIS_MAX_DAYS 1000 /* days drawn; a longer range is still summed in the table */

typedef struct cli_day_axis {
    long first; /* the first day, in days since 1970-01-01 */
    size_t n;   /* days on the axis, with or without events */
} cli_day_axis;

/* A date, YYYY-MM-DD or YYYYMMDD, as days since 1970-01-01; false for NULL or another text. */
bool cli_day_number(const char *text, long *out);
/* The day's date, YYYY-MM-DD. */
void cli_day_key(long day, char *out, size_t len);
/* Every day from since (else the first day of days, a by-day report) to until (else its last),
 * the latest CLI_AXIS_MAX_DAYS of them when more; n 0 when there is neither end. */
void cli_day_axis_make(cli_day_axis *axis, const hist_report *days, const char *since,
                       const char *until);
/* The slot of a day's key on the axis; false when the day is not on it. */
bool cli_day_axis_slot(const cli_day_axis *axis, const char *key, size_t *slot);

/* "1,234,567". */
void cli_format_count(uint64_t n, char *out, size_t len);
/* "$1,234.56" from micro-dollars (rounded to the cent). */
void cli_format_usd(uint64_t micros, char *out, size_t len);
/* "83.3%" of a rate in [0, 1]; "-" for a negative rate (nothing to divide by). */
void cli_format_rate(double rate, char *out, size_t len);

#endif
