/* The report over the history: events grouped by a key, with what each group cost and how it
 * went (docs/cli.md, "report"). The command renders it as a table, JSON or HTML. */
#ifndef HIST_REPORT_H
#define HIST_REPORT_H

#include "hist_db.h"
#include "mosaic/telemetry.h"

typedef enum hist_group {
    HIST_BY_DAY,
    HIST_BY_WEEK, /* ISO 8601 weeks, "2026-W49" */
    HIST_BY_MONTH,
    HIST_BY_MODEL,
    HIST_BY_TASK_TYPE,
    HIST_BY_HARNESS,
    HIST_BY_OUTCOME,
    HIST_BY_LANGUAGE, /* "(none)" for events without one */
    HIST_GROUP_COUNT
} hist_group;

#define HIST_NO_GROUP HIST_GROUP_COUNT
#define HIST_OUTCOMES (MOSAIC_OUTCOME_CANCELLED + 1)

/* "day", "week", ... "task-type": the names --by takes; -1 for another. */
const char *hist_group_name(hist_group group);
int hist_group_parse(const char *name);

typedef struct hist_query {
    hist_group by;
    hist_group then;            /* a second key within the first (HIST_NO_GROUP: none) */
    int64_t since_ms, until_ms; /* the events' timestamps in [since_ms, until_ms) */
    bool utc;                   /* days, weeks and months in UTC rather than local time */
    const char *harness, *model, *task_type; /* NULL: any */
} hist_query;

typedef struct hist_figures {
    uint64_t tasks;
    uint64_t outcomes[HIST_OUTCOMES]; /* by mosaic_outcome */
    uint64_t input_tokens, output_tokens, cost_usd_micros;
    uint64_t gated, gates_passed; /* tasks that ran a gate, and of those whose gates passed */
    uint64_t estimated, estimate_off_tokens, estimate_actual_tokens; /* tasks with estimates:
                                                  |estimated - actual| and actual, in tokens */
    uint64_t median_duration_ms;
} hist_figures;

typedef struct hist_row {
    char key[128];
    char subkey[128]; /* "" without a second key */
    hist_figures figures;
} hist_row;

typedef struct hist_report {
    hist_row *rows; /* ordered by key (then subkey): dates ascend, names in byte order */
    size_t n;
    hist_figures total;
} hist_report;

bool hist_report_run(hist_db *db, const hist_query *query, hist_report *out, char *err,
                     size_t errlen);
void hist_report_free(hist_report *report);

/* The span of a date, YYYY-MM-DD or YYYYMMDD, in UTC or local time: [*start_ms, *end_ms) (a
 * day, or 23 or 25 hours across a change of clocks); false when text is not a date. */
bool hist_parse_date(const char *text, bool utc, int64_t *start_ms, int64_t *end_ms);

/* A figure's share: passed/gated and the like; negative when there is nothing to divide by. */
double hist_rate(uint64_t part, uint64_t whole);

#endif
