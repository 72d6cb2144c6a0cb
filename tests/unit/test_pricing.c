/* The price table: the shipped data, file parsing, model-name matching, and the cost formula. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "event.h"
#include "log_capture.h"
#include "pricing.h"

static mt_price_table *shipped;

static int setup(void **state)
{
    (void)state;
    char err[256] = "";
    shipped = mt_price_table_default(err, sizeof err);
    if (!shipped)
        fprintf(stderr, "the compiled-in table does not parse: %s\n", err);
    return shipped ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    mt_price_table_free(shipped);
    return 0;
}

static const mt_price *price_of(const char *model)
{
    const mt_price *p = mt_price_lookup(shipped, model);
    if (!p)
        fail_msg("no price for %s", model);
    return p;
}

static uint64_t cost(const char *model, uint64_t input, uint64_t output, uint64_t write_5m,
                     uint64_t write_1h, uint64_t read)
{
    mt_usage u = {input, output, write_5m, write_1h, read};
    return mt_cost_micros(price_of(model), &u);
}

/* Writes text to a new temporary file; the caller unlinks path. */
static void write_temp(char *path, size_t len, const char *text)
{
    snprintf(path, len, "/tmp/mt_prices_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
}

/* Runs fn in a child process (a fresh mt_prices() and warning memory) and expects exit 0. fn
 * reports failure by its return value, never through cmocka, which must not run in the child. */
static void in_child(int (*fn)(const char *), const char *arg)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(fn(arg));
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    if (WEXITSTATUS(status) != 0)
        fail_msg("child check %d failed", WEXITSTATUS(status));
}

/* ---------------------------------------------------------------------------------------------
 * The shipped table
 * ------------------------------------------------------------------------------------------- */

static void test_every_shipped_model_is_complete(void **state)
{
    (void)state;
    size_t n = mt_price_table_count(shipped);
    assert_true(n >= 50);
    size_t claude = 0, openai = 0, gemini = 0, mistral = 0, deepseek = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = NULL;
        const mt_price *p = mt_price_table_get(shipped, i, &name);
        assert_non_null(p);
        if (!(p->input > 0 && p->output > 0 && p->context_window > 0))
            fail_msg("%s: input, output and context_window must be set", name);
        if (!(p->cache_read > 0 && p->cache_read <= p->input))
            fail_msg("%s: cache_read must be above 0 and at most input", name);
        if (!(p->cache_write_5m >= p->input && p->cache_write_1h >= p->cache_write_5m))
            fail_msg("%s: cache writes must cost at least input, 1 h at least 5 min", name);
        bool tiered = p->input_above_200k > 0;
        if (tiered != (p->output_above_200k > 0) || tiered != (p->cache_read_above_200k > 0) ||
            tiered != (p->cache_write_above_200k > 0))
            fail_msg("%s: a long-context tier must price every category", name);
        if (tiered && !(p->input_above_200k > p->input && p->output_above_200k > p->output))
            fail_msg("%s: the long-context tier must cost more", name);
        char normalized[256];
        assert_true(mt_price_normalize(name, true, normalized, sizeof normalized));
        assert_string_equal(normalized, name);
        assert_ptr_equal(mt_price_lookup(shipped, name), p);
        claude += strncmp(name, "claude-", 7) == 0;
        openai +=
            strncmp(name, "gpt-", 4) == 0 || (name[0] == 'o' && name[1] >= '1' && name[1] <= '9');
        gemini += strncmp(name, "gemini-", 7) == 0;
        mistral += strstr(name, "stral") != NULL;
        deepseek += strncmp(name, "deepseek-", 9) == 0;
    }
    assert_true(claude >= 10 && openai >= 10 && gemini >= 5 && mistral >= 5 && deepseek >= 2);
    assert_null(mt_price_table_get(shipped, n, NULL));
}

static void test_shipped_anthropic_prices(void **state)
{
    (void)state;
    const mt_price *p = price_of("claude-sonnet-4-5");
    assert_true(p->input == 3e-6 && p->output == 15e-6);
    assert_true(p->cache_write_5m == 3.75e-6 && p->cache_write_1h == 6e-6 && p->cache_read == 3e-7);
    assert_true(p->input_above_200k == 6e-6 && p->output_above_200k == 22.5e-6);
    assert_true(p->cache_write_above_200k == 7.5e-6 && p->cache_read_above_200k == 6e-7);
    assert_int_equal(p->context_window, 200000);
    /* Anthropic's multipliers: 5-minute write 1.25x, 1-hour write 2x, read 0.1x input. */
    const char *models[] = {"claude-haiku-4-5", "claude-opus-4-1", "claude-opus-4-5",
                            "claude-sonnet-4-6", "claude-3-7-sonnet"};
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
        p = price_of(models[i]);
        assert_float_equal(p->cache_write_5m, 1.25 * p->input, 1e-12);
        assert_float_equal(p->cache_write_1h, 2.0 * p->input, 1e-12);
        assert_float_equal(p->cache_read, 0.1 * p->input, 1e-12);
    }
    assert_int_equal(price_of("claude-opus-4-6")->context_window, 1000000);
    assert_true(price_of("claude-opus-4-6")->input_above_200k == 0);
}

/* ---------------------------------------------------------------------------------------------
 * Costs, computed by hand
 * ------------------------------------------------------------------------------------------- */

static void test_cost_claude_every_category(void **state)
{
    (void)state;
    /* 1000 x $3 + 500 x $15 + 2000 x $3.75 + 4000 x $6 + 10000 x $0.30 per million tokens
     * = 3000 + 7500 + 7500 + 24000 + 3000 micro-USD. */
    assert_int_equal(cost("claude-sonnet-4-5", 1000, 500, 2000, 4000, 10000), 45000);
    /* Haiku 4.5 at $1 / $5 / $1.25 / $2 / $0.10. */
    assert_int_equal(cost("claude-haiku-4-5-20251001", 1000000, 100000, 40000, 10000, 2000000),
                     1000000 + 500000 + 50000 + 20000 + 200000);
    /* Opus 4.1 at $15 / $75 / $18.75 / $30 / $1.50. */
    assert_int_equal(cost("claude-opus-4-1", 10, 20, 40, 40, 50), 150 + 1500 + 750 + 1200 + 75);
}

static void test_cost_long_context_tier_per_category(void **state)
{
    (void)state;
    /* Sonnet 4.5: 200000 x $3 + 50000 x $6; 1000 x $15; 200000 x $0.30 + 100000 x $0.60. */
    assert_int_equal(cost("claude-sonnet-4-5", 250000, 1000, 0, 0, 300000),
                     900000 + 15000 + 120000);
    /* Each category is tiered on its own count (ccusage's rule): 150000 input and 150000 cache
     * reads stay at the base price although together they pass 200000. */
    assert_int_equal(cost("claude-sonnet-4-5", 150000, 0, 0, 0, 150000), 450000 + 45000);
    /* Writes: 200000 x $3.75 + 50000 x $7.50; the 1-hour tier is $6 x 2 = $12. */
    assert_int_equal(cost("claude-sonnet-4-5", 0, 0, 250000, 0, 0), 750000 + 375000);
    assert_int_equal(cost("claude-sonnet-4-5", 0, 0, 0, 210000, 0), 1200000 + 120000);
    /* Output above 200000 at $22.50. */
    assert_int_equal(cost("claude-sonnet-4-20250514", 0, 200002, 0, 0, 0), 3000000 + 45);
    /* Exactly at the threshold: base price. */
    assert_int_equal(cost("claude-sonnet-4-5", 200000, 0, 0, 0, 0), 600000);
}

static void test_cost_above_200k_without_a_tier(void **state)
{
    (void)state;
    /* Opus 4.1 has no long-context price: 300000 x $15 + 2000 x $75. */
    assert_int_equal(cost("claude-opus-4-1", 300000, 2000, 0, 0, 0), 4500000 + 150000);
    /* Opus 4.6 bills its 1M window flat: 500000 x $5 + 400000 x $0.50. */
    assert_int_equal(cost("claude-opus-4-6", 500000, 0, 0, 0, 400000), 2500000 + 200000);
}

static void test_cost_openai_and_gemini(void **state)
{
    (void)state;
    /* gpt-4o: 10000 x $2.50 + 2000 x $10 + 5000 cached x $1.25. */
    assert_int_equal(cost("gpt-4o", 10000, 2000, 0, 0, 5000), 25000 + 20000 + 6250);
    /* gpt-5 has no cache-write price: written tokens cost input ($1.25). */
    assert_int_equal(cost("gpt-5-2025-08-07", 0, 1000, 1000, 0, 8000), 10000 + 1250 + 1000);
    /* o4-mini: $1.10 / $4.40 / $0.275. */
    assert_int_equal(cost("o4-mini", 1000000, 1000000, 0, 0, 1000000), 1100000 + 4400000 + 275000);
    /* gemini-2.5-pro: 200000 x $1.25 + 100000 x $2.50; 10000 x $10; 200000 x $0.125 + 50000 x
     * $0.25. */
    assert_int_equal(cost("gemini-2.5-pro", 300000, 10000, 0, 0, 250000), 500000 + 100000 + 37500);
    /* gemini-2.5-flash has no tier: 300000 x $0.30 + 1000 x $2.50. */
    assert_int_equal(cost("gemini-2.5-flash", 300000, 1000, 0, 0, 0), 90000 + 2500);
    /* deepseek-chat: $0.27 / $1.10 / $0.07. */
    assert_int_equal(cost("deepseek-chat", 1000000, 1000000, 0, 0, 1000000),
                     270000 + 1100000 + 70000);
}

static void test_cost_rounding_and_limits(void **state)
{
    (void)state;
    assert_int_equal(cost("gpt-4o-mini", 3, 0, 0, 0, 0), 0); /* 0.45 micro-USD */
    assert_int_equal(cost("gpt-4o-mini", 0, 1, 0, 0, 0), 1); /* 0.6 */
    assert_int_equal(cost("gpt-4o-mini", 0, 0, 0, 0, 0), 0);
    assert_int_equal(
        cost("claude-opus-4-1", UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX),
        MT_COST_MAX);
    assert_int_equal(cost("claude-sonnet-4-5", 40000000000ull, 0, 0, 0, 0), MT_COST_MAX);
    mt_usage u = {1000, 0, 0, 0, 0};
    assert_int_equal(mt_cost_micros(NULL, &u), 0);
    assert_int_equal(mt_cost_micros(price_of("gpt-4o"), NULL), 0);
}

/* ---------------------------------------------------------------------------------------------
 * Names
 * ------------------------------------------------------------------------------------------- */

static void expect_normal(const char *model, const char *want)
{
    char out[256];
    assert_true(mt_price_normalize(model, false, out, sizeof out));
    if (strcmp(out, want) != 0)
        fail_msg("'%s' normalized to '%s', not '%s'", model, out, want);
}

static void test_normalize(void **state)
{
    (void)state;
    expect_normal("claude-sonnet-4-5-20250929", "claude-sonnet-4-5");
    expect_normal("anthropic/claude-sonnet-4-5", "claude-sonnet-4-5");
    expect_normal("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5");
    expect_normal("bedrock/eu.anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1");
    expect_normal("anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet");
    expect_normal("vertex_ai/claude-sonnet-4-5@20250929", "claude-sonnet-4-5");
    expect_normal("openrouter/anthropic/claude-opus-4.1", "claude-opus-4-1");
    expect_normal("  Claude-Sonnet-4-5  ", "claude-sonnet-4-5");
    expect_normal("gpt-4o-2024-08-06", "gpt-4o");
    expect_normal("openai/gpt-5.1-codex", "gpt-5.1-codex");
    expect_normal("gemini/gemini-2.5-pro", "gemini-2.5-pro");
    expect_normal("models/gemini-2.5-flash", "gemini-2.5-flash");
    expect_normal("claude-3-5-sonnet-latest", "claude-3-5-sonnet");
    expect_normal("deepseek-v4-pro", "deepseek-v4-pro");
    expect_normal("mistral-large-2512", "mistral-large-2512"); /* a version, not a date */
    char out[8];
    assert_false(mt_price_normalize("", false, out, sizeof out));
    assert_false(mt_price_normalize("anthropic/", false, out, sizeof out));
    assert_false(mt_price_normalize("claude-sonnet-4-5", false, out, sizeof out)); /* too long */
    assert_string_equal(out, "");
    char keep[64];
    assert_true(mt_price_normalize("mistral-small-latest", true, keep, sizeof keep));
    assert_string_equal(keep, "mistral-small-latest");
}

static void expect_same(const char *model, const char *table_name)
{
    const mt_price *want = price_of(table_name);
    const mt_price *got = mt_price_lookup(shipped, model);
    if (got != want)
        fail_msg("'%s' did not find '%s'", model, table_name);
}

static void test_lookup_variants(void **state)
{
    (void)state;
    expect_same("claude-sonnet-4-5-20250929", "claude-sonnet-4-5");
    expect_same("CLAUDE-SONNET-4-5", "claude-sonnet-4-5");
    expect_same("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5");
    expect_same("anthropic.claude-opus-4-6-v1", "claude-opus-4-6");
    expect_same("claude-sonnet-4-5-foo", "claude-sonnet-4-5");
    expect_same("claude-sonnet-4-5[1m]", "claude-sonnet-4-5");
    expect_same("claude-opus-4-1-20250805", "claude-opus-4-1");
    expect_same("claude-opus-4-20250514", "claude-opus-4");
    expect_same("gpt-4o-mini-2024-07-18", "gpt-4o-mini");
    expect_same("gpt-4o-2024-08-06", "gpt-4o");
    expect_same("openai/gpt-5.1-codex-mini", "gpt-5.1-codex-mini");
    expect_same("gpt-5.1", "gpt-5.1");
    expect_same("gpt-5-chat-latest", "gpt-5-chat");
    expect_same("o3-2025-04-16", "o3");
    expect_same("o3-mini-2025-01-31", "o3-mini");
    expect_same("codex-mini-latest", "codex-mini");
    expect_same("google/gemini-2.5-pro", "gemini-2.5-pro");
    expect_same("gemini-2.5-flash-preview-05-20", "gemini-2.5-flash");
    expect_same("mistral-small-latest", "mistral-small-latest");
    expect_same("mistral-large-latest", "mistral-large");
    expect_same("codestral-latest", "codestral");
    expect_same("devstral-medium-2507", "devstral-medium");
    expect_same("deepseek/deepseek-chat", "deepseek-chat");
    /* Longest prefix: not the shorter name's price. */
    assert_ptr_not_equal(mt_price_lookup(shipped, "gpt-4o-mini"), price_of("gpt-4o"));
    assert_ptr_not_equal(mt_price_lookup(shipped, "claude-opus-4-1-x"), price_of("claude-opus-4"));
}

static void test_unknown_models(void **state)
{
    (void)state;
    log_capture capture = {0};
    mt_logger logger = log_capture_logger(&capture, MOSAIC_LOG_DEBUG);
    mt_pricing_set_logger(&logger);
    assert_null(mt_price_lookup(shipped, "llama-3.1-405b-instruct"));
    assert_null(mt_price_lookup(shipped, "llama-3.1-405b-instruct"));
    assert_null(mt_price_lookup(shipped, "meta/llama-3.1-405b-instruct-20250101"));
    assert_int_equal(log_capture_count(&capture, MOSAIC_LOG_WARN), 1); /* one per model */
    assert_int_equal(log_capture_matching(&capture, "llama-3.1-405b-instruct"), 1);
    /* Not a near match: "gpt-5.9" is not "gpt-5", "claude-opus" not "claude-opus-4". */
    assert_null(mt_price_lookup(shipped, "gpt-5.9"));
    assert_null(mt_price_lookup(shipped, "claude-opus"));
    assert_null(mt_price_lookup(shipped, "o3x"));
    assert_int_equal(log_capture_count(&capture, MOSAIC_LOG_WARN), 4);
    /* Silent: nothing to price. */
    assert_null(mt_price_lookup(shipped, NULL));
    assert_null(mt_price_lookup(shipped, ""));
    assert_null(mt_price_lookup(shipped, "<synthetic>"));
    assert_null(mt_price_lookup(NULL, NULL));
    assert_int_equal(log_capture_count(&capture, MOSAIC_LOG_WARN), 4);
    mt_pricing_set_logger(NULL);
    log_capture_free(&capture);
}

typedef struct warn_count {
    size_t warns, others;
    char last[512];
} warn_count;

static void count_line(mosaic_log_level level, const char *message, void *user)
{
    warn_count *c = user;
    if (level == MOSAIC_LOG_WARN)
        c->warns++;
    else
        c->others++;
    snprintf(c->last, sizeof c->last, "%s", message);
}

static int warnings_are_bounded(const char *unused)
{
    (void)unused;
    warn_count count = {0};
    mt_logger logger = {MOSAIC_LOG_DEBUG, count_line, &count};
    mt_pricing_set_logger(&logger);
    char name[64];
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 200; i++) {
            snprintf(name, sizeof name, "no-such-model-%d", i);
            if (mt_price_lookup(shipped, name))
                return 1;
        }
    }
    /* One line for each new name until 64 have been warned about (counting those of the tests
     * before the fork), then one saying that no more will come. */
    if (count.warns < 2 || count.warns > 65 || count.others != 0)
        return 2;
    if (!strstr(count.last, "no further warnings"))
        return 3;
    size_t before = count.warns;
    if (mt_price_lookup(shipped, "yet-another-model") || count.warns != before)
        return 4;
    return 0;
}

static void test_unknown_model_warnings_are_bounded(void **state)
{
    (void)state;
    in_child(warnings_are_bounded, NULL);
}

/* ---------------------------------------------------------------------------------------------
 * Files
 * ------------------------------------------------------------------------------------------- */

static const char USER_TABLE[] = "{\"version\": 1, \"updated\": \"2026-11-27\", \"models\": {\n"
                                 "  \"house-model\": {\"input\": 2e-6, \"output\": 8e-6,\n"
                                 "                  \"context_window\": 64000},\n"
                                 "  \"anthropic/house-claude-20250101\": {\"input\": 1e-6,\n"
                                 "    \"output\": 5e-6, \"cache_write_5m\": 1.25e-6,\n"
                                 "    \"cache_read\": 1e-7, \"input_above_200k\": 2e-6,\n"
                                 "    \"output_above_200k\": 7.5e-6}}}\n";

static void test_user_file(void **state)
{
    (void)state;
    char path[64], err[256] = "";
    write_temp(path, sizeof path, USER_TABLE);
    mt_price_table *t = mt_price_table_load(path, err, sizeof err);
    unlink(path);
    assert_non_null(t);
    assert_int_equal(mt_price_table_count(t), 2);
    const char *name = NULL;
    const mt_price *p = mt_price_table_get(t, 1, &name);
    assert_string_equal(name, "house-claude"); /* keys are normalized too */
    assert_ptr_equal(mt_price_lookup(t, "House-Claude-20250101"), p);
    /* Defaults: no 1-hour price is 2x input; no cache prices are the input price, tier too. */
    assert_true(p->cache_write_1h == 2e-6);
    assert_true(p->cache_write_above_200k == 0 && p->cache_read_above_200k == 0);
    p = mt_price_lookup(t, "house-model");
    assert_non_null(p);
    assert_true(p->cache_write_5m == 2e-6 && p->cache_read == 2e-6 && p->cache_write_1h == 4e-6);
    assert_int_equal(p->context_window, 64000);
    mt_usage u = {1000, 1000, 0, 0, 0};
    assert_int_equal(mt_cost_micros(p, &u), 2000 + 8000);
    /* The user's table does not know the shipped models. */
    log_capture capture = {0};
    mt_logger logger = log_capture_logger(&capture, MOSAIC_LOG_DEBUG);
    mt_pricing_set_logger(&logger);
    assert_null(mt_price_lookup(t, "claude-sonnet-4-5-user-table-test"));
    mt_pricing_set_logger(NULL);
    log_capture_free(&capture);
    mt_price_table_free(t);
}

static void expect_rejected(const char *json, const char *needle)
{
    char err[256] = "";
    mt_price_table *t = mt_price_table_parse(json, err, sizeof err);
    if (t) {
        mt_price_table_free(t);
        fail_msg("accepted: %s", json ? json : "(null)");
    }
    if (!strstr(err, needle))
        fail_msg("error '%s' does not mention '%s'", err, needle);
}

static void test_invalid_tables(void **state)
{
    (void)state;
    expect_rejected("not json", "json");
    expect_rejected("{\"version\": 1, \"models\": {\"a\": {\"input\": 1e-6, \"output\": 1e-6}}",
                    "json");
    expect_rejected("[]", "object");
    expect_rejected("{\"models\": {\"a\": {\"input\": 1e-6, \"output\": 1e-6}}}", "version");
    expect_rejected("{\"version\": 2, \"models\": {\"a\": {\"input\": 1e-6, \"output\": 1e-6}}}",
                    "version");
    expect_rejected("{\"version\": 1}", "models");
    expect_rejected("{\"version\": 1, \"models\": {}}", "empty");
    expect_rejected("{\"version\": 1, \"modles\": {}}", "modles");
    expect_rejected("{\"version\": 1, \"models\": {\"a\": {\"input\": 1e-6}}}",
                    "model \"a\": missing output");
    expect_rejected("{\"version\": 1, \"models\": {\"a\": {\"output\": 1e-6}}}", "missing input");
    expect_rejected("{\"version\": 1, \"models\": {\"a\": {\"input\": 1e-6, \"output\": 1e-6, "
                    "\"inptu\": 1}}}",
                    "unknown field \"inptu\"");
    expect_rejected("{\"version\": 1, \"models\": {\"a\": {\"input\": 3, \"output\": 15}}}",
                    "USD per token");
    expect_rejected("{\"version\": 1, \"models\": {\"a\": {\"input\": -1e-6, \"output\": 1e-6}}}",
                    "input must be");
    expect_rejected("{\"version\": 1, \"models\": {\"a\": {\"input\": \"3e-6\", \"output\": 1}}}",
                    "input must be");
    expect_rejected("{\"version\": 1, \"models\": {\"a\": {\"input\": 1e-6, \"output\": 1e-6, "
                    "\"context_window\": 1.5}}}",
                    "context_window");
    expect_rejected("{\"version\": 1, \"models\": {\"a\": 1}}", "model \"a\"");
    expect_rejected("{\"version\": 1, \"models\": {\"claude-x\": {\"input\": 1e-6, \"output\": "
                    "1e-6}, \"anthropic/claude-x-20250101\": {\"input\": 1e-6, \"output\": 1e-6}}}",
                    "second entry for \"claude-x\"");
    expect_rejected(NULL, "no text");
}

static void test_load_errors_name_the_file(void **state)
{
    (void)state;
    char err[256] = "";
    assert_null(mt_price_table_load("/nonexistent/prices.json", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/prices.json"));
    assert_non_null(strstr(err, "No such file"));
    char path[64];
    write_temp(path, sizeof path, "{\"version\": 1, \"models\": {\"a\": {\"input\": 2}}}");
    assert_null(mt_price_table_load(path, err, sizeof err));
    unlink(path);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "model \"a\""));
    assert_null(mt_price_table_load(NULL, err, sizeof err));
}

/* ---------------------------------------------------------------------------------------------
 * MOSAIC_TELEMETRY_PRICES (in child processes: mt_prices() loads once per process)
 * ------------------------------------------------------------------------------------------- */

static int check_replaced_table(const log_capture *capture)
{
    const mt_price_table *t = mt_prices();
    if (t != mt_prices())
        return 1;
    if (mt_price_table_count(t) != 2)
        return 2;
    const mt_price *p = mt_price_lookup(t, "house-model");
    if (!p || p->input != 2e-6)
        return 3;
    if (mt_price_lookup(t, "claude-sonnet-4-5")) /* replaced, not merged */
        return 4;
    if (log_capture_matching(capture, "compiled-in") != 0)
        return 5;
    return 0;
}

static int env_replaces_table(const char *path)
{
    setenv("MOSAIC_TELEMETRY_PRICES", path, 1);
    log_capture capture = {0};
    mt_logger logger = log_capture_logger(&capture, MOSAIC_LOG_DEBUG);
    mt_pricing_set_logger(&logger);
    int result = check_replaced_table(&capture);
    mt_pricing_set_logger(NULL);
    log_capture_free(&capture);
    return result;
}

static int check_default_kept(const log_capture *capture, const char *path)
{
    const mt_price_table *t = mt_prices();
    mt_prices();
    if (mt_price_table_count(t) != mt_price_table_count(shipped))
        return 1;
    if (!mt_price_lookup(t, "claude-sonnet-4-5"))
        return 2;
    if (log_capture_count(capture, MOSAIC_LOG_WARN) != 1)
        return 3;
    if (log_capture_matching(capture, "MOSAIC_TELEMETRY_PRICES") != 1 ||
        log_capture_matching(capture, path) != 1)
        return 4;
    return 0;
}

static int env_bad_file_keeps_default(const char *path)
{
    setenv("MOSAIC_TELEMETRY_PRICES", path, 1);
    log_capture capture = {0};
    mt_logger logger = log_capture_logger(&capture, MOSAIC_LOG_DEBUG);
    mt_pricing_set_logger(&logger);
    int result = check_default_kept(&capture, path);
    mt_pricing_set_logger(NULL);
    log_capture_free(&capture);
    return result;
}

static int env_unset_uses_default(const char *unused)
{
    (void)unused;
    unsetenv("MOSAIC_TELEMETRY_PRICES");
    const mt_price_table *t = mt_prices();
    return mt_price_table_count(t) == mt_price_table_count(shipped) && mt_price_lookup(t, "gpt-5")
               ? 0
               : 1;
}

static void test_env_replaces_table(void **state)
{
    (void)state;
    char path[64];
    write_temp(path, sizeof path, USER_TABLE);
    in_child(env_replaces_table, path);
    unlink(path);
}

static void test_env_bad_file_keeps_default(void **state)
{
    (void)state;
    char path[64];
    write_temp(path, sizeof path, "{\"version\": 1, \"models\": ");
    in_child(env_bad_file_keeps_default, path);
    unlink(path);
    in_child(env_bad_file_keeps_default, "/nonexistent/prices.json");
    in_child(env_unset_uses_default, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_env_replaces_table),
        cmocka_unit_test(test_env_bad_file_keeps_default),
        cmocka_unit_test(test_every_shipped_model_is_complete),
        cmocka_unit_test(test_shipped_anthropic_prices),
        cmocka_unit_test(test_cost_claude_every_category),
        cmocka_unit_test(test_cost_long_context_tier_per_category),
        cmocka_unit_test(test_cost_above_200k_without_a_tier),
        cmocka_unit_test(test_cost_openai_and_gemini),
        cmocka_unit_test(test_cost_rounding_and_limits),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_lookup_variants),
        cmocka_unit_test(test_unknown_models),
        cmocka_unit_test(test_unknown_model_warnings_are_bounded),
        cmocka_unit_test(test_user_file),
        cmocka_unit_test(test_invalid_tables),
        cmocka_unit_test(test_load_errors_name_the_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
