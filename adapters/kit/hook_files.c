/* Hook files in a harness's hooks directory (hook_files.h). */
#include "hook_files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff.h"

#define SCRIPT_MAX 8192

typedef struct planned {
    char path[4200];
    char before[SCRIPT_MAX]; /* "" when the file does not exist */
    bool change;
} planned;

/* The script for one event: what the harness runs, with a line saying whose it is. */
static bool script_text(const kit_install_job *j, const char *command, char *out, size_t len)
{
    int n = snprintf(out, len,
                     "#!/bin/sh\n"
                     "# mosaic-telemetry's %s hook; `" KIT_PROGRAM " uninstall %s` removes it.\n"
                     "exec %s\n",
                     j->harness->title, j->harness->layout->harness, command);
    return n > 0 && (size_t)n < len;
}

/* The file's text into buf: false when it does not exist or cannot be read (*failed then). */
static bool read_small(const char *path, char *buf, size_t len, bool *failed)
{
    buf[0] = '\0';
    *failed = false;
    FILE *f = fopen(path, "r");
    if (!f) {
        *failed = errno != ENOENT;
        return false;
    }
    size_t n = fread(buf, 1, len - 1, f);
    buf[n] = '\0';
    *failed = ferror(f) != 0;
    fclose(f);
    return !*failed;
}

/* A line `exec <our command>`. */
static bool is_ours(const char *text, const char *harness)
{
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        char command[4300];
        if (n > 5 && n < sizeof command && strncmp(line, "exec ", 5) == 0) {
            memcpy(command, line + 5, n - 5);
            command[n - 5] = '\0';
            if (kit_is_our_command(command, harness))
                return true;
        }
        line += n + (end != NULL);
    }
    return false;
}

/* What each event's file needs; false (logged) when a file cannot be read or is not ours. */
static bool plan(const kit_install_job *j, const char *script, const char *command, planned *p)
{
    const kit_hooks_layout *l = j->harness->layout;
    for (size_t i = 0; i < l->n_events; i++) {
        bool failed;
        snprintf(p[i].path, sizeof p[i].path, "%s/%s", j->path, l->events[i].event);
        bool exists = read_small(p[i].path, p[i].before, sizeof p[i].before, &failed);
        if (failed) {
            kit_log(j->who, "cannot read %s: %s; nothing changed", p[i].path, strerror(errno));
            return false;
        }
        if (exists && !is_ours(p[i].before, l->harness)) {
            kit_log(j->who, "%s is not ours; nothing changed (move it aside, or run `%s` from it)",
                    p[i].path, command);
            return false;
        }
        p[i].change = j->install ? strcmp(p[i].before, script) != 0 : exists;
    }
    return true;
}

static bool show(const kit_install_job *j, const planned *p, const char *after)
{
    char label[4300];
    snprintf(label, sizeof label, "%s (after %s)", p->path, j->who);
    char *diff = kit_diff_unified(p->before, after, p->path, label);
    if (!diff)
        return false;
    fputs(diff, stdout);
    free(diff);
    return true;
}

/* New files are executable by their owner (user scope) or by all (a project's). */
static bool apply_one(const kit_install_job *j, const planned *p, const char *script)
{
    char err[4400];
    kit_file_modes modes = {j->modes.file | ((j->modes.file & 0444) >> 2), j->modes.dir};
    if (j->dry_run   ? show(j, p, j->install ? script : "")
        : j->install ? kit_settings_write(p->path, script, modes, err, sizeof err)
                     : unlink(p->path) == 0)
        return true;
    kit_log(j->who, "%s: %s", p->path, j->dry_run ? "out of memory" : strerror(errno));
    return false;
}

int kit_hook_files_apply(const kit_install_job *j)
{
    const kit_hooks_layout *l = j->harness->layout;
    char command[4200] = "", script[SCRIPT_MAX] = "";
    if (j->install && (!kit_hook_command(j->binary, l->harness, command, sizeof command) ||
                       !script_text(j, command, script, sizeof script))) {
        kit_log(j->who, "this program's path cannot be written in a hook: %s", j->binary);
        return -1;
    }
    if (!j->install)
        snprintf(command, sizeof command, KIT_PROGRAM " hook %s", l->harness);
    planned *p = calloc(l->n_events, sizeof *p);
    if (!p) {
        kit_log(j->who, "out of memory");
        return -1;
    }
    int changes = plan(j, script, command, p) ? 0 : -1;
    for (size_t i = 0; changes >= 0 && i < l->n_events; i++)
        if (p[i].change)
            changes = apply_one(j, &p[i], script) ? changes + 1 : -1;
    free(p);
    return changes;
}
