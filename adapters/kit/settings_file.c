/* A settings file on disk (see settings_file.h). */
#include "settings_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "write_fully.h"
#include "private_dir.h"

#define SETTINGS_MAX (8u << 20)

/* Only a regular file, opened without blocking: a FIFO as settings.json would otherwise hold
 * install forever. */
/* Only a regular file, opened without blocking: a FIFO as settings.json would otherwise hold
 * install forever. NULL with the reason in *why. */
static FILE *open_regular(const char *path, const char **why)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        *why = strerror(errno);
        return NULL;
    }
    bool known = fstat(fd, &st) == 0;
    if (!known || !S_ISREG(st.st_mode)) {
        *why = !known                ? strerror(errno)
               : S_ISDIR(st.st_mode) ? strerror(EISDIR)
                                     : "not a regular file";
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        *why = strerror(errno);
        close(fd);
    }
    return f;
}

/* The whole file (at most SETTINGS_MAX bytes), NUL-terminated; NULL with the reason in *why,
 * *missing when there is no file. */
static char *slurp(const char *path, size_t *len, bool *missing, const char **why)
{
    *missing = false;
    FILE *f = open_regular(path, why);
    if (!f) {
        *missing = access(path, F_OK) != 0 && errno == ENOENT;
        return NULL;
    }
    char *text = malloc(SETTINGS_MAX + 1);
    *len = text ? fread(text, 1, SETTINGS_MAX + 1, f) : 0;
    bool ok = text && !ferror(f) && *len <= SETTINGS_MAX;
    /* A read error keeps fread's errno (EIO): only a file too long is "File too large". */
    *why = !text ? strerror(ENOMEM) : ferror(f) ? strerror(errno) : strerror(EFBIG);
    fclose(f);
    if (!ok) {
        free(text);
        return NULL;
    }
    text[*len] = '\0';
    return text;
}

json_object *kit_settings_read(const char *path, bool *existed, char *err, size_t errlen)
{
    size_t len = 0;
    bool missing;
    const char *why_not = "";
    char *text = slurp(path, &len, &missing, &why_not);
    *existed = !missing;
    if (!text && !missing) {
        snprintf(err, errlen, "cannot read %s: %s", path, why_not);
        return NULL;
    }
    size_t blank = text ? strspn(text, " \t\r\n") : 0;
    json_object *root = !text || blank == len ? json_object_new_object() : NULL;
    char why[256] = "";
    if (!root)
        root = mt_json_parse(text, len, why, sizeof why);
    free(text);
    if (root && !json_object_is_type(root, json_type_object)) {
        json_object_put(root);
        root = NULL;
        snprintf(why, sizeof why, "the top level is not an object");
    }
    if (!root)
        snprintf(err, errlen, "%s is not valid settings JSON (%s); nothing changed", path, why);
    return root;
}

static bool copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    int fd = in ? open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    bool ok = in && out;
    char buf[65536];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    ok = ok && !ferror(in) && fflush(out) == 0 && fsync(fileno(out)) == 0;
    if (in)
        fclose(in);
    if (out)
        ok = fclose(out) == 0 && ok;
    else if (fd >= 0)
        close(fd);
    if (!ok && fd >= 0) { /* a partial copy must not pass for a backup of the user's file */
        int saved = errno;
        unlink(to);
        errno = saved;
    }
    return ok;
}

bool kit_settings_backup(const char *path, time_t now, char *backup, size_t len, char *err,
                         size_t errlen)
{
    char stamp[32];
    struct tm utc;
    gmtime_r(&now, &utc);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
    for (int n = 1; n < 100; n++) {
        if (n == 1)
            snprintf(backup, len, "%s.bak-%s", path, stamp);
        else
            snprintf(backup, len, "%s.bak-%s-%d", path, stamp, n);
        if (access(backup, F_OK) == 0)
            continue;
        if (copy_file(path, backup))
            return true;
        break;
    }
    snprintf(err, errlen, "cannot write the backup %s: %s; nothing changed", backup,
             strerror(errno));
    return false;
}

/* mkdir -p of path's directory. */
static bool make_parent(const char *path, mode_t mode)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return true;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(dir, mode) != 0 && errno != EEXIST)
                return false;
            *p = '/';
        }
    }
    return mkdir(dir, mode) == 0 || errno == EEXIST;
}

bool kit_settings_write(const char *path, const char *text, kit_file_modes modes, char *err,
                        size_t errlen)
{
    struct stat st;
    mode_t mode = stat(path, &st) == 0 ? (st.st_mode & 07777) : modes.file;
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    bool ok = make_parent(path, modes.dir);
    int fd = ok ? mt_create_fresh(AT_FDCWD, tmp, mode) : -1;
    ok = fd >= 0 && fchmod(fd, mode) == 0 && mt_write_fully(fd, text, strlen(text)) &&
         fsync(fd) == 0;
    if (fd >= 0)
        ok = close(fd) == 0 && ok;
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
    }
    return ok;
}
