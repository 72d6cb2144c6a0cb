/* Integration: a harness's view of the plugin. This program includes only mosaic/plugin.h and
 * does not link the library: it dlopen()s it by path, asks for the version-1 table, runs tasks
 * through the hooks and finds the events they became at the reference server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dlfcn.h>
#include <mosaic/plugin.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "server_control.h"

static void *library;
static const mosaic_plugin_v1 *mt;

static const mosaic_plugin_v1 *load_table(void)
{
    library = dlopen(MOSAIC_TEST_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    assert_non_null(library);
    mosaic_plugin_query_fn query = (mosaic_plugin_query_fn)dlsym(library, "mosaic_plugin_query");
    assert_non_null(query);
    assert_null(query(0));
    assert_null(query(2));
    return query(MOSAIC_PLUGIN_ABI_V1);
}

static int setup_group(void **state)
{
    if (server_group_setup(state) != 0)
        return -1;
    setenv("MOSAIC_TELEMETRY_SERVER_URL", server.url, 1);
    setenv("MOSAIC_TELEMETRY_API_KEY", DEMO_API_KEY, 1);
    setenv("MOSAIC_TELEMETRY_INSTANCE_ID", DEMO_INSTANCE_ID, 1);
    setenv("MOSAIC_TELEMETRY_LOG_LEVEL", "off", 1);
    return 0;
}

static int teardown_group(void **state)
{
    if (mt)
        mt->shutdown(2000);
    return server_group_teardown(state);
}

/* The one stored event, as a JSON object (put the parent it came from). */
static json_object *only_event(json_object **owner)
{
    json_object *events;
    *owner = server_get(&server, "/_control/events");
    assert_true(json_object_object_get_ex(*owner, "events", &events));
    assert_int_equal(json_object_array_length(events), 1);
    return json_object_array_get_idx(events, 0);
}

static const char *field(json_object *event, const char *name)
{
    json_object *value;
    assert_true(json_object_object_get_ex(event, name, &value));
    return json_object_to_json_string_ext(value, JSON_C_TO_STRING_PLAIN);
}

static void the_table_is_version_one(void **state)
{
    (void)state;
    mt = load_table();
    assert_non_null(mt);
    assert_int_equal(mt->abi_version, MOSAIC_PLUGIN_ABI_V1);
    assert_true(mt->struct_size >= sizeof(mosaic_plugin_v1));
    assert_int_equal(mt->init(NULL), MOSAIC_OK);
    assert_int_equal(mt->init(NULL), MOSAIC_OK); /* idempotent */
}

static void a_task_through_the_hooks_becomes_one_event(void **state)
{
    (void)state;
    mosaic_task_info info = {.struct_size = sizeof info,
                             .given = MOSAIC_TASK_INFO_HARNESS | MOSAIC_TASK_INFO_TASK_TYPE,
                             .harness = MOSAIC_HARNESS_CLAUDE_CODE,
                             .task_type = MOSAIC_TASK_TYPE_DEBUGGING};
    mosaic_task *task = mt->task_begin(&info);
    assert_non_null(task);
    mt->task_model(task, "claude-sonnet-4-5-20250929");
    mt->task_tokens(task, 1000, 200, 3000, 40000);
    mt->task_tokens(task, 500, 100, 0, 44000);
    mt->task_gate(task, MOSAIC_QUALITY_GATE_TEST, false);
    mt->task_gate(task, MOSAIC_QUALITY_GATE_TEST, true); /* the last result wins */
    mt->task_gate(task, MOSAIC_QUALITY_GATE_LINT, false);
    mt->task_compaction(task);
    mt->task_file(task, "src/main.rs");
    mt->task_file(task, "src/lib.rs");
    mt->task_file(task, "README.md");
    mt->task_cost(task, 123456);
    assert_int_equal(mt->task_end(task, MOSAIC_OUTCOME_PARTIAL), MOSAIC_OK);
    assert_int_equal(mt->shutdown(5000), MOSAIC_OK);

    json_object *owner, *event = only_event(&owner);
    assert_string_equal(field(event, "harness"), "\"claude_code\"");
    assert_string_equal(field(event, "task_type"), "\"debugging\"");
    assert_string_equal(field(event, "model"), "\"claude-sonnet-4-5-20250929\"");
    assert_string_equal(field(event, "provider"), "\"anthropic\"");
    assert_string_equal(field(event, "actual_input_tokens"), "88500");
    assert_string_equal(field(event, "actual_output_tokens"), "300");
    assert_string_equal(field(event, "actual_cost_usd_micros"), "123456");
    assert_string_equal(field(event, "quality_gates_run"), "[\"lint\",\"test\"]");
    assert_string_equal(field(event, "quality_gates_failed"), "[\"lint\"]");
    assert_string_equal(field(event, "quality_gate_passed"), "false");
    assert_string_equal(field(event, "context_compactions"), "1");
    assert_string_equal(field(event, "language"), "\"rust\"");
    assert_string_equal(field(event, "outcome"), "\"partial\"");
    json_object_put(owner);
    assert_int_equal(mt->init(NULL), MOSAIC_OK); /* started again for the next tests */
}

/* A harness that calls init(NULL) gets what `mosaic-telemetry config set` stored, under the
 * environment, as the command does (Gemini CLI, for one, drops variables named *KEY*). */
static void init_null_reads_the_config_file_under_the_environment(void **state)
{
    (void)state;
    assert_int_equal(mt->shutdown(2000), MOSAIC_OK);
    char home[] = "/tmp/mosaic-plugin-config-XXXXXX", dir[128], path[160];
    assert_non_null(mkdtemp(home));
    snprintf(dir, sizeof dir, "%s/mosaic-telemetry", home);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/config", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "MOSAIC_TELEMETRY_SERVER_URL=http://127.0.0.1:1\nMOSAIC_TELEMETRY_API_KEY=%s\n",
            DEMO_API_KEY);
    fclose(f);
    assert_int_equal(chmod(path, 0600), 0);
    setenv("XDG_CONFIG_HOME", home, 1);
    unsetenv("MOSAIC_TELEMETRY_API_KEY"); /* from the file only */

    assert_int_equal(mt->init(NULL), MOSAIC_OK); /* the server URL: the environment's wins */
    mosaic_task *task = mt->task_begin(NULL);
    mt->task_tokens(task, 10, 5, 0, 0);
    assert_int_equal(mt->task_end(task, MOSAIC_OUTCOME_SUCCESS), MOSAIC_OK);
    assert_int_equal(mt->shutdown(5000), MOSAIC_OK);
    json_object *owner, *event = only_event(&owner);
    assert_string_equal(field(event, "actual_input_tokens"), "10");
    json_object_put(owner);

    setenv("MOSAIC_TELEMETRY_API_KEY", DEMO_API_KEY, 1);
    unsetenv("XDG_CONFIG_HOME");
    unlink(path);
    rmdir(dir);
    rmdir(home);
    assert_int_equal(mt->init(NULL), MOSAIC_OK);
}

/* A caller compiled against a struct that ended after `complexity`. */
typedef struct older_task_info {
    uint32_t struct_size;
    uint32_t given;
    mosaic_harness harness;
    mosaic_provider provider;
    mosaic_task_type task_type;
    mosaic_complexity complexity;
} older_task_info;

static void an_older_smaller_task_info_is_served(void **state)
{
    (void)state;
    older_task_info old = {.struct_size = sizeof old,
                           .given = MOSAIC_TASK_INFO_COMPLEXITY,
                           .complexity = MOSAIC_COMPLEXITY_CRITICAL};
    mosaic_task *task = mt->task_begin((const mosaic_task_info *)&old);
    assert_non_null(task);
    mt->task_model(task, "gpt-5");
    assert_int_equal(mt->task_end(task, MOSAIC_OUTCOME_SUCCESS), MOSAIC_OK);
    assert_int_equal(mt->shutdown(5000), MOSAIC_OK);
    json_object *owner, *event = only_event(&owner);
    assert_string_equal(field(event, "complexity"), "\"critical\"");
    assert_string_equal(field(event, "provider"), "\"openai\"");
    assert_string_equal(field(event, "language"), "null");
    json_object_put(owner);
    assert_int_equal(mt->init(NULL), MOSAIC_OK);
}

/* A caller compiled against a future, larger struct. */
typedef struct newer_task_info {
    mosaic_task_info v1;
    uint64_t future_member;
} newer_task_info;

static void a_newer_task_info_needs_its_unknown_bytes_zero(void **state)
{
    (void)state;
    newer_task_info newer;
    memset(&newer, 0, sizeof newer);
    newer.v1.struct_size = sizeof newer;
    mosaic_task *task = mt->task_begin(&newer.v1);
    assert_non_null(task); /* zero: the old meaning */
    assert_int_equal(mt->task_end(task, MOSAIC_OUTCOME_CANCELLED), MOSAIC_OK);
    newer.future_member = 7;
    assert_null(mt->task_begin(&newer.v1)); /* a meaning this library cannot honour */
    assert_int_equal(mt->shutdown(5000), MOSAIC_OK);
    assert_int_equal(server_event_count(&server), 1);
    assert_int_equal(mt->init(NULL), MOSAIC_OK);
}

static void every_hook_is_harmless_with_a_null_task(void **state)
{
    (void)state;
    mt->task_model(NULL, "gpt-5");
    mt->task_tokens(NULL, 1, 2, 3, 4);
    mt->task_compaction(NULL);
    mt->task_rotation(NULL);
    mt->task_context(NULL, 5);
    mt->task_gate(NULL, MOSAIC_QUALITY_GATE_BUILD, true);
    mt->task_file(NULL, "a.c");
    mt->task_retry(NULL);
    mt->task_cost(NULL, 1);
    mt->task_prompt(NULL, "fix the bug");
    assert_int_equal(mt->task_end(NULL, MOSAIC_OUTCOME_SUCCESS), MOSAIC_ERR_INVALID_ARGUMENT);
}

static void hooks_after_shutdown_do_no_harm(void **state)
{
    (void)state;
    mosaic_task *task = mt->task_begin(NULL);
    assert_int_equal(mt->shutdown(2000), MOSAIC_OK);
    assert_int_equal(mt->shutdown(2000), MOSAIC_OK);
    mt->task_tokens(task, 10, 10, 0, 0);
    mt->task_gate(task, MOSAIC_QUALITY_GATE_LINT, true);
    assert_int_equal(mt->task_end(task, MOSAIC_OUTCOME_SUCCESS), MOSAIC_ERR_STOPPED);
    assert_int_equal(server_event_count(&server), 0);
    assert_int_equal(mt->init(NULL), MOSAIC_OK);
}

#define THREADS          8
#define TASKS_PER_THREAD 50

static void *run_tasks(void *arg)
{
    (void)arg;
    for (int i = 0; i < TASKS_PER_THREAD; i++) {
        mosaic_task *task = mt->task_begin(NULL);
        mt->task_model(task, "claude-haiku-4-5");
        mt->task_tokens(task, 100, 10, 0, 0);
        mt->task_gate(task, MOSAIC_QUALITY_GATE_BUILD, true);
        mt->task_end(task, MOSAIC_OUTCOME_SUCCESS);
    }
    return NULL;
}

static void tasks_on_eight_threads_all_arrive(void **state)
{
    (void)state;
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&threads[i], NULL, run_tasks, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    assert_int_equal(mt->shutdown(20000), MOSAIC_OK);
    assert_int_equal(server_event_count(&server), THREADS * TASKS_PER_THREAD);
    assert_int_equal(mt->init(NULL), MOSAIC_OK);
}

static void dlclose_and_dlopen_again_while_running(void **state)
{
    (void)state;
    mosaic_task *task = mt->task_begin(NULL);
    mt->task_model(task, "gemini-2.5-pro");
    mt->task_end(task, MOSAIC_OUTCOME_SUCCESS); /* queued; the flush thread is alive */
    assert_int_equal(dlclose(library), 0);
    const mosaic_plugin_v1 *again = load_table(); /* the library is pinned: same table */
    assert_ptr_equal(again, mt);
    assert_int_equal(mt->init(NULL), MOSAIC_OK);
    assert_int_equal(mt->shutdown(5000), MOSAIC_OK);
    assert_int_equal(server_event_count(&server), 1);
}

/* A harness with threads ending tasks forks: each child must be able to run a task of its own
 * (docs/abi.md, "Never harming the harness"). A lock held by a parent thread at the fork would
 * be held forever in the child; the alarm turns such a hang into a failure. */
#define FORK_THREADS  3
#define FORK_CHILDREN 10

static atomic_bool stop_ending;

static void *end_tasks_until_told(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop_ending)) {
        mosaic_task *task = mt->task_begin(NULL);
        mt->task_model(task, "claude-sonnet-4-5");
        mt->task_tokens(task, 1000, 100, 0, 0);
        mt->task_end(task, MOSAIC_OUTCOME_SUCCESS);
    }
    return NULL;
}

static int child_runs_one_task(void)
{
    alarm(5);
    mosaic_task *task = mt->task_begin(NULL);
    mt->task_model(task, "claude-haiku-4-5");
    return mt->task_end(task, MOSAIC_OUTCOME_SUCCESS) == MOSAIC_OK ? 0 : 1;
}

static void children_forked_while_tasks_end_run_their_own(void **state)
{
    (void)state;
#if defined(__SANITIZE_THREAD__)
    /* ThreadSanitizer cannot follow a child that starts threads after a multi-threaded fork
     * (the child's client does): the normal and ASan runs check this. */
    skip();
#endif
    assert_int_equal(mt->init(NULL), MOSAIC_OK);
    pthread_t threads[FORK_THREADS];
    atomic_store(&stop_ending, false);
    for (int i = 0; i < FORK_THREADS; i++)
        pthread_create(&threads[i], NULL, end_tasks_until_told, NULL);
    int finished = 0, hung = 0;
    for (int i = 0; i < FORK_CHILDREN; i++) {
        usleep(20000); /* let the threads be anywhere in task_end */
        pid_t pid = fork();
        if (pid == 0)
            _exit(child_runs_one_task());
        int status = 0;
        waitpid(pid, &status, 0);
        finished += WIFEXITED(status) && WEXITSTATUS(status) == 0;
        hung += WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM;
    }
    atomic_store(&stop_ending, true);
    for (int i = 0; i < FORK_THREADS; i++)
        pthread_join(threads[i], NULL);
    assert_int_equal(mt->shutdown(20000), MOSAIC_OK);
    assert_int_equal(hung, 0);
    assert_int_equal(finished, FORK_CHILDREN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(the_table_is_version_one, server_reset_setup),
        cmocka_unit_test_setup(a_task_through_the_hooks_becomes_one_event, server_reset_setup),
        cmocka_unit_test_setup(init_null_reads_the_config_file_under_the_environment,
                               server_reset_setup),
        cmocka_unit_test_setup(an_older_smaller_task_info_is_served, server_reset_setup),
        cmocka_unit_test_setup(a_newer_task_info_needs_its_unknown_bytes_zero, server_reset_setup),
        cmocka_unit_test_setup(every_hook_is_harmless_with_a_null_task, server_reset_setup),
        cmocka_unit_test_setup(hooks_after_shutdown_do_no_harm, server_reset_setup),
        cmocka_unit_test_setup(tasks_on_eight_threads_all_arrive, server_reset_setup),
        cmocka_unit_test_setup(dlclose_and_dlopen_again_while_running, server_reset_setup),
        cmocka_unit_test_setup(children_forked_while_tasks_end_run_their_own, server_reset_setup),
    };
    return cmocka_run_group_tests_name("integration/plugin_dlopen", tests, setup_group,
                                       teardown_group);
}
