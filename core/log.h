/* Where the library's diagnostics go: one line per message, to a callback or to stderr. */
#ifndef MT_LOG_H
#define MT_LOG_H

#include "mosaic/telemetry.h"

#define MT_LOG_PREFIX "mosaicstack_telemetry: "

typedef struct mt_logger {
    mosaic_log_level threshold; /* messages below this level are skipped */
    mosaic_log_fn fn;           /* NULL: stderr */
    void *user;
} mt_logger;

/* Formats and emits one line when level >= threshold. Never writes to stdout. */
void mt_log(const mt_logger *logger, mosaic_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static inline int mt_log_enabled(const mt_logger *logger, mosaic_log_level level)
{
    return logger && level >= logger->threshold && level < MOSAIC_LOG_OFF;
}

#endif
