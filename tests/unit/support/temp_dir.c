/* Real files in a temporary directory (temp_dir.h). */
#define _GNU_SOURCE
#include "temp_dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool temp_dir_make(const char *tag, char *out, size_t len)
{
    int n = snprintf(out, len, "/tmp/mosaic-%s-XXXXXX", tag);
    return n > 0 && (size_t)n < len && mkdtemp(out) != NULL;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

bool temp_dir_remove(const char *dir)
{
    /* Depth first, so that each directory is empty when its turn comes; links not followed. */
    return nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0;
}

const char *temp_path(char *out, const char *dir, const char *name)
{
    snprintf(out, TEMP_DIR_PATH_MAX, "%s/%s", dir, name);
    return out;
}

static bool write_at(const char *path, const void *data, size_t len, int flags)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600);
    if (fd < 0)
        return false;
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n <= 0) {
            close(fd);
            return false;
        }
        p += n, len -= (size_t)n;
    }
    return close(fd) == 0;
}

bool file_put(const char *path, const void *data, size_t len)
{
    return write_at(path, data, len, O_TRUNC);
}

bool file_put_str(const char *path, const char *text)
{
    return file_put(path, text, strlen(text));
}

bool file_append_str(const char *path, const char *text)
{
    return write_at(path, text, strlen(text), O_APPEND);
}

char *file_get(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    size_t size = (size_t)st.st_size, have = 0;
    char *buf = malloc(size + 1);
    while (buf && have < size) {
        ssize_t n = read(fd, buf + have, size - have);
        if (n <= 0)
            break;
        have += (size_t)n;
    }
    close(fd);
    if (buf) {
        buf[have] = '\0';
        if (len)
            *len = have;
    }
    return buf;
}

bool file_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

mode_t file_mode(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (st.st_mode & 07777) : (mode_t)-1;
}

bool file_set_mtime_ms(const char *path, int64_t ms)
{
    struct timespec at = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    struct timespec both[2] = {at, at};
    return utimensat(AT_FDCWD, path, both, 0) == 0;
}

int64_t file_mtime_ms(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
}

int dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

void *temp_fixture_new(size_t size, const char *tag)
{
    char *f = size >= TEMP_DIR_PATH_MAX ? calloc(1, size) : NULL;
    if (f && !temp_dir_make(tag, f, TEMP_DIR_PATH_MAX)) {
        free(f);
        f = NULL;
    }
    return f;
}

int temp_fixture_free(void *fixture)
{
    bool removed = temp_dir_remove(fixture);
    free(fixture);
    return removed ? 0 : -1;
}
