#include "log.h"

#include <stdarg.h>
#include <stdio.h>

/* Long enough for a dry-run batch line to be useful; longer lines are cut, never split. */
#define MT_LOG_LINE_MAX 16384

void mt_log(const mt_logger *logger, mosaic_log_level level, const char *fmt, ...)
{
    if (!mt_log_enabled(logger, level))
        return;
    char line[MT_LOG_LINE_MAX];
    va_list args;
    va_start(args, fmt);
    vsnprintf(line, sizeof line, fmt, args);
    va_end(args);
    if (logger->fn) {
        logger->fn(level, line, logger->user);
        return;
    }
    /* One fprintf so that lines from several threads do not interleave. */
    fprintf(stderr, MT_LOG_PREFIX "%s: %s\n", mosaic_log_level_str(level), line);
}
