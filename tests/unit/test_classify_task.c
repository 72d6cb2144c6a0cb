/* mt_classify_task_type: prompt text -> task type. Every row is checked and every failing row is
 * reported by its prompt before the test fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"

#define PLANNING       MOSAIC_TASK_TYPE_PLANNING
#define ARCHITECTURE   MOSAIC_TASK_TYPE_ARCHITECTURE
#define IMPLEMENTATION MOSAIC_TASK_TYPE_IMPLEMENTATION
#define CODE_REVIEW    MOSAIC_TASK_TYPE_CODE_REVIEW
#define TESTING        MOSAIC_TASK_TYPE_TESTING
#define DEBUGGING      MOSAIC_TASK_TYPE_DEBUGGING
#define REFACTORING    MOSAIC_TASK_TYPE_REFACTORING
#define DOCUMENTATION  MOSAIC_TASK_TYPE_DOCUMENTATION
#define CONFIGURATION  MOSAIC_TASK_TYPE_CONFIGURATION
#define SECURITY_AUDIT MOSAIC_TASK_TYPE_SECURITY_AUDIT
#define UNKNOWN        MOSAIC_TASK_TYPE_UNKNOWN

struct row {
    const char *prompt;
    mosaic_task_type type;
};

static void check_rows(const struct row *rows, size_t n)
{
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        mosaic_task_type got = mt_classify_task_type(rows[i].prompt);
        if (got != rows[i].type) {
            print_error("'%s': expected %s, got %s\n", rows[i].prompt,
                        mosaic_task_type_str(rows[i].type), mosaic_task_type_str(got));
            failures++;
        }
    }
    if (failures)
        fail_msg("%d of %zu prompts misclassified", failures, n);
}

#define CHECK(rows) check_rows(rows, sizeof rows / sizeof *rows)

static void test_debugging(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"Fix the crash when the config file is missing", DEBUGGING},
        {"There's a bug in the date parser", DEBUGGING},
        {"I get this traceback when I run it:\nTraceback (most recent call last):", DEBUGGING},
        {"Why does the app segfault on startup?", DEBUGGING},
        {"The login page is broken after the last deploy", DEBUGGING},
        {"Getting a NullPointerException in OrderService", DEBUGGING},
        {"the build is failing on main, please investigate", DEBUGGING},
        {"Search doesn't work for names with accents", DEBUGGING},
        {"debug why the worker hangs on shutdown", DEBUGGING},
        {"Fix the failing tests in the parser", DEBUGGING},
        {"TypeError: cannot read properties of undefined (reading 'map')", DEBUGGING},
        {"find the root cause of the memory leak in the cache", DEBUGGING},
        {"FIX: pagination returns the wrong page", DEBUGGING},
    };
    CHECK(rows);
}

static void test_implementation(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"Implement a CSV export for the reports page", IMPLEMENTATION},
        {"Add a dark mode toggle to the settings page", IMPLEMENTATION},
        {"Create a REST endpoint that returns the user's orders", IMPLEMENTATION},
        {"Build a CLI that converts markdown to html", IMPLEMENTATION},
        {"new feature: let users upload avatars", IMPLEMENTATION},
        {"add support for postgres arrays", IMPLEMENTATION},
        {"write a function that merges two sorted lists", IMPLEMENTATION},
        {"implement pagination", IMPLEMENTATION},
    };
    CHECK(rows);
}

static void test_review_refactor_test_docs(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"Review this PR", CODE_REVIEW},
        {"can you do a code review of my changes?", CODE_REVIEW},
        {"Give me feedback on this function", CODE_REVIEW},
        {"please look over the diff before I merge the pull request", CODE_REVIEW},
        {"Refactor the payment module into smaller files", REFACTORING},
        {"clean up the utils folder", REFACTORING},
        {"Rename getUser to fetchUser everywhere", REFACTORING},
        {"extract the validation logic into its own class", REFACTORING},
        {"simplify this function, it's too nested", REFACTORING},
        {"remove dead code from the legacy importer", REFACTORING},
        {"Write unit tests for the tokenizer", TESTING},
        {"add tests for the new endpoint", TESTING},
        {"increase test coverage of the auth module", TESTING},
        {"Add an integration test for checkout", TESTING},
        {"write e2e tests with playwright for signup", TESTING},
        {"mock the HTTP client in these pytest fixtures", TESTING},
        {"Document the public API", DOCUMENTATION},
        {"update the README with install steps", DOCUMENTATION},
        {"add docstrings to every function in utils.py", DOCUMENTATION},
        {"write documentation for the config options", DOCUMENTATION},
        {"add JSDoc comments to the exported functions", DOCUMENTATION},
        {"update the changelog for 2.0", DOCUMENTATION},
    };
    CHECK(rows);
}

static void test_plan_architecture_config_security(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"Plan the migration from REST to GraphQL", PLANNING},
        {"Write a design doc for offline sync", PLANNING},
        {"how should we structure the rollout?", PLANNING},
        {"draft a roadmap for Q3", PLANNING},
        {"break down this epic into milestones", PLANNING},
        {"What architecture would you suggest for a multi-tenant SaaS?", ARCHITECTURE},
        {"system design for a URL shortener", ARCHITECTURE},
        {"should we split the monolith into microservices?", ARCHITECTURE},
        {"Set up GitHub Actions CI for this repo", CONFIGURATION},
        {"write a Dockerfile for the api", CONFIGURATION},
        {"configure eslint and prettier", CONFIGURATION},
        {"fix the yaml in the k8s deployment", CONFIGURATION},
        {"install and configure redis locally", CONFIGURATION},
        {"add an environment variable for the API base url", CONFIGURATION},
        {"update tsconfig to target ES2022", CONFIGURATION},
        {"Do a security audit of the auth code", SECURITY_AUDIT},
        {"check for SQL injection in the search endpoint", SECURITY_AUDIT},
        {"Is this vulnerable to XSS?", SECURITY_AUDIT},
        {"scan dependencies for known CVEs", SECURITY_AUDIT},
        {"review the code for security vulnerabilities", SECURITY_AUDIT},
        {"fix the CSRF vulnerability in the form handler", SECURITY_AUDIT},
    };
    CHECK(rows);
}

static void test_word_boundaries(void **state)
{
    (void)state;
    static const struct row rows[] = {
        /* "test" inside other words is not a cue */
        {"use testify for assertions", TESTING}, /* "assertion": testing, not "test" */
        {"ValueError in parse_config", DEBUGGING},
        {"fixBugInParser", DEBUGGING},
        {"upgrade to the latest version", UNKNOWN},
        {"the contest results page", UNKNOWN},
        {"print the address", UNKNOWN},   /* not "pr", not "add" */
        {"a cipher suite", UNKNOWN},      /* not "ci" */
        {"prefix and suffix", UNKNOWN},   /* not "fix" */
        {"the planet is round", UNKNOWN}, /* not "plan" */
        {"debugger attached", UNKNOWN},   /* "debugger" is not debug + an ending */
        /* endings that are the same word */
        {"tests", TESTING},
        {"fixing", DEBUGGING},
        {"crashes", DEBUGGING},
        {"renamed", REFACTORING},
        /* gaps inside phrases */
        {"clean-up the module", REFACTORING},
        {"end-to-end", TESTING},
        {"unit_test", TESTING},
        {"CODE   REVIEW", CODE_REVIEW},
    };
    CHECK(rows);
}

static void test_no_signal(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {NULL, UNKNOWN},           {"", UNKNOWN},
        {"   \n\t  ", UNKNOWN},    {"hello", UNKNOWN},
        {"thanks!", UNKNOWN},      {"yes", UNKNOWN},
        {"continue", UNKNOWN},     {"???", UNKNOWN},
        {"\xff\xfe\xfd", UNKNOWN}, {"r\xc3\xa9sum\xc3\xa9 of the meeting", UNKNOWN},
        {"fixé", UNKNOWN}, /* an accented word is another word */
    };
    CHECK(rows);
}

/* Ties follow the documented priority. */
static void test_ties(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"bug test", DEBUGGING},         /* 2 : 2, debugging before testing */
        {"review docs", CODE_REVIEW},    /* 2 : 2, code review before documentation */
        {"audit error", SECURITY_AUDIT}, /* 2 : 2, security first */
        {"plan config", PLANNING},       /* 2 : 2, planning before configuration */
        {"add design", ARCHITECTURE},    /* 1 : 1, implementation last */
        {"rename docs", REFACTORING},    /* 2 : 2 */
    };
    CHECK(rows);
}

/* A pasted log repeats its words; each cue counts once. */
static void test_repetition_counts_once(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"Refactor this:\nerror error error error error error error error error", REFACTORING},
        {"error error error error error error. Update the README", DOCUMENTATION},
    };
    CHECK(rows);
}

static char *repeat(const char *unit, size_t total)
{
    size_t n = strlen(unit);
    char *s = malloc(total + 1);
    assert_non_null(s);
    for (size_t i = 0; i < total; i++)
        s[i] = unit[i % n];
    s[total] = '\0';
    return s;
}

static void test_huge_prompts(void **state)
{
    (void)state;
    const size_t mb = 1024 * 1024;
    char *s = repeat("a ", mb);
    assert_int_equal(mt_classify_task_type(s), UNKNOWN);
    free(s);
    s = repeat("\xff", mb);
    assert_int_equal(mt_classify_task_type(s), UNKNOWN);
    free(s);
    s = repeat("fix the bug ", mb);
    assert_int_equal(mt_classify_task_type(s), DEBUGGING);
    free(s);
    /* Only the first 64 KiB are read: a cue after them does not count. */
    s = repeat("x ", mb);
    memcpy(s + mb - 20, "refactor ", 9);
    assert_int_equal(mt_classify_task_type(s), UNKNOWN);
    memcpy(s + 10, "refactor ", 9);
    assert_int_equal(mt_classify_task_type(s), REFACTORING);
    free(s);
}

static void test_random_bytes(void **state)
{
    (void)state;
    uint32_t x = 777;
    char buf[300];
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(round % 299) + 1;
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            buf[i] = (char)((x >> 16) % 255 + 1);
        }
        buf[n] = '\0';
        mosaic_task_type t = mt_classify_task_type(buf);
        assert_non_null(mosaic_task_type_str(t));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_debugging),
        cmocka_unit_test(test_implementation),
        cmocka_unit_test(test_review_refactor_test_docs),
        cmocka_unit_test(test_plan_architecture_config_security),
        cmocka_unit_test(test_word_boundaries),
        cmocka_unit_test(test_no_signal),
        cmocka_unit_test(test_ties),
        cmocka_unit_test(test_repetition_counts_once),
        cmocka_unit_test(test_huge_prompts),
        cmocka_unit_test(test_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
