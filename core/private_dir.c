/* Making and checking directories that only this user may write into (private_dir.h). */
#define _GNU_SOURCE /* O_CLOEXEC, O_DIRECTORY */
#include "private_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"

/* mkdir -p with mode 0700 for what it creates; what exists already is left as it is. */
static bool make_dirs(const char *path)
{
    char partial[4096];
    size_t len = strlen(path);
    if (len >= sizeof partial)
        return errno = ENAMETOOLONG, false;
    memcpy(partial, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (partial[i] != '/' && partial[i] != '\0')
            continue;
        char saved = partial[i];
        partial[i] = '\0';
        if (mkdir(partial, 0700) != 0 && errno != EEXIST)
            return false;
        partial[i] = saved;
    }
    return true;
}

bool mt_private_dir_check(int dir_fd, const char *path, char *why, size_t whylen)
{
    struct stat st;
    if (fstat(dir_fd, &st) != 0) {
        mt_set_error(why, whylen, "%s: %s", path, strerror(errno));
        return false;
    }
    if (st.st_uid != geteuid()) {
        mt_set_error(why, whylen, "%s: owned by uid %u, not by you (uid %u): refusing to use it",
                     path, (unsigned)st.st_uid, (unsigned)geteuid());
        return false;
    }
    if (st.st_mode & S_IWOTH) {
        mt_set_error(why, whylen,
                     "%s: writable by others (mode %04o): refusing to use it; chmod o-w it", path,
                     (unsigned)(st.st_mode & 07777));
        return false;
    }
    return true;
}

int mt_private_dir_open(const char *path, char *why, size_t whylen)
{
    /* Made only when missing: a hook opens it every time, and it is nearly always there. */
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        errno = 0;
        fd = make_dirs(path) ? open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    }
    if (fd < 0) {
        mt_set_error(why, whylen, "%s: cannot create or open it: %s", path,
                     strerror(errno ? errno : EACCES));
        return -1;
    }
    if (!mt_private_dir_check(fd, path, why, whylen)) {
        close(fd);
        return -1;
    }
    return fd;
}

int mt_create_fresh(int dir_fd, const char *name, mode_t mode)
{
    unlinkat(dir_fd, name, 0); /* ENOENT is the usual case */
    return openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
}
