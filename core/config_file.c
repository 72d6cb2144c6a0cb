/* The config file on disk (see config_file.h). It holds the API key, so it is read only when no
 * one else can read or change it: a key that others can read is leaked, and a server URL that
 * others can change sends the key to them. */
#include "config_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "err.h"

bool mt_config_default_path(char *out, size_t len)
{
    const char *config = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n = -1;
    if (config && *config)
        n = snprintf(out, len, "%s/mosaic-telemetry/config", config);
    else if (home && *home)
        n = snprintf(out, len, "%s/.config/mosaic-telemetry/config", home);
    return n > 0 && (size_t)n < len;
}

/* "readable", "writable" or "open": what group and others may do with a file of this mode. */
static const char *open_to_others(mode_t mode)
{
    return (mode & 044) ? "readable" : (mode & 022) ? "writable" : "open";
}

static mosaic_status check_stat(const char *path, const struct stat *st, char *err, size_t errlen)
{
    if (!S_ISREG(st->st_mode)) {
        mt_set_error(err, errlen, "%s: not a regular file", path);
        return MOSAIC_ERR_INVALID_CONFIG;
    }
    if (st->st_uid != geteuid() && st->st_uid != 0) {
        mt_set_error(err, errlen, "%s: owned by uid %u, not by this user (uid %u)", path,
                     (unsigned)st->st_uid, (unsigned)geteuid());
        return MOSAIC_ERR_INVALID_CONFIG;
    }
    if (st->st_mode & 077) {
        mt_set_error(err, errlen, "%s: %s by others (mode %04o); run chmod 600 %s", path,
                     open_to_others(st->st_mode), (unsigned)(st->st_mode & 07777), path);
        return MOSAIC_ERR_INVALID_CONFIG;
    }
    if (st->st_size > MT_CONFIG_FILE_MAX_BYTES) {
        mt_set_error(err, errlen, "%s: larger than 64 KiB (%lld bytes)", path,
                     (long long)st->st_size);
        return MOSAIC_ERR_INVALID_CONFIG;
    }
    return MOSAIC_OK;
}

/* Reads what fd holds, up to one byte past the limit, so that a file grown since fstat is seen. */
static mosaic_status read_all(int fd, const char *path, char **text, size_t *len, char *err,
                              size_t errlen)
{
    char *buf = malloc(MT_CONFIG_FILE_MAX_BYTES + 2);
    size_t used = 0;
    while (buf && used <= MT_CONFIG_FILE_MAX_BYTES) {
        ssize_t n = read(fd, buf + used, MT_CONFIG_FILE_MAX_BYTES + 1 - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            mt_set_error(err, errlen, "%s: cannot read: %s", path, strerror(errno));
            free(buf);
            return MOSAIC_ERR_SYSTEM;
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    if (!buf) {
        mt_set_error(err, errlen, "out of memory");
        return MOSAIC_ERR_NO_MEMORY;
    }
    if (used > MT_CONFIG_FILE_MAX_BYTES) {
        mt_set_error(err, errlen, "%s: larger than 64 KiB", path);
        free(buf);
        return MOSAIC_ERR_INVALID_CONFIG;
    }
    buf[used] = '\0';
    *text = buf;
    *len = used;
    return MOSAIC_OK;
}

mosaic_status mt_config_file_read(const char *path, char **text, size_t *len, char *err,
                                  size_t errlen)
{
    *text = NULL;
    *len = 0;
    /* O_NOFOLLOW: a symbolic link could point anywhere; O_NONBLOCK: a FIFO must not hang us
     * before fstat tells us it is not a regular file. */
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 && errno == ENOENT)
        return MOSAIC_OK;
    if (fd < 0 && errno == ELOOP) {
        mt_set_error(err, errlen, "%s: a symbolic link; the config file must be a regular file",
                     path);
        return MOSAIC_ERR_INVALID_CONFIG;
    }
    if (fd < 0) {
        mt_set_error(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return MOSAIC_ERR_SYSTEM;
    }
    struct stat st;
    mosaic_status status = MOSAIC_ERR_SYSTEM;
    if (fstat(fd, &st) != 0)
        mt_set_error(err, errlen, "%s: cannot read: %s", path, strerror(errno));
    else
        status = check_stat(path, &st, err, errlen);
    if (status == MOSAIC_OK)
        status = read_all(fd, path, text, len, err, errlen);
    close(fd);
    return status;
}

/* ---- lines ---------------------------------------------------------------------------------- */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The rule a NAME=value line whose name is not a setting's breaks. */
static void unknown_name(const char *path, size_t number, const char *name, size_t len, char *err,
                         size_t errlen)
{
    size_t trimmed = len;
    while (trimmed > 0 && is_blank(name[trimmed - 1]))
        trimmed--;
    if (trimmed < len && mt_setting_find_n(name, trimmed) >= 0)
        mt_set_error(err, errlen, "%s:%zu: no spaces before '=' (NAME=value)", path, number);
    else
        mt_set_error(err, errlen, "%s:%zu: unknown setting '%.*s'", path, number,
                     (int)(len < 60 ? len : 60), name);
}

/* Reads one line (number counts from 1) into *line. */
static mosaic_status parse_line(const char *path, size_t number, mt_config_line *line, char *err,
                                size_t errlen)
{
    const char *text = line->text;
    size_t start = 0, end = line->len;
    line->setting = -1;
    if (memchr(text, '\0', line->len)) {
        mt_set_error(err, errlen, "%s:%zu: holds a NUL byte (not a text file?)", path, number);
        return MOSAIC_ERR_INVALID_CONFIG;
    }
    while (end > 0 && is_blank(text[end - 1]))
        end--;
    while (start < end && is_blank(text[start]))
        start++;
    if (start == end || text[start] == '#')
        return MOSAIC_OK;
    const char *eq = memchr(text + start, '=', end - start);
    if (!eq) { /* the line is not echoed: it may be a pasted key */
        mt_set_error(err, errlen, "%s:%zu: expected MOSAIC_TELEMETRY_NAME=value", path, number);
        return MOSAIC_ERR_INVALID_CONFIG;
    }
    size_t name_len = (size_t)(eq - (text + start));
    line->setting = mt_setting_find_n(text + start, name_len);
    if (line->setting < 0) {
        unknown_name(path, number, text + start, name_len, err, errlen);
        return MOSAIC_ERR_INVALID_CONFIG;
    }
    line->value = eq + 1;
    line->value_len = (size_t)(text + end - line->value);
    return MOSAIC_OK;
}

static size_t count_lines(const char *text, size_t len)
{
    size_t n = 1;
    for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))); p++)
        n++;
    return n;
}

/* Each setting once: a second line would make one of them silently ineffective. */
static mosaic_status check_once(const char *path, size_t number, int setting, size_t *first,
                                char *err, size_t errlen)
{
    if (setting < 0)
        return MOSAIC_OK;
    if (first[setting]) {
        mt_set_error(err, errlen, "%s:%zu: %s is set again (first on line %zu)", path, number,
                     mt_setting_name(setting), first[setting]);
        return MOSAIC_ERR_INVALID_CONFIG;
    }
    first[setting] = number;
    return MOSAIC_OK;
}

mosaic_status mt_config_file_parse(const char *path, const char *text, size_t len,
                                   mt_config_line **lines, size_t *n, char *err, size_t errlen)
{
    size_t first[MT_SETTING_COUNT] = {0}, count = 0;
    mt_config_line *out = calloc(count_lines(text, len), sizeof *out);
    *lines = NULL;
    *n = 0;
    if (!out) {
        mt_set_error(err, errlen, "out of memory");
        return MOSAIC_ERR_NO_MEMORY;
    }
    mosaic_status status = MOSAIC_OK;
    for (const char *p = text, *end = text + len; status == MOSAIC_OK && p < end; count++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        out[count].text = p;
        out[count].len = (size_t)((nl ? nl : end) - p);
        status = parse_line(path, count + 1, &out[count], err, errlen);
        if (status == MOSAIC_OK)
            status = check_once(path, count + 1, out[count].setting, first, err, errlen);
        p = nl ? nl + 1 : end;
    }
    if (status != MOSAIC_OK) {
        free(out);
        return status;
    }
    *lines = out;
    *n = count;
    return MOSAIC_OK;
}
