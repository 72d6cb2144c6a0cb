/* `report`'s table: columns as wide as their widest cell, numbers to the right, a rule and the
 * totals row; bold header and totals only on a terminal (the caller decides, NO_COLOR included). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report.h"

enum { COLUMNS = 9, CELL = 40 };

typedef char row_cells[COLUMNS][CELL];

static const char *const HEADINGS[COLUMNS] = {
    NULL,         "Tasks",       "Success",       "Gates passed", "Input tokens", "Output tokens",
    "Cost (USD)", "Median time", "Estimates off",
};

/* How far estimates were from the actual tokens: the summed misses over the summed actuals. */
static void estimate_cell(const hist_figures *f, char *out, size_t len)
{
    double off = hist_rate(f->estimate_off_tokens, f->estimate_actual_tokens);
    if (f->estimated == 0 || off < 0)
        snprintf(out, len, "-");
    else
        snprintf(out, len, "%.1f%% of %llu", 100.0 * off, (unsigned long long)f->estimated);
}

static void fill(row_cells cells, const char *key, const hist_figures *f)
{
    snprintf(cells[0], CELL, "%s", key);
    cli_format_count(f->tasks, cells[1], CELL);
    cli_format_rate(hist_rate(f->outcomes[MOSAIC_OUTCOME_SUCCESS], f->tasks), cells[2], CELL);
    cli_format_rate(hist_rate(f->gates_passed, f->gated), cells[3], CELL);
    cli_format_count(f->input_tokens, cells[4], CELL);
    cli_format_count(f->output_tokens, cells[5], CELL);
    cli_format_usd(f->cost_usd_micros, cells[6], CELL);
    if (f->tasks)
        cli_format_duration((double)f->median_duration_ms, cells[7], CELL);
    else
        snprintf(cells[7], CELL, "-");
    estimate_cell(f, cells[8], CELL);
}

static void print_row(FILE *out, row_cells cells, const int *width, bool bold)
{
    fputs(bold ? "\033[1m" : "", out);
    for (int c = 0; c < COLUMNS; c++)
        fprintf(out, c == 0 ? "%-*s" : "  %*s", width[c], cells[c]);
    fputs(bold ? "\033[0m\n" : "\n", out);
}

static void print_rule(FILE *out, const int *width)
{
    int total = 0;
    for (int c = 0; c < COLUMNS; c++)
        total += width[c] + (c ? 2 : 0);
    for (int i = 0; i < total; i++)
        fputc('-', out);
    fputc('\n', out);
}

static void widen(int *width, row_cells cells)
{
    for (int c = 0; c < COLUMNS; c++) {
        int w = (int)strlen(cells[c]);
        width[c] = w > width[c] ? w : width[c];
    }
}

void cli_report_table(FILE *out, const hist_report *report, hist_group by, bool colour)
{
    row_cells heading, total;
    int width[COLUMNS] = {0};
    for (int c = 0; c < COLUMNS; c++)
        snprintf(heading[c], CELL, "%s", HEADINGS[c] ? HEADINGS[c] : "");
    /* "Day", "Task-type": the key's name as a heading. */
    snprintf(heading[0], CELL, "%s", hist_group_name(by));
    heading[0][0] = (char)(heading[0][0] - 'a' + 'A');
    fill(total, "Total", &report->total);
    widen(width, heading);
    widen(width, total);
    for (size_t i = 0; i < report->n; i++) {
        row_cells cells;
        fill(cells, report->rows[i].key, &report->rows[i].figures);
        widen(width, cells);
    }
    print_row(out, heading, width, colour);
    print_rule(out, width);
    for (size_t i = 0; i < report->n; i++) {
        row_cells cells;
        fill(cells, report->rows[i].key, &report->rows[i].figures);
        print_row(out, cells, width, false);
    }
    print_rule(out, width);
    print_row(out, total, width, colour);
}
