/* The report's figures as people read them: thousands separators, dollars, percentages. */
#include <stdio.h>

#include "report.h"

void cli_format_count(uint64_t n, char *out, size_t len)
{
    char digits[32];
    int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
    size_t at = 0;
    for (int i = 0; i < nd && at + 1 < len; i++) {
        if (i > 0 && (nd - i) % 3 == 0 && at + 2 < len)
            out[at++] = ',';
        out[at++] = digits[i];
    }
    if (len)
        out[at < len ? at : len - 1] = '\0';
}

void cli_format_usd(uint64_t micros, char *out, size_t len)
{
    uint64_t cents = (micros + 5000) / 10000;
    char dollars[32];
    cli_format_count(cents / 100, dollars, sizeof dollars);
    snprintf(out, len, "$%s.%02u", dollars, (unsigned)(cents % 100));
}

void cli_format_rate(double rate, char *out, size_t len)
{
    if (rate < 0)
        snprintf(out, len, "-");
    else
        snprintf(out, len, "%.1f%%", rate * 100.0);
}
