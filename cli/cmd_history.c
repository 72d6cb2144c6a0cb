/* `history import FILE | export | prune --before DATE`: the local history kept by hand
 * (docs/history.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "clock.h"
#include "hist_io.h"
#include "hist_record.h"
#include "hist_report.h"
#include "history_feed.h"

#define CMD "history"

static const cli_flag IMPORT_FLAGS[] = {{"quiet", NULL, "do not name each bad line"}};
static const cli_spec IMPORT = {
    "history import",
    "FILE",
    "Adds the events of FILE (JSON lines, one event a line; - for stdin) to the history. Events\n"
    "there already (by event_id) are left as they are; bad lines are named with their numbers\n"
    "and skipped.",
    IMPORT_FLAGS,
    1,
};

static const cli_flag EXPORT_FLAGS[] = {
    {"since", "DATE", "from this day on (YYYY-MM-DD, local time)"},
    {"until", "DATE", "up to and with this day"},
    {"utc", NULL, "dates in UTC rather than local time"},
};
static const cli_spec EXPORT = {
    "history export",
    "[--since DATE] [--until DATE] [--utc]",
    "Prints the history's events as JSON lines, oldest first (what import reads).",
    EXPORT_FLAGS,
    3,
};

static const cli_flag PRUNE_FLAGS[] = {
    {"before", "DATE", "delete the events from before this day (YYYY-MM-DD, local time)"},
    {"utc", NULL, "the date in UTC rather than local time"},
};
static const cli_spec PRUNE = {
    "history prune",
    "--before DATE",
    "Deletes the events whose timestamp is before DATE. The history also drops what is older\n"
    "than 400 days by itself.",
    PRUNE_FLAGS,
    2,
};

static bool date_flag(const cli_args *args, const char *flag, bool end, int64_t *out)
{
    const char *text = cli_arg(args, flag);
    int64_t start, stop;
    if (!text)
        return true;
    if (!hist_parse_date(text, cli_arg(args, "utc") != NULL, &start, &stop)) {
        cli_error(CMD, "--%s: expected a date YYYY-MM-DD, got '%s'", flag, text);
        return false;
    }
    *out = end ? stop : start;
    return true;
}

typedef struct bad_lines {
    const char *file;
    bool quiet;
} bad_lines;

static void report_bad_line(void *user, uint64_t line, const char *why)
{
    const bad_lines *b = user;
    if (!b->quiet)
        cli_error(CMD, "%s:%llu: %s (skipped)", b->file, (unsigned long long)line, why);
}

static int import(int argc, char **argv)
{
    /* FILE is the one argument that is not a flag: taken out before the flags are parsed. */
    const char *file = NULL;
    char *rest[8];
    int n = 0;
    for (int i = 0; i < argc; i++) {
        if (i > 0 && !file && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0))
            file = argv[i];
        else if (n < 8)
            rest[n++] = argv[i];
    }
    cli_args args;
    int status = cli_args_parse(&IMPORT, n, rest, &args);
    if (status != CLI_OK)
        return status == CLI_HELP_SHOWN ? CLI_OK : status;
    if (!file) {
        cli_error(CMD, "import: missing FILE (JSON lines of events, or - for stdin)");
        return CLI_USAGE;
    }
    FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
    if (!in) {
        cli_error(CMD, "import: cannot read %s: %s", file, strerror(errno));
        return CLI_FAIL;
    }
    hist_db *db = NULL;
    status = cli_history_open(CMD, true, &db);
    hist_import_result r = {0};
    char err[512] = "";
    bad_lines bad = {file, cli_arg(&args, "quiet") != NULL};
    if (status == CLI_OK &&
        !hist_import(db, in, mt_realtime_ms(), report_bad_line, &bad, &r, err, sizeof err)) {
        cli_error(CMD, "import: %s", err);
        status = CLI_FAIL;
    }
    printf("added %llu, already there %llu, bad lines %llu\n", (unsigned long long)r.added,
           (unsigned long long)r.duplicates, (unsigned long long)r.bad);
    if (in != stdin)
        fclose(in);
    hist_close(db);
    return status;
}

static int export(int argc, char **argv)
{
    cli_args args;
    int status = cli_args_parse(&EXPORT, argc, argv, &args);
    if (status != CLI_OK)
        return status == CLI_HELP_SHOWN ? CLI_OK : status;
    int64_t since = INT64_MIN, until = INT64_MAX;
    if (!date_flag(&args, "since", false, &since) || !date_flag(&args, "until", true, &until))
        return CLI_USAGE;
    hist_db *db = NULL;
    if (cli_history_open(CMD, false, &db) != CLI_OK)
        return CLI_FAIL;
    uint64_t written = 0;
    char err[512] = "";
    bool ok =
        hist_export(db, stdout, since, until, &written, err, sizeof err) && fflush(stdout) == 0;
    if (!ok)
        cli_error(CMD, "export: %s", err[0] ? err : "cannot write");
    hist_close(db);
    return ok ? CLI_OK : CLI_FAIL;
}

static int prune(int argc, char **argv)
{
    cli_args args;
    int status = cli_args_parse(&PRUNE, argc, argv, &args);
    if (status != CLI_OK)
        return status == CLI_HELP_SHOWN ? CLI_OK : status;
    int64_t before = 0;
    if (!cli_arg(&args, "before")) {
        cli_error(CMD, "prune: --before DATE is required");
        return CLI_USAGE;
    }
    if (!date_flag(&args, "before", false, &before))
        return CLI_USAGE;
    hist_db *db = NULL;
    if (cli_history_open(CMD, false, &db) != CLI_OK)
        return CLI_FAIL;
    uint64_t deleted = 0;
    char err[512] = "";
    bool ok = hist_prune(db, before, &deleted, err, sizeof err);
    if (ok)
        printf("deleted %llu events\n", (unsigned long long)deleted);
    else
        cli_error(CMD, "prune: %s", err);
    hist_close(db);
    return ok ? CLI_OK : CLI_FAIL;
}

int cli_cmd_history(const cli_globals *globals, int argc, char **argv)
{
    (void)globals;
    const char *what = argc > 1 ? argv[1] : "";
    if (strcmp(what, "import") == 0)
        return import(argc - 1, argv + 1);
    if (strcmp(what, "export") == 0)
        return export(argc - 1, argv + 1);
    if (strcmp(what, "prune") == 0)
        return prune(argc - 1, argv + 1);
    if (strcmp(what, "--help") == 0 || strcmp(what, "-h") == 0) {
        printf("usage: " CLI_NAME " history import FILE | export [--since DATE] [--until DATE] "
               "| prune --before DATE\n");
        return CLI_OK;
    }
    cli_error(CMD, "expected import, export or prune, got '%s'", what);
    return CLI_USAGE;
}
