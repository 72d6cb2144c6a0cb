/* ASCII string helpers (ascii.h). */
#include "ascii.h"

#include <string.h>

bool mt_ascii_ieq_n(const char *a, size_t n, const char *b)
{
    for (size_t i = 0; i < n; i++)
        if (!b[i] || mt_ascii_lower(a[i]) != mt_ascii_lower(b[i]))
            return false;
    return b[n] == '\0';
}

bool mt_ascii_ieq(const char *a, const char *b)
{
    return mt_ascii_ieq_n(a, strlen(a), b);
}

bool mt_ascii_istarts(const char *text, const char *prefix)
{
    for (; *prefix; text++, prefix++)
        if (mt_ascii_lower(*text) != mt_ascii_lower(*prefix))
            return false;
    return true;
}

bool mt_ascii_icontains(const char *text, const char *needle)
{
    for (; *text; text++)
        if (mt_ascii_istarts(text, needle))
            return true;
    return false;
}

static bool same_n(const char *a, const char *b, size_t n, bool fold_case)
{
    for (size_t i = 0; i < n; i++)
        if (fold_case ? mt_ascii_lower(a[i]) != mt_ascii_lower(b[i]) : a[i] != b[i])
            return false;
    return true;
}

bool mt_ascii_in_list(const char *list, const char *word, bool fold_case)
{
    size_t n = strlen(word);
    while (list && *list) {
        const char *end = strchr(list, ' ');
        size_t len = end ? (size_t)(end - list) : strlen(list);
        if (len == n && same_n(word, list, n, fold_case))
            return true;
        list = end ? end + 1 : list + len;
    }
    return false;
}

bool mt_ascii_is_number(const char *t)
{
    if (!*t)
        return false;
    for (; *t; t++)
        if (*t < '0' || *t > '9')
            return false;
    return true;
}
