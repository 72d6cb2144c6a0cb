/* Installing and uninstalling our hook entries (install.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "install.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diff.h"
#include "hook_files.h"

bool kit_own_path(const char *who, char *out, size_t len)
{
    ssize_t n = readlink("/proc/self/exe", out, len - 1);
    if (n <= 0) {
        kit_log(who, "cannot find this program's path (/proc/self/exe)");
        return false;
    }
    out[n] = '\0';
    return true;
}

/* The number of changes; -1 (err) for a file of the wrong shape; -2 (logged) when our command
 * cannot be written. */
static int edit(const kit_install_job *j, json_object *root, char *err, size_t errlen)
{
    const kit_hooks_layout *layout = j->harness->layout;
    if (!j->install)
        return kit_hooks_uninstall(root, layout, err, errlen);
    char command[4200];
    if (!kit_hook_command(j->binary, layout->harness, command, sizeof command)) {
        kit_log(j->who, "this program's path holds a single quote: %s", j->binary);
        return -2;
    }
    return kit_hooks_install(root, layout, command, err, errlen);
}

int kit_install_show_diff(const kit_install_job *j, const char *before, const char *after)
{
    char label[4200];
    snprintf(label, sizeof label, "%s (after %s)", j->path, j->who);
    char *diff = kit_diff_unified(before, after, j->path, label);
    if (!diff) {
        kit_log(j->who, "out of memory");
        return KIT_FAIL;
    }
    fputs(diff, stdout);
    free(diff);
    return KIT_OK;
}

/* After install: whether the hook will be able to send, from this environment. */
void kit_install_config_hint(const char *title)
{
    mosaic_config *config = kit_config_raw("install"); /* as the hook will see it */
    char err[256] = "";
    if (config && mosaic_config_get_enabled(config) &&
        mosaic_config_validate(config, err, sizeof err) != MOSAIC_OK)
        printf("note: the hook sends with %s's environment and the config file, which\n"
               "  need MOSAIC_TELEMETRY_SERVER_URL, MOSAIC_TELEMETRY_API_KEY and "
               "MOSAIC_TELEMETRY_INSTANCE_ID\n"
               "  (here: %s); `" KIT_PROGRAM " config set` writes them to the file;\n"
               "  until then events wait in the spool\n",
               title, err);
    mosaic_config_free(config);
}

static int write_change(const kit_install_job *j, bool existed, const char *after, int changes)
{
    char err[4400], backup[4200] = "";
    if (existed && !kit_settings_backup(j->path, j->now, backup, sizeof backup, err, sizeof err)) {
        kit_log(j->who, "%s", err);
        return KIT_FAIL;
    }
    if (!kit_settings_write(j->path, after, j->modes, err, sizeof err)) {
        kit_log(j->who, "%s", err);
        return KIT_FAIL;
    }
    printf("%s %d hook %s %s %s%s%s%s\n", j->install ? "added" : "removed", changes,
           changes == 1 ? "entry" : "entries", j->install ? "to" : "from", j->path,
           backup[0] ? " (backup: " : "", backup, backup[0] ? ")" : "");
    if (j->install)
        kit_install_config_hint(j->harness->title);
    return KIT_OK;
}

static int nothing_to_do(const kit_install_job *j)
{
    printf(j->install ? "the hook is already installed in %s; nothing changed\n"
                      : "no hook entry of ours in %s; nothing changed\n",
           j->path);
    return KIT_OK;
}

/* A settings file that is a symbolic link (dotfile managers keep the real one elsewhere) is read,
 * backed up and replaced where it points, so that the link stays a link and its target is the
 * file that changes. */
static bool resolve_link(const char *who, const char *path, char *out, size_t len)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode)) {
        snprintf(out, len, "%s", path);
        return true;
    }
    char *real = realpath(path, NULL);
    if (!real) {
        kit_log(who, "%s is a symbolic link to nothing usable (%s); nothing changed", path,
                strerror(errno));
        return false;
    }
    snprintf(out, len, "%s", real);
    free(real);
    return true;
}

static int apply_at(const kit_install_job *j);

/* A hooks directory of files named by event (hook_files.h): its own edit, the same messages. */
static int apply_files(const kit_install_job *j)
{
    int changes = kit_hook_files_apply(j);
    if (changes < 0)
        return KIT_FAIL;
    if (changes == 0)
        return nothing_to_do(j);
    if (j->dry_run)
        return KIT_OK;
    printf("%s %d hook %s %s %s\n", j->install ? "wrote" : "removed", changes,
           changes == 1 ? "file" : "files", j->install ? "in" : "from", j->path);
    if (j->install)
        kit_install_config_hint(j->harness->title);
    return KIT_OK;
}

int kit_install_apply(const kit_install_job *j)
{
    if (j->harness->layout->shape == KIT_HOOKS_FILES)
        return apply_files(j);
    char path[4096];
    if (!resolve_link(j->who, j->path, path, sizeof path))
        return KIT_FAIL;
    kit_install_job at = *j;
    at.path = path;
    return apply_at(&at);
}

static int apply_at(const kit_install_job *j)
{
    char err[4400];
    bool existed = false;
    json_object *root = kit_settings_read(j->path, &existed, err, sizeof err);
    if (!root) {
        kit_log(j->who, "%s", err);
        return KIT_FAIL;
    }
    char *before = kit_json_format(root);
    int changes = edit(j, root, err, sizeof err);
    char *after = changes > 0 ? kit_json_format(root) : NULL;
    int status = KIT_FAIL;
    if (changes == -1)
        kit_log(j->who, "%s: %s", j->path, err);
    else if (changes < -1)
        ; /* logged by edit */
    else if (changes == 0)
        status = nothing_to_do(j);
    else if (!before || !after)
        kit_log(j->who, "out of memory");
    else
        status = j->dry_run ? kit_install_show_diff(j, before, after)
                            : write_change(j, existed, after, changes);
    free(before);
    free(after);
    json_object_put(root);
    return status;
}
