/* Human units for durations and sizes, shared by `predict` and `status`. */
#include <stdio.h>

#include "cli.h"

void cli_format_duration(double ms, char *out, size_t len)
{
    double s = ms / 1000.0;
    if (ms < 1000)
        snprintf(out, len, "%.0f ms", ms);
    else if (s < 60)
        snprintf(out, len, "%.1f s", s);
    else if (s < 3600)
        snprintf(out, len, "%.0f min %.0f s", (double)((long long)s / 60),
                 (double)((long long)s % 60));
    else if (s < 86400)
        snprintf(out, len, "%.1f h", s / 3600);
    else
        snprintf(out, len, "%.1f days", s / 86400);
}

void cli_format_bytes(unsigned long long bytes, char *out, size_t len)
{
    if (bytes < 1024)
        snprintf(out, len, "%llu B", bytes);
    else if (bytes < 1024ull * 1024)
        snprintf(out, len, "%.1f KiB", (double)bytes / 1024);
    else
        snprintf(out, len, "%.1f MiB", (double)bytes / (1024.0 * 1024));
}
