/* Our hook entries in a harness's settings tree (adapters/kit/hooks_edit.h): the command we write
 * and recognise, install and uninstall in the grouped shape (Claude Code's) and the flat one
 * (Copilot CLI's), and the formatter the file is written back with. Every edit is checked
 * against the whole formatted text, so that a key moved, duplicated or dropped anywhere shows. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hooks_edit.h"
#include "json.h"

#define BIN     "/usr/local/bin/mosaic-telemetry"
#define CMD     BIN " hook claude-code"
#define OLD_CMD "/opt/old/mosaic-telemetry hook claude-code"

/* Claude Code's shape: an event with a matcher and two without. */
static const kit_hook_event GROUPED_EVENTS[] = {
    {"SessionStart", NULL, 0},
    {"PreToolUse", "Bash", 0},
    {"Stop", NULL, 0},
};
static const kit_hooks_layout GROUPED = {
    .harness = "claude-code",
    .shape = KIT_HOOKS_GROUPED,
    .command_key = "command",
    .type = "command",
    .timeout_key = "timeout",
    .timeout = 10,
    .events = GROUPED_EVENTS,
    .n_events = 3,
};

/* Copilot CLI's shape: handlers straight under the event, the command under "bash". */
static const kit_hook_event FLAT_EVENTS[] = {{"sessionStart", NULL, 0}, {"postToolUse", NULL, 0}};
static const kit_hooks_layout FLAT = {
    .harness = "copilot-cli",
    .shape = KIT_HOOKS_FLAT,
    .command_key = "bash",
    .type = "command",
    .timeout_key = "timeoutSec",
    .timeout = 10,
    .version_key = "version",
    .events = FLAT_EVENTS,
    .n_events = 2,
};
#define FLAT_CMD BIN " hook copilot-cli"

/* The tree the settings reader would make of text (strict, numbers kept as written). */
static json_object *parse(const char *text)
{
    char err[256] = "";
    json_object *root = mt_json_parse(text, strlen(text), err, sizeof err);
    if (!root)
        fail_msg("test input does not parse: %s", err);
    return root;
}

static void assert_formats_as(json_object *root, const char *expected)
{
    char *text = kit_json_format(root);
    assert_non_null(text);
    assert_string_equal(text, expected);
    free(text);
}

/* ---- the command ------------------------------------------------------------------------- */

/* An event with its own timeout (Codex cuts SessionEnd at 3 s) gets it; the others the layout's. */
static void an_event_of_its_own_timeout_gets_it(void **state)
{
    (void)state;
    static const kit_hook_event events[] = {{"Stop", NULL, 0}, {"SessionEnd", NULL, 3}};
    kit_hooks_layout layout = GROUPED;
    layout.events = events;
    layout.n_events = 2;
    json_object *root = parse("{}");
    char err[256] = "";
    assert_int_equal(kit_hooks_install(root, &layout, CMD, err, sizeof err), 2);
    json_object *hooks, *groups, *handlers, *timeout;
    assert_true(json_object_object_get_ex(root, "hooks", &hooks));
    const char *names[] = {"Stop", "SessionEnd"};
    int want[] = {10, 3};
    for (int i = 0; i < 2; i++) {
        assert_true(json_object_object_get_ex(hooks, names[i], &groups));
        assert_true(
            json_object_object_get_ex(json_object_array_get_idx(groups, 0), "hooks", &handlers));
        assert_true(
            json_object_object_get_ex(json_object_array_get_idx(handlers, 0), "timeout", &timeout));
        assert_int_equal(json_object_get_int(timeout), want[i]);
    }
    json_object_put(root);
}

static void a_plain_path_is_written_as_it_is(void **state)
{
    (void)state;
    char out[256];
    assert_true(kit_hook_command(BIN, "claude-code", out, sizeof out));
    assert_string_equal(out, CMD);
}

static void a_path_with_a_space_is_single_quoted(void **state)
{
    (void)state;
    char out[256];
    assert_true(kit_hook_command("/home/a b/bin/mosaic-telemetry", "claude-code", out, sizeof out));
    assert_string_equal(out, "'/home/a b/bin/mosaic-telemetry' hook claude-code");
    assert_true(kit_hook_command("/opt/$x/mosaic-telemetry", "codex", out, sizeof out));
    assert_string_equal(out, "'/opt/$x/mosaic-telemetry' hook codex");
}

static void a_single_quote_or_a_short_buffer_is_refused(void **state)
{
    (void)state;
    char out[256];
    assert_false(
        kit_hook_command("/home/o'brien/mosaic-telemetry", "claude-code", out, sizeof out));
    char small[16]; /* the command does not fit: not written cut short */
    assert_false(kit_hook_command(BIN, "claude-code", small, sizeof small));
}

static void our_command_is_known_quoted_or_not_in_any_directory(void **state)
{
    (void)state;
    assert_true(kit_is_our_command(CMD, "claude-code"));
    assert_true(kit_is_our_command("mosaic-telemetry hook claude-code", "claude-code"));
    assert_true(kit_is_our_command("/x/y/z/mosaic-telemetry hook claude-code", "claude-code"));
    assert_true(kit_is_our_command("'/home/a b/mosaic-telemetry' hook claude-code", "claude-code"));
    assert_true(kit_is_our_command("'mosaic-telemetry' hook claude-code", "claude-code"));
    /* What kit_hook_command writes is always recognised. */
    char out[256];
    assert_true(kit_hook_command("/home/a b/mosaic-telemetry", "codex", out, sizeof out));
    assert_true(kit_is_our_command(out, "codex"));
}

static void other_commands_are_not_ours(void **state)
{
    (void)state;
    const char *const others[] = {
        BIN " hook codex",                 /* another harness's entry */
        BIN " hook claude-code --verbose", /* extra arguments: the user's own variant */
        BIN " hook claude-codex",
        BIN " hook",
        BIN "  hook claude-code",
        "/usr/bin/mosaic-telemetry-x hook claude-code",
        "/usr/bin/not-mosaic-telemetry hook claude-code",
        "mosaic-telemetryhook claude-code",
        "'/a b/mosaic-telemetry hook claude-code", /* an unclosed quote */
        "'/a b/mosaic-telemetry'hook claude-code",
        "echo mosaic-telemetry hook claude-code",
        "",
    };
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        if (kit_is_our_command(others[i], "claude-code"))
            fail_msg("taken for ours: \"%s\"", others[i]);
}

/* ---- the grouped shape -------------------------------------------------------------------- */

#define GROUPED_INSTALLED                                                                          \
    "{\n"                                                                                          \
    "  \"hooks\": {\n"                                                                             \
    "    \"SessionStart\": [\n"                                                                    \
    "      {\n"                                                                                    \
    "        \"hooks\": [\n"                                                                       \
    "          {\n"                                                                                \
    "            \"type\": \"command\",\n"                                                         \
    "            \"command\": \"" CMD "\",\n"                                                      \
    "            \"timeout\": 10\n"                                                                \
    "          }\n"                                                                                \
    "        ]\n"                                                                                  \
    "      }\n"                                                                                    \
    "    ],\n"                                                                                     \
    "    \"PreToolUse\": [\n"                                                                      \
    "      {\n"                                                                                    \
    "        \"matcher\": \"Bash\",\n"                                                             \
    "        \"hooks\": [\n"                                                                       \
    "          {\n"                                                                                \
    "            \"type\": \"command\",\n"                                                         \
    "            \"command\": \"" CMD "\",\n"                                                      \
    "            \"timeout\": 10\n"                                                                \
    "          }\n"                                                                                \
    "        ]\n"                                                                                  \
    "      }\n"                                                                                    \
    "    ],\n"                                                                                     \
    "    \"Stop\": [\n"                                                                            \
    "      {\n"                                                                                    \
    "        \"hooks\": [\n"                                                                       \
    "          {\n"                                                                                \
    "            \"type\": \"command\",\n"                                                         \
    "            \"command\": \"" CMD "\",\n"                                                      \
    "            \"timeout\": 10\n"                                                                \
    "          }\n"                                                                                \
    "        ]\n"                                                                                  \
    "      }\n"                                                                                    \
    "    ]\n"                                                                                      \
    "  }\n"                                                                                        \
    "}\n"

static void grouped_install_into_empty_settings_adds_every_event(void **state)
{
    (void)state;
    json_object *root = json_object_new_object();
    char err[256] = "";
    assert_int_equal(kit_hooks_install(root, &GROUPED, CMD, err, sizeof err), 3);
    assert_formats_as(root, GROUPED_INSTALLED);
    json_object_put(root);
}

static void a_second_install_changes_nothing(void **state)
{
    (void)state;
    json_object *root = json_object_new_object();
    char err[256] = "";
    assert_int_equal(kit_hooks_install(root, &GROUPED, CMD, err, sizeof err), 3);
    assert_int_equal(kit_hooks_install(root, &GROUPED, CMD, err, sizeof err), 0);
    assert_formats_as(root, GROUPED_INSTALLED);
    json_object_put(root);
}

static void our_entry_with_another_path_is_updated_in_place(void **state)
{
    (void)state;
    json_object *root = json_object_new_object();
    char err[256] = "";
    assert_int_equal(kit_hooks_install(root, &GROUPED, OLD_CMD, err, sizeof err), 3);
    /* One change per event, and the entry keeps its place: no second handler. */
    assert_int_equal(kit_hooks_install(root, &GROUPED, CMD, err, sizeof err), 3);
    assert_formats_as(root, GROUPED_INSTALLED);
    assert_int_equal(kit_hooks_install(root, &GROUPED, CMD, err, sizeof err), 0);
    json_object_put(root);
}

/* Stop holding ours twice (a hand edit, a copy from another machine), first and second command
 * given; the layout has Stop only. */
static const kit_hook_event STOP_ONLY[] = {{"Stop", NULL, 0}};

static char *stop_with_twice_ours(const char *first, const char *second)
{
    static const char form[] = "{\n"
                               "  \"hooks\": {\n"
                               "    \"Stop\": [\n"
                               "      {\n"
                               "        \"hooks\": [\n"
                               "          {\n"
                               "            \"type\": \"command\",\n"
                               "            \"command\": \"%s\",\n"
                               "            \"timeout\": 10\n"
                               "          }\n"
                               "        ]\n"
                               "      },\n"
                               "      {\n"
                               "        \"hooks\": [\n"
                               "          {\n"
                               "            \"type\": \"command\",\n"
                               "            \"command\": \"%s\",\n"
                               "            \"timeout\": 10\n"
                               "          }\n"
                               "        ]\n"
                               "      }\n"
                               "    ]\n"
                               "  }\n"
                               "}\n";
    char *text = NULL;
    assert_true(asprintf(&text, form, first, second) > 0);
    return text;
}

static void every_entry_of_ours_with_another_path_is_updated_and_counted(void **state)
{
    (void)state;
    kit_hooks_layout layout = GROUPED;
    layout.events = STOP_ONLY, layout.n_events = 1;
    char *expected = stop_with_twice_ours(CMD, CMD);
    for (int stale_first = 0; stale_first < 2; stale_first++) {
        char *text =
            stale_first ? stop_with_twice_ours(OLD_CMD, CMD) : stop_with_twice_ours(CMD, OLD_CMD);
        json_object *root = parse(text);
        char err[256] = "";
        /* Counted: a change reported as none would leave the old path in the file. */
        assert_int_equal(kit_hooks_install(root, &layout, CMD, err, sizeof err), 1);
        assert_formats_as(root, expected);
        assert_int_equal(kit_hooks_install(root, &layout, CMD, err, sizeof err), 0);
        json_object_put(root);
        free(text);
    }
    free(expected);
}

/* An older install: our group watched Bash alone with a 5 s timeout; the user also put a
 * handler of their own into a group beside ours. */
static const char OLDER_INSTALL[] = "{\n"
                                    "  \"hooks\": {\n"
                                    "    \"PreToolUse\": [\n"
                                    "      {\n"
                                    "        \"matcher\": \"Bash\",\n"
                                    "        \"hooks\": [\n"
                                    "          {\n"
                                    "            \"type\": \"command\",\n"
                                    "            \"command\": \"" CMD "\",\n"
                                    "            \"timeout\": 5\n"
                                    "          }\n"
                                    "        ]\n"
                                    "      },\n"
                                    "      {\n"
                                    "        \"matcher\": \"Edit\",\n"
                                    "        \"hooks\": [\n"
                                    "          {\n"
                                    "            \"type\": \"command\",\n"
                                    "            \"command\": \"my-formatter\"\n"
                                    "          },\n"
                                    "          {\n"
                                    "            \"type\": \"command\",\n"
                                    "            \"command\": \"" CMD "\",\n"
                                    "            \"timeout\": 10\n"
                                    "          }\n"
                                    "        ]\n"
                                    "      }\n"
                                    "    ]\n"
                                    "  }\n"
                                    "}\n";

/* Installing again after an upgrade brings our own group to this version's matcher and our
 * handler to its timeout; the group shared with the user's handler keeps the user's matcher. */
static void an_upgrade_refreshes_our_matcher_and_timeout_only(void **state)
{
    (void)state;
    static const kit_hook_event events[] = {{"PreToolUse", "Bash|PowerShell", 0}};
    kit_hooks_layout layout = GROUPED;
    layout.events = events, layout.n_events = 1;
    json_object *root = parse(OLDER_INSTALL);
    char err[256] = "";
    assert_int_equal(kit_hooks_install(root, &layout, CMD, err, sizeof err), 1);
    char *text = kit_json_format(root);
    char *expected = strdup(OLDER_INSTALL);
    char *bash = strstr(expected, "\"Bash\""), *five = strstr(expected, "\": 5\n");
    assert_non_null(bash);
    assert_non_null(five);
    char *want = NULL; /* the first group's matcher and timeout replaced, nothing else */
    assert_true(asprintf(&want, "%.*s\"Bash|PowerShell\"%.*s\": 10%s", (int)(bash - expected),
                         expected, (int)(five - bash - 6), bash + 6, five + 4) > 0);
    assert_string_equal(text, want);
    assert_int_equal(kit_hooks_install(root, &layout, CMD, err, sizeof err), 0);
    free(want);
    free(expected);
    free(text);
    json_object_put(root);
}

/* A user's file: keys before and after "hooks", someone else's handlers (one beside where ours
 * go, one in an event we do not use), a number written as 1.50, and ours from an old install in
 * one event only. */
static const char USERS_SETTINGS[] = "{\n"
                                     "  \"model\": \"opus\",\n"
                                     "  \"hooks\": {\n"
                                     "    \"Notification\": [\n"
                                     "      {\n"
                                     "        \"hooks\": [\n"
                                     "          {\n"
                                     "            \"type\": \"command\",\n"
                                     "            \"command\": \"notify-send done\"\n"
                                     "          }\n"
                                     "        ]\n"
                                     "      }\n"
                                     "    ],\n"
                                     "    \"PreToolUse\": [\n"
                                     "      {\n"
                                     "        \"matcher\": \"Bash\",\n"
                                     "        \"hooks\": [\n"
                                     "          {\n"
                                     "            \"type\": \"command\",\n"
                                     "            \"command\": \"my-linter --check\"\n"
                                     "          },\n"
                                     "          {\n"
                                     "            \"type\": \"command\",\n"
                                     "            \"command\": \"" OLD_CMD "\",\n"
                                     "            \"timeout\": 10\n"
                                     "          }\n"
                                     "        ]\n"
                                     "      }\n"
                                     "    ]\n"
                                     "  },\n"
                                     "  \"cleanupPeriodDays\": 1.50,\n"
                                     "  \"env\": {}\n"
                                     "}\n";

static void install_keeps_other_keys_and_hooks_in_their_order(void **state)
{
    (void)state;
    json_object *root = parse(USERS_SETTINGS);
    assert_formats_as(root, USERS_SETTINGS); /* the formatter gives the file back as it was */
    char err[256] = "";
    /* PreToolUse: updated in place; SessionStart and Stop: added after the existing events. */
    assert_int_equal(kit_hooks_install(root, &GROUPED, CMD, err, sizeof err), 3);
    assert_formats_as(root, "{\n"
                            "  \"model\": \"opus\",\n"
                            "  \"hooks\": {\n"
                            "    \"Notification\": [\n"
                            "      {\n"
                            "        \"hooks\": [\n"
                            "          {\n"
                            "            \"type\": \"command\",\n"
                            "            \"command\": \"notify-send done\"\n"
                            "          }\n"
                            "        ]\n"
                            "      }\n"
                            "    ],\n"
                            "    \"PreToolUse\": [\n"
                            "      {\n"
                            "        \"matcher\": \"Bash\",\n"
                            "        \"hooks\": [\n"
                            "          {\n"
                            "            \"type\": \"command\",\n"
                            "            \"command\": \"my-linter --check\"\n"
                            "          },\n"
                            "          {\n"
                            "            \"type\": \"command\",\n"
                            "            \"command\": \"" CMD "\",\n"
                            "            \"timeout\": 10\n"
                            "          }\n"
                            "        ]\n"
                            "      }\n"
                            "    ],\n"
                            "    \"SessionStart\": [\n"
                            "      {\n"
                            "        \"hooks\": [\n"
                            "          {\n"
                            "            \"type\": \"command\",\n"
                            "            \"command\": \"" CMD "\",\n"
                            "            \"timeout\": 10\n"
                            "          }\n"
                            "        ]\n"
                            "      }\n"
                            "    ],\n"
                            "    \"Stop\": [\n"
                            "      {\n"
                            "        \"hooks\": [\n"
                            "          {\n"
                            "            \"type\": \"command\",\n"
                            "            \"command\": \"" CMD "\",\n"
                            "            \"timeout\": 10\n"
                            "          }\n"
                            "        ]\n"
                            "      }\n"
                            "    ]\n"
                            "  },\n"
                            "  \"cleanupPeriodDays\": 1.50,\n"
                            "  \"env\": {}\n"
                            "}\n");
    json_object_put(root);
}

/* Without ours, the user's file above: what uninstall must leave. */
static const char USERS_OWN_ONLY[] = "{\n"
                                     "  \"model\": \"opus\",\n"
                                     "  \"hooks\": {\n"
                                     "    \"Notification\": [\n"
                                     "      {\n"
                                     "        \"hooks\": [\n"
                                     "          {\n"
                                     "            \"type\": \"command\",\n"
                                     "            \"command\": \"notify-send done\"\n"
                                     "          }\n"
                                     "        ]\n"
                                     "      }\n"
                                     "    ],\n"
                                     "    \"PreToolUse\": [\n"
                                     "      {\n"
                                     "        \"matcher\": \"Bash\",\n"
                                     "        \"hooks\": [\n"
                                     "          {\n"
                                     "            \"type\": \"command\",\n"
                                     "            \"command\": \"my-linter --check\"\n"
                                     "          }\n"
                                     "        ]\n"
                                     "      }\n"
                                     "    ]\n"
                                     "  },\n"
                                     "  \"cleanupPeriodDays\": 1.50,\n"
                                     "  \"env\": {}\n"
                                     "}\n";

static void uninstall_removes_only_ours_and_what_it_emptied(void **state)
{
    (void)state;
    json_object *root = parse(USERS_SETTINGS);
    char err[256] = "";
    assert_int_equal(kit_hooks_install(root, &GROUPED, CMD, err, sizeof err), 3);
    /* Three handlers: the group beside the linter stays, SessionStart and Stop go. */
    assert_int_equal(kit_hooks_uninstall(root, &GROUPED, err, sizeof err), 3);
    assert_formats_as(root, USERS_OWN_ONLY);
    assert_int_equal(kit_hooks_uninstall(root, &GROUPED, err, sizeof err), 0);
    assert_formats_as(root, USERS_OWN_ONLY);
    json_object_put(root);
}

static void uninstall_of_everything_drops_the_hooks_key(void **state)
{
    (void)state;
    json_object *root = parse("{\"model\": \"opus\"}");
    char err[256] = "";
    assert_int_equal(kit_hooks_install(root, &GROUPED, CMD, err, sizeof err), 3);
    assert_int_equal(kit_hooks_uninstall(root, &GROUPED, err, sizeof err), 3);
    assert_formats_as(root, "{\n  \"model\": \"opus\"\n}\n");
    json_object_put(root);
}

static void uninstall_leaves_another_harnesses_entries(void **state)
{
    (void)state;
    const char *text = "{\n"
                       "  \"hooks\": {\n"
                       "    \"Stop\": [\n"
                       "      {\n"
                       "        \"hooks\": [\n"
                       "          {\n"
                       "            \"type\": \"command\",\n"
                       "            \"command\": \"" BIN " hook codex\"\n"
                       "          }\n"
                       "        ]\n"
                       "      }\n"
                       "    ]\n"
                       "  }\n"
                       "}\n";
    json_object *root = parse(text);
    char err[256] = "";
    assert_int_equal(kit_hooks_uninstall(root, &GROUPED, err, sizeof err), 0);
    assert_formats_as(root, text);
    json_object_put(root);
}

/* ---- shapes a harness would not accept ------------------------------------------------------ */

static void hooks_that_is_not_an_object_is_refused(void **state)
{
    (void)state;
    const char *text = "{\n  \"hooks\": []\n}\n";
    json_object *root = parse(text);
    char err[256] = "";
    assert_int_equal(kit_hooks_install(root, &GROUPED, CMD, err, sizeof err), -1);
    assert_non_null(strstr(err, "\"hooks\" is not an object"));
    assert_formats_as(root, text);
    err[0] = '\0';
    assert_int_equal(kit_hooks_uninstall(root, &GROUPED, err, sizeof err), -1);
    assert_non_null(strstr(err, "\"hooks\" is not an object"));
    assert_formats_as(root, text);
    json_object_put(root);
}

static void an_event_that_is_not_an_array_is_refused_before_any_change(void **state)
{
    (void)state;
    /* Stop is the layout's last event: SessionStart and PreToolUse come before it is seen. */
    const char *text = "{\n"
                       "  \"hooks\": {\n"
                       "    \"Stop\": {\n"
                       "      \"command\": \"x\"\n"
                       "    }\n"
                       "  }\n"
                       "}\n";
    json_object *root = parse(text);
    char err[256] = "";
    assert_int_equal(kit_hooks_install(root, &GROUPED, CMD, err, sizeof err), -1);
    assert_non_null(strstr(err, "\"hooks.Stop\" is not an array"));
    assert_formats_as(root, text);
    json_object_put(root);
}

static void a_handler_with_a_null_type_is_not_ours_and_stays(void **state)
{
    (void)state;
    const char *text = "{\n"
                       "  \"hooks\": {\n"
                       "    \"Stop\": [\n"
                       "      {\n"
                       "        \"hooks\": [\n"
                       "          {\n"
                       "            \"type\": null,\n"
                       "            \"command\": \"" CMD "\"\n"
                       "          }\n"
                       "        ]\n"
                       "      }\n"
                       "    ]\n"
                       "  }\n"
                       "}\n";
    json_object *root = parse(text);
    char err[256] = "";
    assert_int_equal(kit_hooks_uninstall(root, &GROUPED, err, sizeof err), 0);
    assert_formats_as(root, text);
    assert_int_equal(kit_hooks_install(root, &GROUPED, CMD, err, sizeof err), 3);
    assert_int_equal(kit_hooks_uninstall(root, &GROUPED, err, sizeof err), 3);
    assert_formats_as(root, text);
    json_object_put(root);
}

/* ---- the flat shape ------------------------------------------------------------------------ */

#define FLAT_HANDLER                                                                               \
    "      {\n"                                                                                    \
    "        \"type\": \"command\",\n"                                                             \
    "        \"bash\": \"" FLAT_CMD "\",\n"                                                        \
    "        \"timeoutSec\": 10\n"                                                                 \
    "      }\n"

static void flat_install_into_empty_settings_adds_the_version(void **state)
{
    (void)state;
    json_object *root = json_object_new_object();
    char err[256] = "";
    assert_int_equal(kit_hooks_install(root, &FLAT, FLAT_CMD, err, sizeof err), 2);
    assert_formats_as(root, "{\n"
                            "  \"version\": 1,\n"
                            "  \"hooks\": {\n"
                            "    \"sessionStart\": [\n" FLAT_HANDLER "    ],\n"
                            "    \"postToolUse\": [\n" FLAT_HANDLER "    ]\n"
                            "  }\n"
                            "}\n");
    assert_int_equal(kit_hooks_install(root, &FLAT, FLAT_CMD, err, sizeof err), 0);
    /* Uninstalled, only the version stays: the file is still one the harness reads. */
    assert_int_equal(kit_hooks_uninstall(root, &FLAT, err, sizeof err), 2);
    assert_formats_as(root, "{\n  \"version\": 1\n}\n");
    json_object_put(root);
}

static void flat_install_and_uninstall_keep_the_users_handlers(void **state)
{
    (void)state;
    const char *text = "{\n"
                       "  \"version\": 1,\n"
                       "  \"hooks\": {\n"
                       "    \"postToolUse\": [\n"
                       "      {\n"
                       "        \"type\": \"command\",\n"
                       "        \"bash\": \"./audit.sh\",\n"
                       "        \"cwd\": \"scripts\"\n"
                       "      }\n"
                       "    ]\n"
                       "  }\n"
                       "}\n";
    json_object *root = parse(text);
    char err[256] = "";
    assert_int_equal(kit_hooks_install(root, &FLAT, "/opt/old/mosaic-telemetry hook copilot-cli",
                                       err, sizeof err),
                     2);
    assert_int_equal(kit_hooks_install(root, &FLAT, FLAT_CMD, err, sizeof err), 2); /* moved */
    assert_formats_as(root, "{\n"
                            "  \"version\": 1,\n"
                            "  \"hooks\": {\n"
                            "    \"postToolUse\": [\n"
                            "      {\n"
                            "        \"type\": \"command\",\n"
                            "        \"bash\": \"./audit.sh\",\n"
                            "        \"cwd\": \"scripts\"\n"
                            "      },\n" FLAT_HANDLER "    ],\n"
                            "    \"sessionStart\": [\n" FLAT_HANDLER "    ]\n"
                            "  }\n"
                            "}\n");
    assert_int_equal(kit_hooks_uninstall(root, &FLAT, err, sizeof err), 2);
    assert_formats_as(root, text);
    json_object_put(root);
}

/* ---- the formatter -------------------------------------------------------------------------- */

static void the_format_is_two_space_indents_with_a_final_newline(void **state)
{
    (void)state;
    json_object *empty = json_object_new_object();
    assert_formats_as(empty, "{}\n");
    json_object_put(empty);
    json_object *root = parse("{\"a\":{},\"b\":[],\"c\":[1,\"x/y\",true,null,{\"d\":-3}],"
                              "\"e\":1.50,\"f\":1e3,\"g\":\"caf\\u00e9 \\\"q\\\"\"}");
    assert_formats_as(root, "{\n"
                            "  \"a\": {},\n"
                            "  \"b\": [],\n"
                            "  \"c\": [\n"
                            "    1,\n"
                            "    \"x/y\",\n"
                            "    true,\n"
                            "    null,\n"
                            "    {\n"
                            "      \"d\": -3\n"
                            "    }\n"
                            "  ],\n"
                            "  \"e\": 1.50,\n"
                            "  \"f\": 1e3,\n"
                            "  \"g\": \"caf\xc3\xa9 \\\"q\\\"\"\n"
                            "}\n");
    json_object_put(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_plain_path_is_written_as_it_is),
        cmocka_unit_test(an_event_of_its_own_timeout_gets_it),
        cmocka_unit_test(a_path_with_a_space_is_single_quoted),
        cmocka_unit_test(a_single_quote_or_a_short_buffer_is_refused),
        cmocka_unit_test(our_command_is_known_quoted_or_not_in_any_directory),
        cmocka_unit_test(other_commands_are_not_ours),
        cmocka_unit_test(grouped_install_into_empty_settings_adds_every_event),
        cmocka_unit_test(a_second_install_changes_nothing),
        cmocka_unit_test(our_entry_with_another_path_is_updated_in_place),
        cmocka_unit_test(every_entry_of_ours_with_another_path_is_updated_and_counted),
        cmocka_unit_test(an_upgrade_refreshes_our_matcher_and_timeout_only),
        cmocka_unit_test(install_keeps_other_keys_and_hooks_in_their_order),
        cmocka_unit_test(uninstall_removes_only_ours_and_what_it_emptied),
        cmocka_unit_test(uninstall_of_everything_drops_the_hooks_key),
        cmocka_unit_test(uninstall_leaves_another_harnesses_entries),
        cmocka_unit_test(hooks_that_is_not_an_object_is_refused),
        cmocka_unit_test(an_event_that_is_not_an_array_is_refused_before_any_change),
        cmocka_unit_test(a_handler_with_a_null_type_is_not_ours_and_stays),
        cmocka_unit_test(flat_install_into_empty_settings_adds_the_version),
        cmocka_unit_test(flat_install_and_uninstall_keep_the_users_handlers),
        cmocka_unit_test(the_format_is_two_space_indents_with_a_final_newline),
    };
    return cmocka_run_group_tests_name("unit/kit_hooks_edit", tests, NULL, NULL);
}
