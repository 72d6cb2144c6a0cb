#include "log.h"

#include <stdarg.h>
#include <stdio.h>

/* Long enough for a dry-run batch line to be useful; longer lines are cut, never split. */
#define MT_LOG_LINE_MAX 16384

void mt_escape_controls(const char *in, char *out, size_t cap)
{
    static const char HEX[] = "0123456789abcdef";
    size_t used = 0;
    for (; *in && used + 1 < cap; in++) {
        unsigned char c = (unsigned char)*in;
        if (c >= 0x20 && c != 0x7f) {
            out[used++] = (char)c;
            continue;
        }
        if (used + 5 > cap)
            break;
        out[used++] = '\\', out[used++] = 'x';
        out[used++] = HEX[c >> 4], out[used++] = HEX[c & 15];
    }
    if (cap)
        out[used] = '\0';
}

void mt_log(const mt_logger *logger, mosaic_log_level level, const char *fmt, ...)
{
    if (!mt_log_enabled(logger, level))
        return;
    char raw[MT_LOG_LINE_MAX], line[MT_LOG_LINE_MAX];
    va_list args;
    va_start(args, fmt);
    vsnprintf(raw, sizeof raw, fmt, args);
    va_end(args);
    mt_escape_controls(raw, line, sizeof line);
    if (logger->fn) {
        logger->fn(level, line, logger->user);
        return;
    }
    /* One fprintf so that lines from several threads do not interleave. */
    fprintf(stderr, MT_LOG_PREFIX "%s: %s\n", mosaic_log_level_str(level), line);
}
