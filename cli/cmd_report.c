/* `report`: what the local history holds, grouped by day, week, month, model, task type,
 * harness, outcome or language, as a table, JSON or an HTML page (docs/cli.md, "report"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "history_feed.h"
#include "report.h"
#include "values.h"
#include "wire.h"

#define CMD "report"

static const cli_flag FLAGS[] = {
    {"by", "KEY", "day (default), week, month, model, task-type, harness, outcome or language"},
    {"since", "DATE", "from this day on (YYYY-MM-DD, local time)"},
    {"until", "DATE", "up to and with this day (YYYY-MM-DD, local time)"},
    {"utc", NULL, "days, weeks and months in UTC rather than local time"},
    {"harness", "HARNESS", "only this harness's events (claude_code, codex, ...)"},
    {"model", "MODEL", "only this model's events"},
    {"task-type", "TYPE", "only this task type's events"},
    {"json", NULL, "print JSON instead of the table"},
    {"html", "FILE", "also write a self-contained HTML page with charts to FILE"},
};

static const cli_spec SPEC = {
    CMD,
    "[--by KEY] [--since DATE] [--until DATE] [--utc] [--harness H] [--model M] [--task-type T] "
    "[--json] [--html FILE]",
    "Reports on the local history (MOSAIC_TELEMETRY_HISTORY, default\n"
    "$XDG_DATA_HOME/mosaic-telemetry/history.sqlite3): tasks, success and gate pass rates,\n"
    "tokens, cost, median duration, and how far estimates were from the actual figures.",
    FLAGS,
    sizeof FLAGS / sizeof *FLAGS,
};

/* --since and --until into the query's range. */
static bool read_range(const cli_args *args, hist_query *q)
{
    int64_t start, end;
    const char *since = cli_arg(args, "since"), *until = cli_arg(args, "until");
    if (since && !hist_parse_date(since, q->utc, &start, &end)) {
        cli_error(CMD, "--since: expected a date YYYY-MM-DD, got '%s'", since);
        return false;
    }
    if (since)
        q->since_ms = start;
    if (until && !hist_parse_date(until, q->utc, &start, &end)) {
        cli_error(CMD, "--until: expected a date YYYY-MM-DD, got '%s'", until);
        return false;
    }
    if (until)
        q->until_ms = end;
    return true;
}

/* An enum filter must name a member: a typo would otherwise report nothing, silently. */
static bool read_enum_filter(const cli_args *args, const char *flag, const mt_enum_table *table,
                             const char **out)
{
    *out = cli_arg(args, flag);
    int value;
    char what[32];
    snprintf(what, sizeof what, "--%s", flag);
    return !*out || cli_parse_enum(CMD, what, table, *out, &value);
}

static int read_query(const cli_args *args, hist_query *q)
{
    *q = (hist_query){.by = HIST_BY_DAY,
                      .then = HIST_NO_GROUP,
                      .until_ms = INT64_MAX,
                      .since_ms = INT64_MIN,
                      .utc = cli_arg(args, "utc") != NULL,
                      .model = cli_arg(args, "model")};
    const char *by = cli_arg(args, "by");
    int group = by ? hist_group_parse(by) : HIST_BY_DAY;
    if (group < 0) {
        cli_error(CMD,
                  "--by: expected day, week, month, model, task-type, harness, outcome or "
                  "language, got '%s'",
                  by);
        return CLI_USAGE;
    }
    q->by = (hist_group)group;
    bool ok = read_range(args, q) &&
              read_enum_filter(args, "harness", &mt_harness_table, &q->harness) &&
              read_enum_filter(args, "task-type", &mt_task_type_table, &q->task_type);
    return ok ? CLI_OK : CLI_USAGE;
}

static bool use_colour(void)
{
    const char *no_colour = getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no_colour && *no_colour);
}

/* The day-by-day reports the page's charts need, then the page. */
static bool write_html(hist_db *db, const hist_query *q, const hist_report *table,
                       const cli_args *args, const char *path, char *err, size_t errlen)
{
    hist_query days = *q, day_model = *q;
    days.by = day_model.by = HIST_BY_DAY;
    day_model.then = HIST_BY_MODEL;
    hist_report by_day, by_day_model;
    if (!hist_report_run(db, &days, &by_day, err, errlen))
        return false;
    bool ok = hist_report_run(db, &day_model, &by_day_model, err, errlen);
    FILE *out = ok ? fopen(path, "w") : NULL;
    if (ok && !out)
        snprintf(err, errlen, "--html: cannot write %s", path);
    if (out) {
        char range[96];
        const char *since = cli_arg(args, "since"), *until = cli_arg(args, "until");
        snprintf(range, sizeof range, "%s to %s", since ? since : "the start",
                 until ? until : "today");
        cli_report_pages pages = {table, &by_day, &by_day_model, q->by, range, since, until};
        cli_report_html(out, &pages);
        ok = fclose(out) == 0;
        if (!ok)
            snprintf(err, errlen, "--html: cannot write %s", path);
    }
    hist_report_free(&by_day);
    hist_report_free(&by_day_model);
    return ok && out;
}

static int report(const cli_globals *globals, const cli_args *args)
{
    hist_query q;
    int status = read_query(args, &q);
    if (status != CLI_OK)
        return status;
    cli_history_catch_up(&globals->host);
    char err[512] = "";
    hist_db *db = NULL;
    if (cli_history_open(CMD, false, &db) != CLI_OK)
        return CLI_FAIL;
    hist_report r;
    bool ok = hist_report_run(db, &q, &r, err, sizeof err);
    const char *html = cli_arg(args, "html");
    if (ok && html)
        ok = write_html(db, &q, &r, args, html, err, sizeof err);
    if (ok && cli_arg(args, "json"))
        ok = cli_report_json(stdout, &r, q.by);
    else if (ok)
        cli_report_table(stdout, &r, q.by, use_colour());
    if (!ok)
        cli_error(CMD, "%s", err[0] ? err : "out of memory");
    hist_report_free(&r);
    hist_close(db);
    return ok ? CLI_OK : CLI_FAIL;
}

int cli_cmd_report(const cli_globals *globals, int argc, char **argv)
{
    cli_args args;
    int status = cli_args_parse(&SPEC, argc, argv, &args);
    return status == CLI_OK ? report(globals, &args) : status;
}
