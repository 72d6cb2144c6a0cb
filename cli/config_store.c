/* The config file as `config` edits it (config_cmd.h): read with the library's checks, changed
 * one line at a time, replaced whole so that a reader (a hook starting now) sees the old file or
 * the new one, never half of one. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config_cmd.h"
#include "flock_wait.h"
#include "write_fully.h"
#include "private_dir.h"

#define LOCK_WAIT_MS 2000

/* The directory part of path ("." when it has none). */
static void dir_of(const char *path, char *out, size_t len)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, len, ".");
    else if (slash == path)
        snprintf(out, len, "/");
    else
        snprintf(out, len, "%.*s", (int)(slash - path), path);
}

/* Locks the file's directory (made when missing): the file itself is replaced by rename, so a
 * lock on it would be a lock on a file that is gone. */
static int lock_dir(const char *cmd, const char *path, int *out)
{
    char dir[4096];
    dir_of(path, dir, sizeof dir);
    char why[4400];
    int fd = mt_private_dir_open(dir, why, sizeof why);
    if (fd < 0) {
        cli_error(cmd, "the config directory %s", why);
        return CLI_FAIL;
    }
    if (!mt_flock_within(fd, LOCK_WAIT_MS)) {
        cli_error(cmd, "%s is locked by another `config` (waited %d ms): %s", dir, LOCK_WAIT_MS,
                  strerror(errno));
        close(fd);
        return CLI_FAIL;
    }
    *out = fd;
    return CLI_OK;
}

int cli_config_file_open(const char *cmd, const char *path, bool lock, cli_config_file *f)
{
    *f = (cli_config_file){.path = path, .lock_fd = -1};
    if (lock && lock_dir(cmd, path, &f->lock_fd) != CLI_OK)
        return CLI_FAIL;
    char err[512] = "";
    mosaic_status status = mt_config_file_read(path, &f->text, &f->len, err, sizeof err);
    if (status == MOSAIC_OK && f->text)
        status = mt_config_file_parse(path, f->text, f->len, &f->lines, &f->n, err, sizeof err);
    if (status == MOSAIC_OK)
        return CLI_OK;
    cli_error(cmd, "%s", err);
    cli_config_file_close(f);
    return status == MOSAIC_ERR_INVALID_CONFIG ? CLI_USAGE : CLI_FAIL;
}

void cli_config_file_close(cli_config_file *f)
{
    free(f->lines);
    free(f->text);
    if (f->lock_fd >= 0)
        close(f->lock_fd);
    *f = (cli_config_file){.lock_fd = -1};
}

const mt_config_line *cli_config_file_find(const cli_config_file *f, int setting)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->lines[i].setting == setting)
            return &f->lines[i];
    return NULL;
}

/* ---- writing -------------------------------------------------------------------------------- */

static void append(char *out, size_t *used, const char *text, size_t len)
{
    memcpy(out + *used, text, len);
    *used += len;
}

/* The file's new text: its lines, setting's replaced or dropped or added. */
static char *render(const cli_config_file *f, int setting, const char *value, size_t *len)
{
    static const char header[] = "# mosaic-telemetry settings, MOSAIC_TELEMETRY_NAME=value "
                                 "(`mosaic-telemetry config --help`)\n";
    const char *name = mt_setting_name(setting);
    size_t cap = f->len + f->n + sizeof header + strlen(name) + (value ? strlen(value) : 0) + 3;
    char *out = malloc(cap);
    size_t used = 0;
    bool done = !value;
    if (out && !f->text && value)
        append(out, &used, header, sizeof header - 1);
    for (size_t i = 0; out && i < f->n; i++) {
        const mt_config_line *line = &f->lines[i];
        if (line->setting == setting && done)
            continue;
        if (line->setting == setting) {
            used += (size_t)snprintf(out + used, cap - used, "%s=%s\n", name, value);
            done = true;
            continue;
        }
        append(out, &used, line->text, line->len);
        append(out, &used, "\n", 1);
    }
    if (out && !done)
        used += (size_t)snprintf(out + used, cap - used, "%s=%s\n", name, value);
    *len = used;
    return out;
}

/* Replaces path with text: temp file, fsync, rename, then the directory's fsync so that the
 * rename itself survives a crash. */
static bool replace_file(const char *path, const char *text, size_t len)
{
    char tmp[4200], dir[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return false;
    bool ok = fchmod(fd, 0600) == 0 && mt_write_fully(fd, text, len) && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    ok = ok && rename(tmp, path) == 0;
    int saved = errno;
    if (!ok)
        unlink(tmp);
    dir_of(path, dir, sizeof dir);
    int dir_fd = ok ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (dir_fd >= 0) {
        fsync(dir_fd);
        close(dir_fd);
    }
    errno = saved;
    return ok;
}

int cli_config_file_write(const char *cmd, const cli_config_file *f, int setting, const char *value)
{
    size_t len = 0;
    char *text = render(f, setting, value, &len);
    if (!text) {
        cli_error(cmd, "out of memory");
        return CLI_FAIL;
    }
    bool ok = replace_file(f->path, text, len);
    free(text);
    if (!ok) {
        cli_error(cmd, "cannot write %s: %s", f->path, strerror(errno));
        return CLI_FAIL;
    }
    return CLI_OK;
}
