/* Where the library's diagnostics go: one line per message, to a callback or to stderr. */
#ifndef MT_LOG_H
#define MT_LOG_H

#include <stddef.h>

#include "mosaic/telemetry.h"

#define MT_LOG_PREFIX "mosaicstack_telemetry: "

typedef struct mt_logger {
    mosaic_log_level threshold; /* messages below this level are skipped */
    mosaic_log_fn fn;           /* NULL: stderr */
    void *user;
} mt_logger;

/* in into out with every control character (below 0x20, and 0x7f) written as \xNN, cut at
 * cap - 1 bytes: text from outside (a payload, a server's reason) can then never move a
 * terminal's cursor, change its colours or end the line. */
void mt_escape_controls(const char *in, char *out, size_t cap);

/* Formats and emits one line (control characters escaped) when level >= threshold. Never writes
 * to stdout. */
void mt_log(const mt_logger *logger, mosaic_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static inline int mt_log_enabled(const mt_logger *logger, mosaic_log_level level)
{
    return logger && level >= logger->threshold && level < MOSAIC_LOG_OFF;
}

#endif
