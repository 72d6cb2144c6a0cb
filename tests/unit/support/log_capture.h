/* A log sink for tests: collects every line the library logs, with its level. */
#ifndef TEST_LOG_CAPTURE_H
#define TEST_LOG_CAPTURE_H

#include <stddef.h>

#include "log.h"

#define LOG_CAPTURE_MAX 64

typedef struct log_capture {
    mosaic_log_level levels[LOG_CAPTURE_MAX];
    char *lines[LOG_CAPTURE_MAX];
    size_t n;
} log_capture;

void log_capture_fn(mosaic_log_level level, const char *message, void *user);
/* A logger that passes everything at or above threshold into capture. */
mt_logger log_capture_logger(log_capture *capture, mosaic_log_level threshold);
size_t log_capture_count(const log_capture *capture, mosaic_log_level level);
/* The number of captured lines that contain needle. */
size_t log_capture_matching(const log_capture *capture, const char *needle);
void log_capture_free(log_capture *capture);

#endif
