/* Model name -> provider. Harnesses rarely say who serves a model, so the event's `provider` is
 * derived from the model's name: routing prefixes first ("openrouter/", "bedrock/", "us."), then
 * the model family ("claude-" is Anthropic's, "gemini-" Google's). Case does not matter. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "ascii.h"
#include "classify.h"

/* Model names on the wire are at most 100 characters; anything past this is not a name. */
#define MODEL_SCAN_LIMIT 256
/* "bedrock/us.anthropic.claude-..." needs three routing hops; a few more cost nothing. */
#define MAX_ROUTE_HOPS 6

struct route {
    const char *prefix;
    mosaic_provider provider;
    bool decides; /* the route alone names the provider, whatever model it serves */
};

/* Aggregators and local runtimes in the protocol's enum are the provider of whatever they serve:
 * the bill (or the lack of one) comes from them. Other prefixes only name a host or a region; they
 * are stripped and the model family decides, with the named vendor (if any) as the fallback when
 * the family is not known ("openai/my-finetune" stays openai). */
static const struct route routes[] = {
    {"openrouter/", MOSAIC_PROVIDER_OPENROUTER, true},
    {"ollama/", MOSAIC_PROVIDER_OLLAMA, true},
    {"ollama_chat/", MOSAIC_PROVIDER_OLLAMA, true},
    {"anthropic/", MOSAIC_PROVIDER_ANTHROPIC, false},
    {"anthropic.", MOSAIC_PROVIDER_ANTHROPIC, false}, /* Bedrock model ids */
    {"openai/", MOSAIC_PROVIDER_OPENAI, false},
    {"openai.", MOSAIC_PROVIDER_OPENAI, false},
    {"ft:", MOSAIC_PROVIDER_OPENAI, false}, /* OpenAI fine-tunes: "ft:gpt-4o-mini:org::id" */
    {"azure/", MOSAIC_PROVIDER_UNKNOWN, false},
    {"azure_ai/", MOSAIC_PROVIDER_UNKNOWN, false},
    {"google/", MOSAIC_PROVIDER_GOOGLE, false},
    {"gemini/", MOSAIC_PROVIDER_GOOGLE, false},
    {"models/", MOSAIC_PROVIDER_UNKNOWN, false}, /* Gemini API resource names */
    {"vertex_ai/", MOSAIC_PROVIDER_UNKNOWN, false},
    {"vertex_ai_beta/", MOSAIC_PROVIDER_UNKNOWN, false},
    {"bedrock/", MOSAIC_PROVIDER_UNKNOWN, false},
    {"bedrock_converse/", MOSAIC_PROVIDER_UNKNOWN, false},
    {"mistral/", MOSAIC_PROVIDER_MISTRAL, false},
    {"mistralai/", MOSAIC_PROVIDER_MISTRAL, false},
    {"mistral.", MOSAIC_PROVIDER_MISTRAL, false},
    {"deepseek/", MOSAIC_PROVIDER_DEEPSEEK, false},
    {"deepseek-ai/", MOSAIC_PROVIDER_DEEPSEEK, false},
    {"deepseek.", MOSAIC_PROVIDER_DEEPSEEK, false},
    {"xai/", MOSAIC_PROVIDER_XAI, false},
    {"x-ai/", MOSAIC_PROVIDER_XAI, false},
    /* Bedrock cross-region inference profiles put a region before the vendor. */
    {"us.", MOSAIC_PROVIDER_UNKNOWN, false},
    {"us-gov.", MOSAIC_PROVIDER_UNKNOWN, false},
    {"eu.", MOSAIC_PROVIDER_UNKNOWN, false},
    {"apac.", MOSAIC_PROVIDER_UNKNOWN, false},
    {"global.", MOSAIC_PROVIDER_UNKNOWN, false},
    {"jp.", MOSAIC_PROVIDER_UNKNOWN, false},
    {"au.", MOSAIC_PROVIDER_UNKNOWN, false},
    {"ca.", MOSAIC_PROVIDER_UNKNOWN, false},
};

struct family {
    const char *prefix;
    mosaic_provider provider;
    bool whole_word; /* the prefix must not run on into a letter or digit ("o1" but not "o10") */
};

/* Order matters only where one prefix starts another: the first match wins. */
static const struct family families[] = {
    {"claude", MOSAIC_PROVIDER_ANTHROPIC, false},
    {"gpt-", MOSAIC_PROVIDER_OPENAI, false},
    {"chatgpt-", MOSAIC_PROVIDER_OPENAI, false},
    {"codex-", MOSAIC_PROVIDER_OPENAI, false},
    {"o1", MOSAIC_PROVIDER_OPENAI, true},
    {"o3", MOSAIC_PROVIDER_OPENAI, true},
    {"o4", MOSAIC_PROVIDER_OPENAI, true},
    {"text-embedding-00", MOSAIC_PROVIDER_GOOGLE, false}, /* Google's "text-embedding-004" */
    {"text-embedding-", MOSAIC_PROVIDER_OPENAI, false},
    {"text-moderation-", MOSAIC_PROVIDER_OPENAI, false},
    {"omni-moderation-", MOSAIC_PROVIDER_OPENAI, false},
    {"dall-e-", MOSAIC_PROVIDER_OPENAI, false},
    {"whisper-", MOSAIC_PROVIDER_OPENAI, false},
    {"tts-", MOSAIC_PROVIDER_OPENAI, false},
    {"davinci-", MOSAIC_PROVIDER_OPENAI, false},
    {"babbage-", MOSAIC_PROVIDER_OPENAI, false},
    {"computer-use-preview", MOSAIC_PROVIDER_OPENAI, false},
    {"gemini", MOSAIC_PROVIDER_GOOGLE, false},
    {"gemma", MOSAIC_PROVIDER_GOOGLE, false},
    {"learnlm", MOSAIC_PROVIDER_GOOGLE, false},
    {"palm", MOSAIC_PROVIDER_GOOGLE, true},
    {"text-bison", MOSAIC_PROVIDER_GOOGLE, false},
    {"chat-bison", MOSAIC_PROVIDER_GOOGLE, false},
    {"code-bison", MOSAIC_PROVIDER_GOOGLE, false},
    {"codechat-bison", MOSAIC_PROVIDER_GOOGLE, false},
    {"mistral", MOSAIC_PROVIDER_MISTRAL, false},
    {"mixtral", MOSAIC_PROVIDER_MISTRAL, false},
    {"open-mistral", MOSAIC_PROVIDER_MISTRAL, false},
    {"open-mixtral", MOSAIC_PROVIDER_MISTRAL, false},
    {"open-codestral", MOSAIC_PROVIDER_MISTRAL, false},
    {"codestral", MOSAIC_PROVIDER_MISTRAL, false},
    {"devstral", MOSAIC_PROVIDER_MISTRAL, false},
    {"magistral", MOSAIC_PROVIDER_MISTRAL, false},
    {"ministral", MOSAIC_PROVIDER_MISTRAL, false},
    {"pixtral", MOSAIC_PROVIDER_MISTRAL, false},
    {"voxtral", MOSAIC_PROVIDER_MISTRAL, false},
    {"mathstral", MOSAIC_PROVIDER_MISTRAL, false},
    {"deepseek", MOSAIC_PROVIDER_DEEPSEEK, false},
    {"grok", MOSAIC_PROVIDER_XAI, false},
};

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The length of `prefix` when `text` starts with it (ignoring case), else 0. */
static size_t starts_with(const char *text, const char *prefix)
{
    size_t i = 0;
    for (; prefix[i]; i++)
        if (mt_ascii_lower(text[i]) != prefix[i])
            return 0; /* also stops at text's terminator, which no prefix contains */
    return i;
}

static const struct route *find_route(const char *model)
{
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        if (starts_with(model, routes[i].prefix))
            return &routes[i];
    return NULL;
}

static mosaic_provider family_of(const char *model)
{
    for (size_t i = 0; i < sizeof families / sizeof *families; i++) {
        size_t n = starts_with(model, families[i].prefix);
        if (n && !(families[i].whole_word && is_alnum(model[n])))
            return families[i].provider;
    }
    return MOSAIC_PROVIDER_UNKNOWN;
}

/* Hosts this table does not know ("groq/", "accounts/fireworks/models/") still end in the model's
 * own name, after the last '/'. */
static const char *after_last_slash(const char *model)
{
    const char *last = NULL;
    for (size_t i = 0; i < MODEL_SCAN_LIMIT && model[i]; i++)
        if (model[i] == '/')
            last = model + i + 1;
    return last;
}

mosaic_provider mt_provider_for_model(const char *model)
{
    if (!model)
        return MOSAIC_PROVIDER_UNKNOWN;
    while (*model == ' ' || *model == '\t')
        model++;
    mosaic_provider fallback = MOSAIC_PROVIDER_UNKNOWN;
    for (int hop = 0; hop < MAX_ROUTE_HOPS; hop++) {
        const struct route *route = find_route(model);
        if (!route)
            break;
        if (route->decides)
            return route->provider;
        if (route->provider != MOSAIC_PROVIDER_UNKNOWN)
            fallback = route->provider;
        model += strlen(route->prefix);
    }
    mosaic_provider provider = family_of(model);
    if (provider == MOSAIC_PROVIDER_UNKNOWN) {
        const char *tail = after_last_slash(model);
        if (tail)
            provider = family_of(tail);
    }
    return provider != MOSAIC_PROVIDER_UNKNOWN ? provider : fallback;
}
