/* What the fuzz targets share: the input as a C string, and a scratch directory for the parsers
 * that only read files (the state directory's files, transcripts, settings, channels). */
#ifndef FUZZ_SUPPORT_H
#define FUZZ_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry point, which every target defines and the replay driver calls. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data[0..size) copied with a NUL after it (malloc'd; free it). Bytes after an embedded NUL are
 * still there for the parsers that take a length. */
char *fuzz_cstring(const uint8_t *data, size_t size);

/* This process's scratch directory (made on first use under $TMPDIR or /tmp, removed at exit). */
const char *fuzz_dir(void);

/* Writes data[0..size) to <fuzz_dir>/<name> (mode 0600, replacing what was there) and returns
 * its path (a static buffer, valid until the next call). Aborts when it cannot: a fuzz run that
 * silently stops writing its input would find nothing. */
const char *fuzz_write_file(const char *name, const uint8_t *data, size_t size);

/* Calls fn for each line of data[0..size) (without its '\n'; the last one even unterminated),
 * each in a buffer of exactly its length. */
typedef void (*fuzz_line_fn)(const char *line, size_t len, void *user);
void fuzz_each_line(const uint8_t *data, size_t size, fuzz_line_fn fn, void *user);

/* A state file's round trip: data parsed into state (whatever it is, then formatted); what is
 * formatted must parse, and format again to the same text, or the run aborts: a state that
 * changed on its way through one hook would drift across a session's hooks. */
typedef bool (*fuzz_parse_fn)(const char *text, size_t len, void *state);
typedef char *(*fuzz_format_fn)(const void *state); /* malloc'd; NULL when out of memory */
void fuzz_round_trip(const uint8_t *data, size_t size, void *state, fuzz_parse_fn parse,
                     fuzz_format_fn format);

/* A whole state-file target: FUZZ_ROUND_TRIP_TARGET(cc_session, cc_state_parse, cc_state_format).
 * The state is static: a session's task record is too large for the stack. */
#define FUZZ_ROUND_TRIP_TARGET(type, parse_fn, format_fn)                                          \
    static bool fuzz_parse(const char *text, size_t len, void *state)                              \
    {                                                                                              \
        return parse_fn(text, len, state);                                                         \
    }                                                                                              \
    static char *fuzz_format(const void *state)                                                    \
    {                                                                                              \
        return format_fn(state);                                                                   \
    }                                                                                              \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                   \
    {                                                                                              \
        static type state;                                                                         \
        fuzz_round_trip(data, size, &state, fuzz_parse, fuzz_format);                              \
        return 0;                                                                                  \
    }

#endif
