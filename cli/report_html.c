/* `report --html`: one self-contained page (inline CSS and SVG, no script, no font or image from
 * anywhere) with the cost per day stacked by model, tasks per day by outcome, the gate pass rate
 * over time, and the report's table. The charts share one continuous day axis (report_days.c):
 * a day without events is a shaded gap, and the gate line breaks on a day without gates. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report.h"
#include "wire.h"

#define CHART_W 760
#define CHART_H 260
#define LEFT    70 /* room for the axis labels */
#define BOTTOM  40
#define TOP     12
#define PLOT_W  (CHART_W - LEFT - 10)
#define PLOT_H  (CHART_H - TOP - BOTTOM)

/* Series colours: models cycle through these; outcomes have their own. */
static const char *const MODEL_COLOURS[] = {"#1f77b4", "#ff7f0e", "#9467bd", "#8c564b",
                                            "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
#define N_MODEL_COLOURS (sizeof MODEL_COLOURS / sizeof *MODEL_COLOURS)
static const char *const OUTCOME_COLOURS[HIST_OUTCOMES] = {"#2ca02c", "#d62728", "#ffbf00",
                                                           "#6a3d9a", "#999999"};
#define GATE_COLOUR "#00897b"

static void escaped(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*p, out);
        }
    }
}

static void chart_open(FILE *out, const char *id, const char *title)
{
    fprintf(out,
            "<h2>%s</h2>\n<svg id=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            "xmlns=\"http://www.w3.org/2000/svg\">\n",
            title, id, CHART_W, CHART_H, CHART_W, CHART_H);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>\n", LEFT,
            TOP + PLOT_H, LEFT + PLOT_W, TOP + PLOT_H);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>\n", LEFT, TOP,
            LEFT, TOP + PLOT_H);
}

/* Each day's row of a by-day report by its slot on the axis; NULL for a day without events. */
typedef struct day_rows {
    const cli_day_axis *axis;
    const hist_row *at[CLI_AXIS_MAX_DAYS];
} day_rows;

static void place_days(day_rows *d, const cli_day_axis *axis, const hist_report *days)
{
    d->axis = axis;
    memset(d->at, 0, sizeof d->at);
    size_t slot;
    for (size_t i = 0; i < days->n; i++)
        if (cli_day_axis_slot(axis, days->rows[i].key, &slot))
            d->at[slot] = &days->rows[i];
}

static double slot_width(const cli_day_axis *axis)
{
    return axis->n ? (double)PLOT_W / (double)axis->n : 0;
}

static double slot_middle(const cli_day_axis *axis, size_t slot)
{
    return LEFT + slot_width(axis) * ((double)slot + 0.5);
}

/* A band behind each day, data-day naming it; a day without events is shaded and says so on
 * hover, so that a reader sees that nothing happened then rather than a missing day. */
static void day_slots(FILE *out, const day_rows *d)
{
    char key[16], what[48];
    for (size_t slot = 0; slot < d->axis->n; slot++) {
        uint64_t tasks = d->at[slot] ? d->at[slot]->figures.tasks : 0;
        cli_day_key(d->axis->first + (long)slot, key, sizeof key);
        if (tasks)
            snprintf(what, sizeof what, "%llu tasks", (unsigned long long)tasks);
        fprintf(out,
                "<rect class=\"day%s\" data-day=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                "height=\"%d\"><title>%s: %s</title></rect>\n",
                tasks ? "" : " empty", key, LEFT + slot_width(d->axis) * (double)slot, TOP,
                slot_width(d->axis), PLOT_H, key, tasks ? what : "no events");
    }
}

/* The day labels under the bars: about ten, evenly spread over the axis. */
static void day_labels(FILE *out, const cli_day_axis *axis)
{
    size_t every = axis->n > 10 ? (axis->n + 9) / 10 : 1;
    char key[16];
    for (size_t slot = 0; slot < axis->n; slot += every) {
        cli_day_key(axis->first + (long)slot, key, sizeof key);
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"label\">%s</text>\n",
                slot_middle(axis, slot), TOP + PLOT_H + 16, key);
    }
}

static void y_label(FILE *out, double fraction, const char *text)
{
    fprintf(out, "<text x=\"%d\" y=\"%.1f\" class=\"ylabel\">%s</text>\n", LEFT - 6,
            TOP + PLOT_H * (1.0 - fraction) + 4, text);
}

/* One segment of a stacked bar. */
static void segment(FILE *out, const cli_day_axis *axis, size_t slot, double from, double to,
                    const char *colour, const char *tip)
{
    double width = slot_width(axis);
    double y0 = TOP + PLOT_H * (1.0 - to), height = PLOT_H * (to - from);
    fprintf(out,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
            "<title>",
            LEFT + width * (double)slot + width * 0.1, y0, width * 0.8, height, colour);
    escaped(out, tip);
    fputs("</title></rect>\n", out);
}

/* The models of day_model in order of first appearance; past MAX_MODELS they share the last
 * colour slot's index. */
#define MAX_MODELS 64
typedef struct model_list {
    const char *names[MAX_MODELS];
    size_t n;
} model_list;

static size_t model_of(model_list *models, const char *name)
{
    for (size_t i = 0; i < models->n; i++)
        if (strcmp(models->names[i], name) == 0)
            return i;
    if (models->n == MAX_MODELS)
        return MAX_MODELS - 1;
    models->names[models->n] = name;
    return models->n++;
}

static void legend(FILE *out, const char *colour, const char *name)
{
    fprintf(out, "<span class=\"key\"><i style=\"background:%s\"></i>", colour);
    escaped(out, name);
    fputs("</span>\n", out);
}

/* The largest of one figure (a uint64_t of hist_figures, by offset) over the days; at least 1,
 * so that a scale never divides by zero. */
static uint64_t largest(const hist_report *days, size_t offset)
{
    uint64_t top = 1;
    for (size_t i = 0; i < days->n; i++) {
        const uint64_t *figure = (const uint64_t *)((const char *)&days->rows[i].figures + offset);
        top = *figure > top ? *figure : top;
    }
    return top;
}

/* A per-day chart's frame, its days' bands and its scale, from zero to top (NULL: none). */
static void day_chart_open(FILE *out, const char *id, const char *title, const day_rows *d,
                           const char *top, const char *zero)
{
    chart_open(out, id, title);
    day_slots(out, d);
    if (top) {
        y_label(out, 1.0, top);
        y_label(out, 0.0, zero);
    }
}

static void cost_chart(FILE *out, const hist_report *days, const hist_report *day_model,
                       const day_rows *d)
{
    uint64_t top = largest(days, offsetof(hist_figures, cost_usd_micros));
    char text[64];
    cli_format_usd(top, text, sizeof text);
    day_chart_open(out, "cost", "Cost per day, by model", d, text, "$0");
    static double stacked[CLI_AXIS_MAX_DAYS]; /* per day: the height reached so far */
    memset(stacked, 0, sizeof stacked);
    model_list models = {.n = 0};
    for (size_t i = 0; i < day_model->n; i++) {
        const hist_row *row = &day_model->rows[i];
        size_t slot, model = model_of(&models, row->subkey);
        if (!cli_day_axis_slot(d->axis, row->key, &slot))
            continue;
        double from = stacked[slot];
        stacked[slot] += (double)row->figures.cost_usd_micros / (double)top;
        char tip[320];
        cli_format_usd(row->figures.cost_usd_micros, text, sizeof text);
        snprintf(tip, sizeof tip, "%s %s: %s", row->key, row->subkey, text);
        segment(out, d->axis, slot, from, stacked[slot], MODEL_COLOURS[model % N_MODEL_COLOURS],
                tip);
    }
    day_labels(out, d->axis);
    fputs("</svg>\n<p class=\"legend\">\n", out);
    for (size_t i = 0; i < models.n; i++)
        legend(out, MODEL_COLOURS[i % N_MODEL_COLOURS], models.names[i]);
    fputs("</p>\n", out);
}

static void outcome_chart(FILE *out, const hist_report *days, const day_rows *d)
{
    uint64_t top = largest(days, offsetof(hist_figures, tasks));
    char text[64];
    cli_format_count(top, text, sizeof text);
    day_chart_open(out, "outcomes", "Tasks per day, by outcome", d, text, "0");
    for (size_t slot = 0; slot < d->axis->n; slot++) {
        if (!d->at[slot])
            continue;
        const hist_figures *f = &d->at[slot]->figures;
        double from = 0;
        for (int o = 0; o < HIST_OUTCOMES; o++) {
            if (!f->outcomes[o])
                continue;
            double to = from + (double)f->outcomes[o] / (double)top;
            char tip[160];
            snprintf(tip, sizeof tip, "%s %s: %llu", d->at[slot]->key,
                     mt_enum_str(&mt_outcome_table, o), (unsigned long long)f->outcomes[o]);
            segment(out, d->axis, slot, from, to, OUTCOME_COLOURS[o], tip);
            from = to;
        }
    }
    day_labels(out, d->axis);
    fputs("</svg>\n<p class=\"legend\">\n", out);
    for (int o = 0; o < HIST_OUTCOMES; o++)
        legend(out, OUTCOME_COLOURS[o], mt_enum_str(&mt_outcome_table, o));
    fputs("</p>\n", out);
}

/* A day's gate pass rate; negative when it ran no gate (or had no events). */
static double gate_rate(const day_rows *d, size_t slot)
{
    const hist_row *row = d->at[slot];
    return row ? hist_rate(row->figures.gates_passed, row->figures.gated) : -1.0;
}

/* The days that ran a gate, each a dot, consecutive ones joined by a line: a day without gates
 * breaks it (a new subpath), since its rate is unknown, not 0. */
static void gate_chart(FILE *out, const day_rows *d)
{
    day_chart_open(out, "gates", "Gate pass rate per day", d, "100%", "0%");
    y_label(out, 0.5, "50%");
    fprintf(out, "<path class=\"rate\" fill=\"none\" stroke=\"%s\" stroke-width=\"3\" d=\"",
            GATE_COLOUR);
    for (size_t slot = 0; slot < d->axis->n; slot++) {
        double rate = gate_rate(d, slot);
        if (rate >= 0)
            fprintf(out, "%s%.1f,%.1f ", slot > 0 && gate_rate(d, slot - 1) >= 0 ? "L" : "M",
                    slot_middle(d->axis, slot), TOP + PLOT_H * (1.0 - rate));
    }
    fputs("\"/>\n", out);
    for (size_t slot = 0; slot < d->axis->n; slot++) {
        double rate = gate_rate(d, slot);
        if (rate >= 0)
            fprintf(out,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>%s: %.1f%% of "
                    "%llu</title></circle>\n",
                    slot_middle(d->axis, slot), TOP + PLOT_H * (1.0 - rate), GATE_COLOUR,
                    d->at[slot]->key, rate * 100.0, (unsigned long long)d->at[slot]->figures.gated);
    }
    day_labels(out, d->axis);
    fputs("</svg>\n", out);
}

static void table_row(FILE *out, const char *tag, const char *key, const hist_figures *f)
{
    char cells[8][64];
    cli_format_count(f->tasks, cells[0], 64);
    cli_format_rate(hist_rate(f->outcomes[MOSAIC_OUTCOME_SUCCESS], f->tasks), cells[1], 64);
    cli_format_rate(hist_rate(f->gates_passed, f->gated), cells[2], 64);
    cli_format_count(f->input_tokens, cells[3], 64);
    cli_format_count(f->output_tokens, cells[4], 64);
    cli_format_usd(f->cost_usd_micros, cells[5], 64);
    cli_format_duration((double)f->median_duration_ms, cells[6], 64);
    cli_format_rate(hist_rate(f->estimate_off_tokens, f->estimate_actual_tokens), cells[7], 64);
    fprintf(out, "<tr><%s>", tag);
    escaped(out, key);
    fprintf(out, "</%s>", tag);
    for (int c = 0; c < 8; c++)
        fprintf(out, "<td>%s</td>", cells[c]);
    fputs("</tr>\n", out);
}

static void table(FILE *out, const hist_report *r, hist_group by)
{
    fprintf(out,
            "<h2>By %s</h2>\n<table>\n<tr><th>%s</th><th>Tasks</th><th>Success</th>"
            "<th>Gates passed</th><th>Input tokens</th><th>Output tokens</th>"
            "<th>Cost (USD)</th><th>Median time</th><th>Estimates off</th></tr>\n",
            hist_group_name(by), hist_group_name(by));
    for (size_t i = 0; i < r->n; i++)
        table_row(out, "td", r->rows[i].key, &r->rows[i].figures);
    table_row(out, "th", "Total", &r->total);
    fputs("</table>\n", out);
}

static const char STYLE[] =
    "body{font-family:sans-serif;margin:2em;color:#222;background:#fff}"
    "h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}"
    ".axis{stroke:#444;stroke-width:1}.label{font-size:11px;text-anchor:middle;fill:#444}"
    ".ylabel{font-size:11px;text-anchor:end;fill:#444}"
    ".day{fill:none}.day.empty{fill:#eeeeee}"
    ".legend .key{margin-right:1.2em;font-size:0.9em}"
    ".legend i{display:inline-block;width:0.9em;height:0.9em;margin-right:0.3em}"
    "table{border-collapse:collapse}td,th{padding:0.25em 0.8em;border-bottom:1px solid #ddd}"
    "td,th{white-space:nowrap}td{text-align:right}td:first-child{text-align:left}";

void cli_report_html(FILE *out, const cli_report_pages *p)
{
    fprintf(out,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<title>mosaic-telemetry report</title>\n<style>%s</style></head><body>\n",
            STYLE);
    fputs("<h1>mosaic-telemetry report: ", out);
    escaped(out, p->title_range);
    fputs("</h1>\n", out);
    if (p->by_day->n == 0)
        fputs("<p>No events in this range.</p>\n", out);
    cli_day_axis axis;
    cli_day_axis_make(&axis, p->by_day, p->since, p->until);
    static day_rows days; /* a page a process: static rather than 8 KiB of stack */
    place_days(&days, &axis, p->by_day);
    cost_chart(out, p->by_day, p->day_model, &days);
    outcome_chart(out, p->by_day, &days);
    gate_chart(out, &days);
    table(out, p->table, p->by);
    fputs("</body></html>\n", out);
}
