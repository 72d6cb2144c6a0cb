/* ASCII string helpers for the classifiers. Case is folded for ASCII letters only: the C
 * library's tolower depends on the locale and is undefined for negative chars, and every table
 * the classifiers match against is ASCII. */
#ifndef MT_ASCII_H
#define MT_ASCII_H

#include <stdbool.h>
#include <stddef.h>

/* Inline: the classifiers call these once per byte of their input. */
static inline char mt_ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static inline bool mt_ascii_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Whether a[0..n) equals the string b, ignoring case. */
bool mt_ascii_ieq_n(const char *a, size_t n, const char *b);
/* Whether the strings a and b are equal, ignoring case. */
bool mt_ascii_ieq(const char *a, const char *b);
/* Whether `text` starts with `prefix`, ignoring case. */
bool mt_ascii_istarts(const char *text, const char *prefix);
/* Whether `needle` occurs in `text`, ignoring case. */
bool mt_ascii_icontains(const char *text, const char *needle);
/* Whether `word` is one of the space-separated entries of `list` (which may be NULL), ignoring
 * case when fold_case is set. */
bool mt_ascii_in_list(const char *list, const char *word, bool fold_case);
/* Whether `t` is one or more decimal digits and nothing else. */
bool mt_ascii_is_number(const char *t);

#endif
