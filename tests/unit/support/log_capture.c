#include "log_capture.h"

#include <stdlib.h>
#include <string.h>

void log_capture_fn(mosaic_log_level level, const char *message, void *user)
{
    log_capture *c = user;
    if (c->n >= LOG_CAPTURE_MAX)
        return;
    c->levels[c->n] = level;
    c->lines[c->n] = strdup(message);
    c->n++;
}

mt_logger log_capture_logger(log_capture *capture, mosaic_log_level threshold)
{
    return (mt_logger){threshold, log_capture_fn, capture};
}

size_t log_capture_count(const log_capture *c, mosaic_log_level level)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        n += c->levels[i] == level;
    return n;
}

size_t log_capture_matching(const log_capture *c, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        n += c->lines[i] && strstr(c->lines[i], needle) != NULL;
    return n;
}

void log_capture_free(log_capture *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->lines[i]);
    memset(c, 0, sizeof *c);
}
