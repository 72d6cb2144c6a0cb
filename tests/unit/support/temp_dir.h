/* Real files for tests of code that works on them: a fresh directory under /tmp per test,
 * removed with everything in it afterwards, and small helpers to make, read and date files. */
#ifndef TEST_TEMP_DIR_H
#define TEST_TEMP_DIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define TEMP_DIR_PATH_MAX 512

/* mkdtemp under /tmp ("/tmp/mosaic-<tag>-XXXXXX"); false when it cannot be made. */
bool temp_dir_make(const char *tag, char *out, size_t len);
/* Removes dir and everything under it (no symlink is followed); false on any failure. */
bool temp_dir_remove(const char *dir);

/* A test's fixture whose first member is its directory (char dir[TEMP_DIR_PATH_MAX]): size bytes,
 * zeroed, with the directory made ("/tmp/mosaic-<tag>-XXXXXX"); NULL when either fails. */
void *temp_fixture_new(size_t size, const char *tag);
/* Removes the fixture's directory with everything in it and frees it: 0, or -1 when the
 * directory could not be removed (a cmocka teardown's answer). */
int temp_fixture_free(void *fixture);

/* <dir>/<name> into a static buffer of the caller's (len >= TEMP_DIR_PATH_MAX). */
const char *temp_path(char *out, const char *dir, const char *name);

/* Writes exactly len bytes (replacing the file); false on failure. */
bool file_put(const char *path, const void *data, size_t len);
bool file_put_str(const char *path, const char *text);
bool file_append_str(const char *path, const char *text);
/* The whole file, malloc'd and NUL-terminated (its length in *len when len is not NULL); NULL
 * when it cannot be read. */
char *file_get(const char *path, size_t *len);
bool file_exists(const char *path);
/* The permission bits, or (mode_t)-1 when the path cannot be stat'ed. */
mode_t file_mode(const char *path);
/* Sets the modification (and access) time to ms since the epoch, so that tests drive the file
 * times the code reads instead of depending on the wall clock. */
bool file_set_mtime_ms(const char *path, int64_t ms);
/* The modification time in ms, or -1. */
int64_t file_mtime_ms(const char *path);
/* The number of directory entries other than "." and "..", or -1. */
int dir_entries(const char *dir);

#endif
