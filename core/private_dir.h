/* Directories that hold what only this user may write: the spool, the adapters' state, the
 * config. Another local user who can write into one could plant a link there and have our next
 * write truncate a file of the victim's, or feed us events and settings; so such a directory is
 * refused, with a reason, rather than used (docs/architecture.md, "Files and directories"). */
#ifndef MT_PRIVATE_DIR_H
#define MT_PRIVATE_DIR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Opens path as a directory (O_RDONLY | O_DIRECTORY), making it and its missing parents with
 * mode 0700 first. Refused: not a directory, not owned by this user (the effective uid), or
 * writable by others (o+w). Returns the descriptor, or -1 with a one-line reason in why that
 * names the directory and the rule. */
int mt_private_dir_open(const char *path, char *why, size_t whylen);

/* The same check on an open directory (for one opened some other way). */
bool mt_private_dir_check(int dir_fd, const char *path, char *why, size_t whylen);

/* Creates name in dir_fd (AT_FDCWD for a path) for writing, always as a new file: whatever had
 * that name (a stale temp file, or a link planted to make us truncate its target) is unlinked
 * first, and the link is never followed. For temp files replaced by rename and for stamps. */
int mt_create_fresh(int dir_fd, const char *name, mode_t mode);

#endif
