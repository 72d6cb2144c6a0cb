/* Hook files named by event in a harness's hooks directory (adapters/kit/hook_files.h): one
 * executable script per event that runs our command, written once, rewritten for another install
 * path, never over a file that is not ours, removed by uninstall; a dry run writes nothing. Real
 * files in a fresh directory per test, a harness made up for the test. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hook_files.h"
#include "temp_dir.h"

static const kit_hook_event EVENTS[] = {{"TaskStart", NULL, 0}, {"TaskComplete", NULL, 0}};
static const kit_hooks_layout LAYOUT = {
    .harness = "tester", .shape = KIT_HOOKS_FILES, .events = EVENTS, .n_events = 2};
static const kit_harness HARNESS = {.name = "tester", .title = "Tester", .layout = &LAYOUT};

typedef struct fixture {
    char dir[TEMP_DIR_PATH_MAX];
    char hooks[TEMP_DIR_PATH_MAX]; /* <dir>/hooks, not made */
    kit_install_job job;
    mode_t umask_was;
} fixture;

static int setup(void **state)
{
    fixture *f = temp_fixture_new(sizeof *f, "kit-hook-files");
    if (!f)
        return -1;
    temp_path(f->hooks, f->dir, "hooks");
    f->job = (kit_install_job){.who = "install",
                               .install = true,
                               .harness = &HARNESS,
                               .path = f->hooks,
                               .modes = KIT_MODES_PRIVATE,
                               .binary = "/opt/mt/bin/mosaic-telemetry"};
    f->umask_was = umask(022);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    umask(f->umask_was);
    return temp_fixture_free(f);
}

/* The text of <hooks>/<name>, or "" when it does not exist. */
static const char *hook_text(const fixture *f, const char *name)
{
    static char text[4096];
    char path[TEMP_DIR_PATH_MAX];
    FILE *file = fopen(temp_path(path, f->hooks, name), "r");
    text[0] = '\0';
    if (file) {
        text[fread(text, 1, sizeof text - 1, file)] = '\0';
        fclose(file);
    }
    return text;
}

static mode_t hook_mode(const fixture *f, const char *name)
{
    char path[TEMP_DIR_PATH_MAX];
    return file_mode(temp_path(path, f->hooks, name));
}

static void install_writes_one_script_per_event_once(void **state)
{
    fixture *f = *state;
    assert_int_equal(kit_hook_files_apply(&f->job), 2);
    const char *text = hook_text(f, "TaskStart");
    assert_non_null(strstr(text, "#!/bin/sh\n"));
    assert_non_null(strstr(text, "\nexec /opt/mt/bin/mosaic-telemetry hook tester\n"));
    assert_string_equal(hook_text(f, "TaskComplete"), hook_text(f, "TaskStart"));
    assert_int_equal(hook_mode(f, "TaskStart"), 0700);
    assert_int_equal(kit_hook_files_apply(&f->job), 0); /* a second run changes nothing */
}

static void a_project_scope_makes_them_executable_by_all(void **state)
{
    fixture *f = *state;
    f->job.modes = KIT_MODES_SHARED;
    assert_int_equal(kit_hook_files_apply(&f->job), 2);
    assert_int_equal(hook_mode(f, "TaskComplete"), 0755);
}

static void another_install_path_rewrites_ours(void **state)
{
    fixture *f = *state;
    assert_int_equal(kit_hook_files_apply(&f->job), 2);
    f->job.binary = "/usr/local/bin/mosaic-telemetry";
    assert_int_equal(kit_hook_files_apply(&f->job), 2);
    assert_non_null(strstr(hook_text(f, "TaskStart"), "exec /usr/local/bin/mosaic-telemetry hook"));
}

static void a_file_not_ours_stops_everything(void **state)
{
    fixture *f = *state;
    char path[TEMP_DIR_PATH_MAX];
    assert_int_equal(mkdir(f->hooks, 0700), 0);
    assert_true(file_put_str(temp_path(path, f->hooks, "TaskComplete"), "#!/bin/sh\necho hi\n"));
    assert_int_equal(kit_hook_files_apply(&f->job), -1);
    assert_string_equal(hook_text(f, "TaskStart"), ""); /* nothing written */
    assert_string_equal(hook_text(f, "TaskComplete"), "#!/bin/sh\necho hi\n");
    f->job.install = false; /* nor removed */
    assert_int_equal(kit_hook_files_apply(&f->job), -1);
    assert_string_equal(hook_text(f, "TaskComplete"), "#!/bin/sh\necho hi\n");
}

static void uninstall_removes_only_ours(void **state)
{
    fixture *f = *state;
    char path[TEMP_DIR_PATH_MAX];
    assert_int_equal(kit_hook_files_apply(&f->job), 2);
    assert_true(file_put_str(temp_path(path, f->hooks, "PreToolUse"), "#!/bin/sh\n"));
    f->job.install = false;
    assert_int_equal(kit_hook_files_apply(&f->job), 2);
    assert_string_equal(hook_text(f, "TaskStart"), "");
    assert_string_equal(hook_text(f, "PreToolUse"), "#!/bin/sh\n");
    assert_int_equal(kit_hook_files_apply(&f->job), 0);
}

static void a_dry_run_writes_nothing(void **state)
{
    fixture *f = *state;
    f->job.dry_run = true;
    assert_int_equal(kit_hook_files_apply(&f->job), 2); /* the changes it would make */
    assert_string_equal(hook_text(f, "TaskStart"), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(install_writes_one_script_per_event_once, setup, teardown),
        cmocka_unit_test_setup_teardown(a_project_scope_makes_them_executable_by_all, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(another_install_path_rewrites_ours, setup, teardown),
        cmocka_unit_test_setup_teardown(a_file_not_ours_stops_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(uninstall_removes_only_ours, setup, teardown),
        cmocka_unit_test_setup_teardown(a_dry_run_writes_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
