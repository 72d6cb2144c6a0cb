/* The history as JSON lines of events (docs/protocol.md, "The event"), both ways. */
#ifndef HIST_IO_H
#define HIST_IO_H

#include <stdio.h>

#include "hist_db.h"

typedef struct hist_import_result {
    uint64_t added, duplicates, bad; /* lines: new events, event_ids there already, unusable */
} hist_import_result;

/* Told of each unusable line: its number (from 1) and the one-line reason. */
typedef void (*hist_bad_line_fn)(void *user, uint64_t line, const char *why);

/* Reads events from in, one JSON object a line (blank lines skipped), each checked by the
 * protocol's rules; the new ones are added with an unknown delivery (NULL), recorded at now_ms.
 * Commits every ten thousand lines: an import killed halfway can be run again. False
 * (err) only when the history could not be written or in could not be read. */
bool hist_import(hist_db *db, FILE *in, int64_t now_ms, hist_bad_line_fn bad_line, void *user,
                 hist_import_result *result, char *err, size_t errlen);

/* Writes the events whose timestamp is in [since_ms, until_ms) to out, oldest first, one JSON
 * line each; *written gets how many. */
bool hist_export(hist_db *db, FILE *out, int64_t since_ms, int64_t until_ms, uint64_t *written,
                 char *err, size_t errlen);

#endif
