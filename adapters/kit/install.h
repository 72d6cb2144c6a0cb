/* `install <harness>` and `uninstall <harness>`: our hook entries in (or out of) a harness's
 * settings file, everything else in the file kept. A run that would change nothing writes
 * nothing; a run that changes the file backs it up first; a dry run prints the change as a
 * unified diff. What is printed goes to stdout: this is a command a user runs, not a hook. */
#ifndef KIT_INSTALL_H
#define KIT_INSTALL_H

#include <stdbool.h>
#include <time.h>

#include "harness.h"

typedef struct kit_install_job {
    const char *who; /* "install" or "uninstall": the prefix of error lines */
    bool install;    /* false: uninstall */
    bool dry_run;
    const kit_harness *harness;
    const char *path; /* the settings file */
    kit_file_modes modes;
    const char *binary; /* the command our entries run (install) */
    time_t now;         /* names the backup */
} kit_install_job;

/* Applies the job. KIT_OK, or KIT_FAIL after one line on stderr. */
int kit_install_apply(const kit_install_job *job);

/* The job for a harness with an own_file (harness.h): the file written whole, or removed
 * (install_file.c). KIT_OK, or KIT_FAIL after one line on stderr. */
int kit_install_own_file(const kit_install_job *job);

/* What both kinds of install print: the change as a unified diff (--dry-run), and after an
 * install, a note when the hook's config could not send yet. */
int kit_install_show_diff(const kit_install_job *job, const char *before, const char *after);
void kit_install_config_hint(const char *title);

/* This program's absolute path (/proc/self/exe) into out; false (logged) when it is unknown. */
bool kit_own_path(const char *who, char *out, size_t len);

#endif
