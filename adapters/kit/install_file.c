/* `install` and `uninstall` for a harness whose hooks are a whole file of ours (harness.h,
 * own_file): OpenCode loads every plugin file in its plugins folder, so there is no settings
 * file to edit; the file is written whole, or removed. A file at that path that is not ours (its
 * first line differs from ours) is never touched. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "install.h"

#define FILE_MAX (1u << 20) /* far above any plugin of ours */

/* The file's text (malloc'd); NULL with *missing when there is none, NULL alone (err) when it
 * cannot be read. */
static char *read_text(const char *path, bool *missing, char *err, size_t errlen)
{
    *missing = false;
    FILE *f = fopen(path, "rb");
    if (!f) {
        *missing = errno == ENOENT;
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    char *text = malloc(FILE_MAX + 1);
    size_t n = text ? fread(text, 1, FILE_MAX + 1, f) : 0;
    bool ok = text && !ferror(f) && n <= FILE_MAX;
    fclose(f);
    if (!ok) {
        snprintf(err, errlen, "cannot read %s: %s", path,
                 text ? "too large or unreadable" : "out of memory");
        free(text);
        return NULL;
    }
    text[n] = '\0';
    return text;
}

static size_t first_line_len(const char *text)
{
    const char *nl = strchr(text, '\n');
    return nl ? (size_t)(nl - text) : strlen(text);
}

static bool is_ours(const char *existing, const char *ours)
{
    size_t n = first_line_len(ours);
    return first_line_len(existing) == n && memcmp(existing, ours, n) == 0;
}

static int write_file(const kit_install_job *j, const char *text, bool existed)
{
    char err[4400];
    if (!kit_settings_write(j->path, text, j->modes, err, sizeof err)) {
        kit_log(j->who, "%s", err);
        return KIT_FAIL;
    }
    printf("%s %s\n", existed ? "updated" : "wrote", j->path);
    kit_install_config_hint(j->harness->title);
    return KIT_OK;
}

static int remove_file(const kit_install_job *j)
{
    if (unlink(j->path) != 0) {
        kit_log(j->who, "cannot remove %s: %s", j->path, strerror(errno));
        return KIT_FAIL;
    }
    printf("removed %s\n", j->path);
    return KIT_OK;
}

/* existing: the file's text, or NULL when there is none. */
static int apply(const kit_install_job *j, const char *existing, const char *ours)
{
    if (existing && !is_ours(existing, ours)) {
        kit_log(j->who, "%s exists and is not ours (its first line differs); nothing changed",
                j->path);
        return KIT_FAIL;
    }
    const char *after = j->install ? ours : NULL;
    if (existing ? after && strcmp(existing, after) == 0 : !after) {
        printf(j->install ? "%s is already installed; nothing changed\n"
                          : "no file of ours at %s; nothing changed\n",
               j->path);
        return KIT_OK;
    }
    if (j->dry_run)
        return kit_install_show_diff(j, existing ? existing : "", after ? after : "");
    return after ? write_file(j, after, existing != NULL) : remove_file(j);
}

int kit_install_own_file(const kit_install_job *j)
{
    /* Ours for uninstall too: only the first line is compared, whatever the binary. */
    char *ours = j->harness->own_file(j->install ? j->binary : "mosaic-telemetry");
    if (!ours)
        return KIT_FAIL;
    char err[4400];
    bool missing = false;
    char *existing = read_text(j->path, &missing, err, sizeof err);
    int status = KIT_FAIL;
    if (existing || missing)
        status = apply(j, existing, ours);
    else
        kit_log(j->who, "%s", err);
    free(existing);
    free(ours);
    return status;
}
