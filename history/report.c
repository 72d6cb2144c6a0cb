/* The report: one pass over the events in range, grouped in a hash table, medians by selection
 * (hist_report.h). The scan reads only the columns it sums, and keeps each calendar bucket's span
 * so that most rows cost no time conversion at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist_internal.h"
#include "report_keys.h"
#include "wire.h"

typedef struct durations {
    uint32_t *ms; /* a task lasts at most MT_DURATION_MAX, a day, which fits */
    size_t n, cap;
} durations;

typedef struct group {
    hist_row row;
    durations spent;
} group;

typedef struct grouping {
    group *groups;
    size_t n, cap;
    size_t *slots; /* open addressing: index + 1 into groups, 0 when free */
    size_t n_slots;
    durations all; /* every group's, for the total's median */
} grouping;

double hist_rate(uint64_t part, uint64_t whole)
{
    return whole ? (double)part / (double)whole : -1.0;
}

static bool push_duration(durations *d, uint64_t ms)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        uint32_t *grown = realloc(d->ms, cap * sizeof *grown);
        if (!grown)
            return false;
        d->ms = grown;
        d->cap = cap;
    }
    d->ms[d->n++] = ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
    return true;
}

/* The k-th smallest (Hoare's selection); leaves everything before k no larger. */
static uint32_t select_kth(uint32_t *a, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        uint32_t pivot = a[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                uint32_t t = a[i];
                a[i++] = a[j];
                a[j] = t;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            break;
    }
    return a[k];
}

static uint64_t median(durations *d)
{
    if (d->n == 0)
        return 0;
    uint32_t upper = select_kth(d->ms, d->n, d->n / 2);
    if (d->n % 2)
        return upper;
    uint32_t lower = 0;
    for (size_t i = 0; i < d->n / 2; i++)
        lower = d->ms[i] > lower ? d->ms[i] : lower;
    return ((uint64_t)lower + upper) / 2;
}

static uint64_t hash_keys(const char *key, const char *subkey)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
    for (const char *p = subkey; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    return h;
}

static bool rehash(grouping *g, size_t n_slots)
{
    size_t *slots = calloc(n_slots, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < g->n; i++) {
        size_t at = hash_keys(g->groups[i].row.key, g->groups[i].row.subkey) & (n_slots - 1);
        while (slots[at])
            at = (at + 1) & (n_slots - 1);
        slots[at] = i + 1;
    }
    free(g->slots);
    g->slots = slots;
    g->n_slots = n_slots;
    return true;
}

/* The group of (key, subkey), made when new; NULL when memory ran out. */
static group *group_of(grouping *g, const char *key, const char *subkey)
{
    if ((g->n + 1) * 2 > g->n_slots && !rehash(g, g->n_slots ? g->n_slots * 2 : 64))
        return NULL;
    size_t at = hash_keys(key, subkey) & (g->n_slots - 1);
    for (; g->slots[at]; at = (at + 1) & (g->n_slots - 1)) {
        group *found = &g->groups[g->slots[at] - 1];
        if (strcmp(found->row.key, key) == 0 && strcmp(found->row.subkey, subkey) == 0)
            return found;
    }
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 32;
        group *grown = realloc(g->groups, cap * sizeof *grown);
        if (!grown)
            return NULL;
        g->groups = grown;
        g->cap = cap;
    }
    group *made = &g->groups[g->n];
    *made = (group){0};
    snprintf(made->row.key, sizeof made->row.key, "%s", key);
    snprintf(made->row.subkey, sizeof made->row.subkey, "%s", subkey);
    g->slots[at] = ++g->n;
    return made;
}

static bool out_of_memory(hist_db *db, char *err, size_t errlen)
{
    snprintf(err, errlen, "history %s: out of memory", hist_db_path(db));
    return false;
}

/* ---- one event ------------------------------------------------------------------------------ */

/* The columns the scan reads, after time_ms and the two keys. */
enum {
    COL_TIME,
    COL_KEY,
    COL_SUBKEY,
    COL_DURATION,
    COL_IN,
    COL_OUT,
    COL_COST,
    COL_EST_IN,
    COL_EST_OUT,
    COL_OUTCOME,
    COL_PASSED,
    COL_GATED
};

static uint64_t u64_at(sqlite3_stmt *stmt, int col)
{
    sqlite3_int64 v = sqlite3_column_int64(stmt, col);
    return v < 0 ? 0 : (uint64_t)v;
}

static void add_event(hist_figures *f, sqlite3_stmt *stmt, int outcome)
{
    uint64_t in = u64_at(stmt, COL_IN), out = u64_at(stmt, COL_OUT);
    f->tasks++;
    if (outcome >= 0 && outcome < HIST_OUTCOMES)
        f->outcomes[outcome]++;
    f->input_tokens += in;
    f->output_tokens += out;
    f->cost_usd_micros += u64_at(stmt, COL_COST);
    if (sqlite3_column_int(stmt, COL_GATED)) {
        f->gated++;
        f->gates_passed += sqlite3_column_int(stmt, COL_PASSED) != 0;
    }
    uint64_t estimated = u64_at(stmt, COL_EST_IN) + u64_at(stmt, COL_EST_OUT);
    if (estimated > 0) {
        f->estimated++;
        f->estimate_off_tokens +=
            estimated > in + out ? estimated - in - out : in + out - estimated;
        f->estimate_actual_tokens += in + out;
    }
}

/* The calendar buckets of the scan's span, made once before it (from the earliest and latest
 * timestamps in range, which the index on time_ms gives at once) and found by bisection: rows
 * come in any order (an import, a flush of old events), and a time conversion per row would cost
 * more than the rest of the row's work together. */
#define MAX_BUCKETS 200000 /* days of five centuries; a span past it converts row by row */

typedef struct calendar {
    hist_bucket *buckets; /* ascending, contiguous */
    size_t n;
    hist_bucket spare; /* for a row outside them */
} calendar;

static bool calendar_make(calendar *c, hist_group by, bool utc, int64_t first_ms, int64_t last_ms)
{
    *c = (calendar){0};
    if (by == HIST_NO_GROUP || hist_group_column(by) || first_ms > last_ms)
        return true;
    size_t cap = 64;
    c->buckets = malloc(cap * sizeof *c->buckets);
    for (int64_t at = first_ms; c->buckets && at <= last_ms && c->n < MAX_BUCKETS;) {
        if (c->n == cap) {
            hist_bucket *grown = realloc(c->buckets, (cap *= 2) * sizeof *grown);
            if (!grown)
                break;
            c->buckets = grown;
        }
        hist_bucket_of(by, at, utc, &c->buckets[c->n]);
        at = c->buckets[c->n++].end_ms;
    }
    return c->buckets != NULL;
}

static const hist_bucket *calendar_find(calendar *c, hist_group by, bool utc, int64_t ms)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ms >= c->buckets[mid].end_ms)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < c->n && ms >= c->buckets[lo].start_ms)
        return &c->buckets[lo];
    hist_bucket_of(by, ms, utc, &c->spare);
    return &c->spare;
}

static const char *key_at(const hist_query *q, hist_group by, sqlite3_stmt *stmt, int col,
                          calendar *days)
{
    if (by == HIST_NO_GROUP)
        return "";
    if (!hist_group_column(by))
        return calendar_find(days, by, q->utc, sqlite3_column_int64(stmt, COL_TIME))->key;
    const unsigned char *text = sqlite3_column_text(stmt, col);
    return text ? (const char *)text : "(none)";
}

/* The earliest and latest timestamps in the query's range (first > last when none). */
static bool time_span(hist_db *db, const hist_query *q, int64_t *first, int64_t *last, char *err,
                      size_t errlen)
{
    sqlite3_stmt *stmt = hist_prepare(
        db, "SELECT min(time_ms), max(time_ms) FROM events WHERE time_ms >= ?1 AND time_ms < ?2",
        err, errlen);
    if (!stmt)
        return false;
    sqlite3_bind_int64(stmt, 1, q->since_ms);
    sqlite3_bind_int64(stmt, 2, q->until_ms);
    bool ok = sqlite3_step(stmt) == SQLITE_ROW;
    bool any = ok && sqlite3_column_type(stmt, 0) != SQLITE_NULL;
    *first = any ? sqlite3_column_int64(stmt, 0) : 1;
    *last = any ? sqlite3_column_int64(stmt, 1) : 0;
    sqlite3_finalize(stmt);
    return ok || hist_fail(db, "cannot read", err, errlen);
}

/* ---- the scan ------------------------------------------------------------------------------- */

/* Without --since or --until the whole table is read in its own order: the index on time_ms
 * would turn that into a million lookups. */
static sqlite3_stmt *prepare_scan(hist_db *db, const hist_query *q, char *err, size_t errlen)
{
    const char *key = hist_group_column(q->by), *subkey = hist_group_column(q->then);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT time_ms, %s, %s, task_duration_ms, actual_input_tokens, "
             "actual_output_tokens, actual_cost_usd_micros, estimated_input_tokens, "
             "estimated_output_tokens, outcome, quality_gate_passed, quality_gates_run <> '[]' "
             "FROM events WHERE %s%s(?3 IS NULL OR harness = ?3) AND (?4 IS NULL OR model = ?4) "
             "AND (?5 IS NULL OR task_type = ?5)",
             key ? key : "NULL", subkey ? subkey : "NULL",
             q->since_ms != INT64_MIN ? "time_ms >= ?1 AND " : "",
             q->until_ms != INT64_MAX ? "time_ms < ?2 AND " : "");
    sqlite3_stmt *stmt = hist_prepare(db, sql, err, errlen);
    if (!stmt)
        return NULL;
    sqlite3_bind_int64(stmt, 1, q->since_ms);
    sqlite3_bind_int64(stmt, 2, q->until_ms);
    const char *filters[] = {q->harness, q->model, q->task_type};
    for (int i = 0; i < 3; i++)
        if (filters[i])
            sqlite3_bind_text(stmt, 3 + i, filters[i], -1, SQLITE_STATIC);
    return stmt;
}

static bool scan(hist_db *db, const hist_query *q, grouping *g, char *err, size_t errlen)
{
    int64_t first_ms, last_ms;
    calendar keys = {0}, subkeys = {0};
    if (!time_span(db, q, &first_ms, &last_ms, err, errlen))
        return false;
    if (!calendar_make(&keys, q->by, q->utc, first_ms, last_ms) ||
        !calendar_make(&subkeys, q->then, q->utc, first_ms, last_ms)) {
        free(keys.buckets);
        return out_of_memory(db, err, errlen);
    }
    sqlite3_stmt *stmt = prepare_scan(db, q, err, errlen);
    group *last = NULL;
    bool ok = stmt != NULL;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *key = key_at(q, q->by, stmt, COL_KEY, &keys);
        const char *subkey = key_at(q, q->then, stmt, COL_SUBKEY, &subkeys);
        /* Events come mostly in time order, so the last group is usually the one. */
        if (!last || strcmp(last->row.key, key) != 0 || strcmp(last->row.subkey, subkey) != 0)
            last = group_of(g, key, subkey);
        const unsigned char *outcome_text = sqlite3_column_text(stmt, COL_OUTCOME);
        int outcome =
            outcome_text ? mt_enum_parse(&mt_outcome_table, (const char *)outcome_text) : -1;
        uint64_t spent = u64_at(stmt, COL_DURATION);
        ok = last && push_duration(&last->spent, spent);
        if (ok)
            add_event(&last->row.figures, stmt, outcome);
        else
            snprintf(err, errlen, "history %s: out of memory", hist_db_path(db));
    }
    if (stmt && ok && rc != SQLITE_DONE)
        ok = hist_fail(db, "cannot read", err, errlen);
    sqlite3_finalize(stmt);
    free(keys.buckets);
    free(subkeys.buckets);
    return ok && stmt;
}

static int by_keys(const void *a, const void *b)
{
    const hist_row *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->subkey, y->subkey);
}

static void free_grouping(grouping *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->groups[i].spent.ms);
    free(g->groups);
    free(g->slots);
    free(g->all.ms);
}

/* The total: the groups' sums, and the median of all their durations. */
static bool add_up(grouping *g, hist_figures *total)
{
    for (size_t i = 0; i < g->n; i++) {
        const hist_figures *f = &g->groups[i].row.figures;
        total->tasks += f->tasks;
        for (int o = 0; o < HIST_OUTCOMES; o++)
            total->outcomes[o] += f->outcomes[o];
        total->input_tokens += f->input_tokens;
        total->output_tokens += f->output_tokens;
        total->cost_usd_micros += f->cost_usd_micros;
        total->gated += f->gated;
        total->gates_passed += f->gates_passed;
        total->estimated += f->estimated;
        total->estimate_off_tokens += f->estimate_off_tokens;
        total->estimate_actual_tokens += f->estimate_actual_tokens;
    }
    durations *all = &g->all;
    all->ms = total->tasks ? malloc(total->tasks * sizeof *all->ms) : NULL;
    if (total->tasks && !all->ms)
        return false;
    for (size_t i = 0; i < g->n; i++) {
        memcpy(all->ms + all->n, g->groups[i].spent.ms, g->groups[i].spent.n * sizeof *all->ms);
        all->n += g->groups[i].spent.n;
    }
    total->median_duration_ms = median(all);
    return true;
}

bool hist_report_run(hist_db *db, const hist_query *q, hist_report *out, char *err, size_t errlen)
{
    *out = (hist_report){0};
    grouping g = {0};
    bool ok = scan(db, q, &g, err, errlen);
    if (ok && !add_up(&g, &out->total))
        ok = out_of_memory(db, err, errlen);
    if (ok && g.n && !(out->rows = calloc(g.n, sizeof *out->rows)))
        ok = out_of_memory(db, err, errlen);
    for (size_t i = 0; ok && i < g.n; i++) {
        g.groups[i].row.figures.median_duration_ms = median(&g.groups[i].spent);
        out->rows[i] = g.groups[i].row;
    }
    if (ok) {
        out->n = g.n;
        qsort(out->rows, out->n, sizeof *out->rows, by_keys);
    }
    free_grouping(&g);
    return ok;
}

void hist_report_free(hist_report *report)
{
    free(report->rows);
    *report = (hist_report){0};
}
