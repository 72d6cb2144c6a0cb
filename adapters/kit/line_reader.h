/* Incremental reading of an append-only file of lines (a harness's transcript, rollout or chat
 * log) from a saved position: only complete lines are handed over, and a line still being
 * written is left for the next read. The position is the offset read up to and the file's
 * identity (device and inode): a file that is now shorter than the offset was truncated, and a
 * path that names another file was rotated; both are read again from the start (the adapter's
 * seen set keeps what was counted from counting twice). */
#ifndef KIT_LINE_READER_H
#define KIT_LINE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kit_file_pos {
    uint64_t offset; /* read up to here: the byte after the last complete line */
    uint64_t inode;  /* the file's identity when it was read (a hash of st_dev and st_ino); 0:
                        unknown, so that a position saved without one is trusted */
} kit_file_pos;

/* Called for each complete line, without its newline. Lines longer than 64 MiB are skipped. */
typedef void (*kit_line_fn)(const char *line, size_t len, void *user);

/* Calls fn for every complete line of path from pos (within the read budget), and moves pos past
 * the last one. False,
 * with the reason in err ("cannot open <what> <path>: ..."; what names the file for the user,
 * e.g. "the transcript"), when the file cannot be opened or read; pos then stays. bytes_read
 * (may be NULL) gets the bytes scanned. */
bool kit_read_lines(const char *what, const char *path, kit_file_pos *pos, kit_line_fn fn,
                    void *user, uint64_t *bytes_read, char *err, size_t errlen);

/* What one process reads of all files together, at most: a hook in its harness's foreground must
 * not spend seconds on a transcript that grew by gigabytes. What is past the budget stays unread
 * (the position stops at the last complete line within it) for the next reader: the background
 * finisher, which lifts the budget. */
#define KIT_FOREGROUND_READ_BYTES (64u << 20)

/* Sets what this process may still read (UINT64_MAX: no bound), and forgets any cut. */
void kit_read_budget_set(uint64_t bytes);

/* Whether a read of this process stopped at the budget, leaving lines unread. */
bool kit_read_was_cut(void);

/* The identity kit_read_lines records for an open file's stat (st_dev, st_ino). */
uint64_t kit_file_identity(uint64_t dev, uint64_t ino);

#endif
