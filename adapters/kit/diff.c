/* Line diff by longest common subsequence, after trimming the common head and tail (a settings
 * edit changes a few lines of a small file, so the table stays small). */
#include "diff.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define CONTEXT   3
#define MAX_CELLS (16u << 20) /* beyond this, everything in between is shown as replaced */

typedef struct lines {
    const char **at;
    size_t *len;
    size_t n;
} lines;

typedef struct op {
    char kind;   /* ' ', '-', '+' */
    size_t a, b; /* line indexes (the one the op does not consume is where it stands) */
} op;

static bool split(const char *text, lines *out)
{
    size_t n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    n += text[0] && text[strlen(text) - 1] != '\n';
    out->at = malloc((n + 1) * sizeof *out->at);
    out->len = malloc((n + 1) * sizeof *out->len);
    out->n = 0;
    if (!out->at || !out->len)
        return false;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        out->at[out->n] = p;
        out->len[out->n++] = len;
        p += len + (nl != NULL);
    }
    return true;
}

static bool same(const lines *a, size_t i, const lines *b, size_t j)
{
    return a->len[i] == b->len[j] && memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

/* The edit script for a[lo_a..hi_a) against b[lo_b..hi_b): LCS when the table fits. */
static size_t middle_ops(const lines *a, size_t lo_a, size_t hi_a, const lines *b, size_t lo_b,
                         size_t hi_b, op *ops, size_t k)
{
    size_t n = hi_a - lo_a, m = hi_b - lo_b;
    uint32_t *L = (n + 1) * (m + 1) <= MAX_CELLS ? calloc((n + 1) * (m + 1), sizeof *L) : NULL;
    size_t w = m + 1, i = 0, j = 0;
    for (size_t x = n; L && x-- > 0;)
        for (size_t y = m; y-- > 0;)
            L[x * w + y] = same(a, lo_a + x, b, lo_b + y)           ? L[(x + 1) * w + y + 1] + 1
                           : L[(x + 1) * w + y] >= L[x * w + y + 1] ? L[(x + 1) * w + y]
                                                                    : L[x * w + y + 1];
    while (i < n || j < m) {
        if (L && i < n && j < m && same(a, lo_a + i, b, lo_b + j))
            ops[k++] = (op){' ', lo_a + i++, lo_b + j++};
        else if (i < n && (j == m || !L || L[(i + 1) * w + j] >= L[i * w + j + 1]))
            ops[k++] = (op){'-', lo_a + i++, lo_b + j};
        else
            ops[k++] = (op){'+', lo_a + i, lo_b + j++};
    }
    free(L);
    return k;
}

static size_t edit_script(const lines *a, const lines *b, op *ops)
{
    size_t head = 0, tail = 0, k = 0;
    while (head < a->n && head < b->n && same(a, head, b, head))
        head++;
    while (tail < a->n - head && tail < b->n - head && same(a, a->n - 1 - tail, b, b->n - 1 - tail))
        tail++;
    for (size_t i = 0; i < head; i++)
        ops[k++] = (op){' ', i, i};
    k = middle_ops(a, head, a->n - tail, b, head, b->n - tail, ops, k);
    for (size_t i = tail; i > 0; i--)
        ops[k++] = (op){' ', a->n - i, b->n - i};
    return k;
}

static void emit_hunk(mt_buf *out, const op *ops, size_t from, size_t to, const lines *a,
                      const lines *b)
{
    size_t a_len = 0, b_len = 0;
    for (size_t i = from; i < to; i++) {
        a_len += ops[i].kind != '+';
        b_len += ops[i].kind != '-';
    }
    char header[96];
    snprintf(header, sizeof header, "@@ -%zu,%zu +%zu,%zu @@\n", ops[from].a + (a_len > 0), a_len,
             ops[from].b + (b_len > 0), b_len);
    mt_buf_append_str(out, header);
    for (size_t i = from; i < to; i++) {
        const lines *src = ops[i].kind == '+' ? b : a;
        size_t at = ops[i].kind == '+' ? ops[i].b : ops[i].a;
        mt_buf_append(out, &ops[i].kind, 1);
        mt_buf_append(out, src->at[at], src->len[at]);
        mt_buf_append(out, "\n", 1);
    }
}

/* Groups changes with their context into hunks; changes closer than twice the context share
 * one. */
static void emit_hunks(mt_buf *out, const op *ops, size_t k, const lines *a, const lines *b)
{
    size_t i = 0;
    while (i < k) {
        while (i < k && ops[i].kind == ' ')
            i++;
        if (i == k)
            return;
        size_t from = i > CONTEXT ? i - CONTEXT : 0, last = i;
        for (size_t j = i; j < k && j <= last + 2 * CONTEXT; j++)
            if (ops[j].kind != ' ')
                last = j;
        size_t to = last + 1 + CONTEXT < k ? last + 1 + CONTEXT : k;
        emit_hunk(out, ops, from, to, a, b);
        i = last + 1;
    }
}

char *kit_diff_unified(const char *a_text, const char *b_text, const char *a_label,
                       const char *b_label)
{
    lines a = {0}, b = {0};
    op *ops = NULL;
    mt_buf out = {0};
    mt_buf_append(&out, "", 0);
    if (split(a_text, &a) && split(b_text, &b) &&
        (ops = malloc((a.n + b.n + 1) * sizeof *ops)) != NULL && strcmp(a_text, b_text) != 0) {
        size_t k = edit_script(&a, &b, ops);
        mt_buf_append_str(&out, "--- ");
        mt_buf_append_str(&out, a_label);
        mt_buf_append_str(&out, "\n+++ ");
        mt_buf_append_str(&out, b_label);
        mt_buf_append_str(&out, "\n");
        emit_hunks(&out, ops, k, &a, &b);
    }
    bool ok = a.at && a.len && b.at && b.len && ops && !out.failed;
    free(a.at), free(a.len), free(b.at), free(b.len), free(ops);
    if (!ok)
        mt_buf_free(&out);
    return ok ? out.data : NULL;
}
