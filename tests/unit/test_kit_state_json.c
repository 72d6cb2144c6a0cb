/* A session state file's frame (adapters/kit/state_json.h): the version first, the adapter's
 * members, the task last; a file of another version, or no JSON object, is no state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "json_fields.h"
#include "state_json.h"

/* A state file's text with one member of the adapter's ("model") and an ended task. */
static char *written(uint64_t version)
{
    kit_task task;
    kit_task_reset(&task);
    task.status = KIT_TASK_ENDED;
    task.start_ms = 1700000000000LL;
    strcpy(task.event_id, "ev-1");
    json_object *root = kit_state_json_new(version);
    assert_non_null(root);
    kit_json_put_text(root, "model", "m-1");
    return kit_state_json_text(root, &task);
}

static void a_state_reads_back_its_members_and_its_task(void **state)
{
    (void)state;
    char *text = written(3);
    assert_non_null(text);
    /* The version first, the task last, the adapter's members between. */
    assert_true(strstr(text, "\"version\"") < strstr(text, "\"model\""));
    assert_true(strstr(text, "\"model\"") < strstr(text, "\"task\""));
    kit_task task;
    json_object *root = kit_state_json_read(text, strlen(text), 3, &task);
    assert_non_null(root);
    char model[16];
    kit_json_text(root, "model", model, sizeof model);
    assert_string_equal(model, "m-1");
    assert_int_equal(task.status, KIT_TASK_ENDED);
    assert_int_equal(task.start_ms, 1700000000000LL);
    assert_string_equal(task.event_id, "ev-1");
    json_object_put(root);
    free(text);
}

static void another_version_or_no_object_is_no_state_and_no_task(void **state)
{
    (void)state;
    char *text = written(2);
    kit_task task;
    task.status = KIT_TASK_OPEN; /* left from before: reset all the same */
    assert_null(kit_state_json_read(text, strlen(text), 3, &task));
    assert_int_equal(task.status, KIT_TASK_NONE);
    assert_null(kit_state_json_read("[1]", 3, 3, &task));
    assert_null(kit_state_json_read("{\"version\":3", 12, 3, &task));
    json_object *root = kit_state_json_read("{\"version\":3}", 13, 3, &task); /* no task yet */
    assert_non_null(root);
    assert_int_equal(task.status, KIT_TASK_NONE);
    json_object_put(root);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_state_reads_back_its_members_and_its_task),
        cmocka_unit_test(another_version_or_no_object_is_no_state_and_no_task),
    };
    return cmocka_run_group_tests_name("unit/kit_state_json", tests, NULL, NULL);
}
