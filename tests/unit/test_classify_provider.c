/* mt_provider_for_model: model names -> provider. Every row is checked and every failing row is
 * reported by its model name before the test fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"

#define ANTHROPIC  MOSAIC_PROVIDER_ANTHROPIC
#define OPENAI     MOSAIC_PROVIDER_OPENAI
#define GOOGLE     MOSAIC_PROVIDER_GOOGLE
#define MISTRAL    MOSAIC_PROVIDER_MISTRAL
#define DEEPSEEK   MOSAIC_PROVIDER_DEEPSEEK
#define XAI        MOSAIC_PROVIDER_XAI
#define OPENROUTER MOSAIC_PROVIDER_OPENROUTER
#define OLLAMA     MOSAIC_PROVIDER_OLLAMA
#define UNKNOWN    MOSAIC_PROVIDER_UNKNOWN

struct row {
    const char *model;
    mosaic_provider provider;
};

static void check_rows(const struct row *rows, size_t n)
{
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        mosaic_provider got = mt_provider_for_model(rows[i].model);
        if (got != rows[i].provider) {
            print_error("'%s': expected %s, got %s\n", rows[i].model ? rows[i].model : "(null)",
                        mosaic_provider_str(rows[i].provider), mosaic_provider_str(got));
            failures++;
        }
    }
    if (failures)
        fail_msg("%d of %zu models misclassified", failures, n);
}

#define CHECK(rows) check_rows(rows, sizeof rows / sizeof *rows)

static void test_families(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"claude-sonnet-4-5-20250929", ANTHROPIC},
        {"claude-opus-4-1", ANTHROPIC},
        {"claude-3-5-haiku-20241022", ANTHROPIC},
        {"claude-3-7-sonnet-latest", ANTHROPIC},
        {"claude-instant-1.2", ANTHROPIC},
        {"Claude-Sonnet-4", ANTHROPIC},
        {"CLAUDE-OPUS-4", ANTHROPIC},
        {"gpt-4o", OPENAI},
        {"gpt-4o-mini-2024-07-18", OPENAI},
        {"gpt-4.1", OPENAI},
        {"gpt-5", OPENAI},
        {"gpt-5-codex", OPENAI},
        {"gpt-oss-120b", OPENAI},
        {"GPT-4-Turbo", OPENAI},
        {"o1", OPENAI},
        {"o1-mini", OPENAI},
        {"o1-preview-2024-09-12", OPENAI},
        {"o3", OPENAI},
        {"o3-pro", OPENAI},
        {"o3-mini-high", OPENAI},
        {"o4-mini", OPENAI},
        {"codex-mini-latest", OPENAI},
        {"chatgpt-4o-latest", OPENAI},
        {"text-embedding-3-small", OPENAI},
        {"text-embedding-ada-002", OPENAI},
        {"whisper-1", OPENAI},
        {"dall-e-3", OPENAI},
        {"gemini-2.5-pro", GOOGLE},
        {"gemini-2.0-flash-exp", GOOGLE},
        {"gemini-1.5-flash-8b", GOOGLE},
        {"gemma-3-27b-it", GOOGLE},
        {"gemma2", GOOGLE},
        {"text-embedding-004", GOOGLE},
        {"mistral-large-latest", MISTRAL},
        {"mistral-small-2503", MISTRAL},
        {"codestral-2501", MISTRAL},
        {"devstral-small-2505", MISTRAL},
        {"magistral-medium-2506", MISTRAL},
        {"ministral-8b-latest", MISTRAL},
        {"pixtral-large-latest", MISTRAL},
        {"open-mistral-nemo", MISTRAL},
        {"open-mixtral-8x22b", MISTRAL},
        {"mixtral-8x7b", MISTRAL},
        {"deepseek-chat", DEEPSEEK},
        {"deepseek-reasoner", DEEPSEEK},
        {"deepseek-coder-v2", DEEPSEEK},
        {"grok-4", XAI},
        {"grok-code-fast-1", XAI},
        {"grok-3-mini", XAI},
    };
    CHECK(rows);
}

static void test_routes(void **state)
{
    (void)state;
    static const struct row rows[] = {
        /* aggregators and local runtimes are the provider of whatever they serve */
        {"openrouter/anthropic/claude-3.5-sonnet", OPENROUTER},
        {"openrouter/auto", OPENROUTER},
        {"OpenRouter/openai/gpt-4o", OPENROUTER},
        {"ollama/llama3.1:8b", OLLAMA},
        {"ollama/qwen2.5-coder:7b", OLLAMA},
        {"ollama/phi4", OLLAMA},
        {"ollama/deepseek-r1:14b", OLLAMA},
        {"ollama_chat/mistral", OLLAMA},
        /* hosts and regions are stripped; the family decides */
        {"anthropic/claude-sonnet-4-5", ANTHROPIC},
        {"openai/gpt-4o", OPENAI},
        {"openai/my-fine-tune", OPENAI}, /* unknown family: the named vendor */
        {"google/gemini-2.5-pro", GOOGLE},
        {"gemini/gemini-1.5-pro", GOOGLE},
        {"models/gemini-2.0-flash", GOOGLE},
        {"vertex_ai/gemini-1.5-pro", GOOGLE},
        {"vertex_ai/claude-3-5-sonnet@20240620", ANTHROPIC},
        {"bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", ANTHROPIC},
        {"anthropic.claude-3-haiku-20240307-v1:0", ANTHROPIC},
        {"us.anthropic.claude-3-7-sonnet-20250219-v1:0", ANTHROPIC},
        {"eu.anthropic.claude-sonnet-4-20250514-v1:0", ANTHROPIC},
        {"global.anthropic.claude-sonnet-4-5-20250929-v1:0", ANTHROPIC},
        {"bedrock/us.anthropic.claude-opus-4-1-20250805-v1:0", ANTHROPIC},
        {"bedrock/mistral.mistral-large-2402-v1:0", MISTRAL},
        {"azure/gpt-4o", OPENAI},
        {"mistral/mistral-large-latest", MISTRAL},
        {"mistralai/Mistral-7B-Instruct-v0.3", MISTRAL},
        {"deepseek/deepseek-chat", DEEPSEEK},
        {"deepseek-ai/DeepSeek-V3", DEEPSEEK},
        {"xai/grok-4", XAI},
        {"x-ai/grok-code-fast-1", XAI},
        {"ft:gpt-4o-mini-2024-07-18:acme::abc123", OPENAI},
        /* an unknown host: the name after the last '/' */
        {"groq/deepseek-r1-distill-llama-70b", DEEPSEEK},
        {"accounts/fireworks/models/deepseek-v3", DEEPSEEK},
        {"together_ai/meta-llama/Llama-3-70b", UNKNOWN},
        {"  claude-sonnet-4", ANTHROPIC},
    };
    CHECK(rows);
}

static void test_unknown(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {NULL, UNKNOWN},
        {"", UNKNOWN},
        {"   ", UNKNOWN},
        {"llama3.1:8b", UNKNOWN}, /* open weights served by many: not guessed */
        {"qwen2.5-coder", UNKNOWN},
        {"phi-4", UNKNOWN},
        {"command-r-plus", UNKNOWN},
        {"<synthetic>", UNKNOWN},
        {"o10", UNKNOWN},
        {"o1x", UNKNOWN},
        {"omni", UNKNOWN},
        {"gp", UNKNOWN},
        {"claud", UNKNOWN},
        {"gpt4all", UNKNOWN},
        {"palmtree", UNKNOWN},
        {"bedrock/", UNKNOWN},
        {"us.", UNKNOWN},
        {"anthropic/", ANTHROPIC},
        {"/", UNKNOWN},
        {"\xff\xfe\xfd", UNKNOWN},
        {"my-company-model", UNKNOWN},
    };
    CHECK(rows);
}

static void test_huge_name(void **state)
{
    (void)state;
    const size_t mb = 1024 * 1024;
    char *s = malloc(mb + 1);
    assert_non_null(s);
    memset(s, 'x', mb);
    s[mb] = '\0';
    assert_int_equal(mt_provider_for_model(s), UNKNOWN);
    memcpy(s, "claude-", 7);
    assert_int_equal(mt_provider_for_model(s), ANTHROPIC);
    for (size_t i = 0; i < mb; i++)
        s[i] = "us./"[i % 4];
    assert_int_equal(mt_provider_for_model(s), UNKNOWN);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_families),
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_huge_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
