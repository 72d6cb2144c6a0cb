/* Prompt text -> task type, by scoring cue words and phrases. The prompt is read here, on this
 * machine, and never stored or sent: only the resulting enum leaves.
 *
 * Rules: cues match whole words, ignoring case ("test" does not match "testify" or "latest"), and
 * a cue may carry one plain English ending (-s, -es, -ed, -d, -ing). A capital after a small
 * letter starts a word, so "TypeError" holds "error" and "NullPointerException" "exception". A
 * space in a cue matches any run of spaces, hyphens, underscores or slashes ("clean up" matches
 * "clean-up"). At each word the longest matching cue is taken and the scan goes on after it, so
 * "unit test" does not also count as "test". Each cue counts once however often it appears, so a
 * pasted log full of "error" does not drown the request. The type with the highest total wins; ties
 * go to the type listed first in `priority`; no cue at all gives UNKNOWN. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "ascii.h"
#include "classify.h"

/* Long prompts are mostly pasted code or logs; the request is near the start. */
#define PROMPT_SCAN_LIMIT (64 * 1024)

#define T(name)           MOSAIC_TASK_TYPE_##name

struct cue {
    const char *words; /* lowercase ASCII; a space stands for any gap between words */
    mosaic_task_type type;
    unsigned char weight; /* 3: says the task outright; 2: a strong hint; 1: a weak hint */
};

static const struct cue cues[] = {
    /* debugging */
    {"fix", T(DEBUGGING), 2},
    {"bug", T(DEBUGGING), 2},
    {"bugfix", T(DEBUGGING), 3},
    {"debug", T(DEBUGGING), 3},
    {"debugging", T(DEBUGGING), 3},
    {"error", T(DEBUGGING), 2},
    {"crash", T(DEBUGGING), 2},
    {"traceback", T(DEBUGGING), 3},
    {"stack trace", T(DEBUGGING), 3},
    {"stacktrace", T(DEBUGGING), 3},
    {"exception", T(DEBUGGING), 2},
    {"segfault", T(DEBUGGING), 3},
    {"segmentation fault", T(DEBUGGING), 3},
    {"panic", T(DEBUGGING), 2},
    {"broken", T(DEBUGGING), 2},
    {"fail", T(DEBUGGING), 1},
    {"failing", T(DEBUGGING), 2},
    {"failure", T(DEBUGGING), 2},
    {"regression", T(DEBUGGING), 2},
    {"not working", T(DEBUGGING), 3},
    {"doesn't work", T(DEBUGGING), 3},
    {"does not work", T(DEBUGGING), 3},
    {"memory leak", T(DEBUGGING), 3},
    {"deadlock", T(DEBUGGING), 2},
    {"hang", T(DEBUGGING), 1},
    {"issue", T(DEBUGGING), 1},
    {"wrong", T(DEBUGGING), 1},
    {"root cause", T(DEBUGGING), 3},
    {"troubleshoot", T(DEBUGGING), 3},
    /* code review */
    {"review", T(CODE_REVIEW), 2},
    {"code review", T(CODE_REVIEW), 3},
    {"review my", T(CODE_REVIEW), 3},
    {"review this", T(CODE_REVIEW), 3},
    {"pr", T(CODE_REVIEW), 2},
    {"pull request", T(CODE_REVIEW), 2},
    {"feedback on", T(CODE_REVIEW), 3},
    {"look over", T(CODE_REVIEW), 3},
    {"critique", T(CODE_REVIEW), 3},
    {"lgtm", T(CODE_REVIEW), 2},
    /* refactoring */
    {"refactor", T(REFACTORING), 3},
    {"refactoring", T(REFACTORING), 3},
    {"clean up", T(REFACTORING), 3},
    {"cleanup", T(REFACTORING), 2},
    {"rename", T(REFACTORING), 2},
    {"extract", T(REFACTORING), 1},
    {"simplify", T(REFACTORING), 2},
    {"restructure", T(REFACTORING), 3},
    {"reorganize", T(REFACTORING), 3},
    {"deduplicate", T(REFACTORING), 3},
    {"decouple", T(REFACTORING), 3},
    {"tidy", T(REFACTORING), 2},
    {"split into", T(REFACTORING), 2},
    {"dead code", T(REFACTORING), 3},
    {"code smell", T(REFACTORING), 3},
    {"modernize", T(REFACTORING), 2},
    /* testing */
    {"test", T(TESTING), 2},
    {"testing", T(TESTING), 2},
    {"unit test", T(TESTING), 3},
    {"integration test", T(TESTING), 3},
    {"test case", T(TESTING), 3},
    {"test suite", T(TESTING), 3},
    {"e2e", T(TESTING), 3},
    {"end to end", T(TESTING), 3},
    {"coverage", T(TESTING), 3},
    {"mock", T(TESTING), 1},
    {"fixture", T(TESTING), 1},
    {"tdd", T(TESTING), 3},
    {"assertion", T(TESTING), 1},
    {"pytest", T(TESTING), 3},
    {"jest", T(TESTING), 3},
    {"vitest", T(TESTING), 3},
    /* documentation */
    {"document", T(DOCUMENTATION), 2},
    {"documentation", T(DOCUMENTATION), 3},
    {"docs", T(DOCUMENTATION), 2},
    {"readme", T(DOCUMENTATION), 3},
    {"docstring", T(DOCUMENTATION), 3},
    {"comment", T(DOCUMENTATION), 1},
    {"jsdoc", T(DOCUMENTATION), 3},
    {"javadoc", T(DOCUMENTATION), 3},
    {"changelog", T(DOCUMENTATION), 3},
    {"tutorial", T(DOCUMENTATION), 2},
    {"api reference", T(DOCUMENTATION), 3},
    {"write up", T(DOCUMENTATION), 2},
    /* planning */
    {"plan", T(PLANNING), 2},
    {"planning", T(PLANNING), 3},
    {"roadmap", T(PLANNING), 3},
    {"design doc", T(PLANNING), 3},
    {"how should we", T(PLANNING), 3},
    {"how should i", T(PLANNING), 3},
    {"approach", T(PLANNING), 1},
    {"strategy", T(PLANNING), 1},
    {"proposal", T(PLANNING), 2},
    {"break down", T(PLANNING), 2},
    {"milestone", T(PLANNING), 2},
    {"estimate", T(PLANNING), 1},
    {"step by step plan", T(PLANNING), 3},
    /* architecture */
    {"architecture", T(ARCHITECTURE), 3},
    {"architect", T(ARCHITECTURE), 3},
    {"system design", T(ARCHITECTURE), 3},
    {"high level design", T(ARCHITECTURE), 3},
    {"design", T(ARCHITECTURE), 1},
    {"microservice", T(ARCHITECTURE), 2},
    {"monolith", T(ARCHITECTURE), 2},
    {"scalability", T(ARCHITECTURE), 2},
    {"data model", T(ARCHITECTURE), 2},
    {"design pattern", T(ARCHITECTURE), 2},
    {"component diagram", T(ARCHITECTURE), 3},
    /* configuration */
    {"config", T(CONFIGURATION), 2},
    {"configuration", T(CONFIGURATION), 3},
    {"configure", T(CONFIGURATION), 3},
    {"ci", T(CONFIGURATION), 2},
    {"ci/cd", T(CONFIGURATION), 3},
    {"github actions", T(CONFIGURATION), 3},
    {"workflow", T(CONFIGURATION), 1},
    {"pipeline", T(CONFIGURATION), 1},
    {"dockerfile", T(CONFIGURATION), 3},
    {"docker", T(CONFIGURATION), 2},
    {"docker compose", T(CONFIGURATION), 3},
    {"kubernetes", T(CONFIGURATION), 2},
    {"k8s", T(CONFIGURATION), 2},
    {"helm", T(CONFIGURATION), 2},
    {"yaml", T(CONFIGURATION), 2},
    {"yml", T(CONFIGURATION), 2},
    {"setup", T(CONFIGURATION), 2},
    {"set up", T(CONFIGURATION), 2},
    {"install", T(CONFIGURATION), 2},
    {"environment variable", T(CONFIGURATION), 3},
    {"env var", T(CONFIGURATION), 3},
    {"dotenv", T(CONFIGURATION), 3},
    {"tsconfig", T(CONFIGURATION), 3},
    {"eslintrc", T(CONFIGURATION), 3},
    {"deploy", T(CONFIGURATION), 1},
    /* security audit */
    {"security", T(SECURITY_AUDIT), 3},
    {"vulnerability", T(SECURITY_AUDIT), 3},
    {"vulnerabilities", T(SECURITY_AUDIT), 3},
    {"vulnerable", T(SECURITY_AUDIT), 3},
    {"audit", T(SECURITY_AUDIT), 2},
    {"cve", T(SECURITY_AUDIT), 3},
    {"xss", T(SECURITY_AUDIT), 3},
    {"csrf", T(SECURITY_AUDIT), 3},
    {"sql injection", T(SECURITY_AUDIT), 3},
    {"injection", T(SECURITY_AUDIT), 2},
    {"owasp", T(SECURITY_AUDIT), 3},
    {"pentest", T(SECURITY_AUDIT), 3},
    {"penetration test", T(SECURITY_AUDIT), 3},
    {"threat model", T(SECURITY_AUDIT), 3},
    {"exploit", T(SECURITY_AUDIT), 2},
    {"secrets", T(SECURITY_AUDIT), 1},
    {"leaked", T(SECURITY_AUDIT), 1},
    /* implementation: the most generic verbs, so weak, and last in the tie order */
    {"implement", T(IMPLEMENTATION), 2},
    {"implementation", T(IMPLEMENTATION), 2},
    {"add", T(IMPLEMENTATION), 1},
    {"build", T(IMPLEMENTATION), 1},
    {"create", T(IMPLEMENTATION), 1},
    {"creating", T(IMPLEMENTATION), 1},
    {"feature", T(IMPLEMENTATION), 2},
    {"support for", T(IMPLEMENTATION), 2},
    {"write a", T(IMPLEMENTATION), 1},
    {"develop", T(IMPLEMENTATION), 1},
    {"integrate", T(IMPLEMENTATION), 1},
    {"introduce", T(IMPLEMENTATION), 1},
    {"make it", T(IMPLEMENTATION), 1},
};

#define N_CUES (sizeof cues / sizeof *cues)

/* Ties go to the more specific intent: "add a test for the crash" is about the crash, and almost
 * every prompt asks to add or create something. */
static const mosaic_task_type priority[] = {
    T(SECURITY_AUDIT), T(DEBUGGING),    T(TESTING),  T(CODE_REVIEW),   T(REFACTORING),
    T(DOCUMENTATION),  T(ARCHITECTURE), T(PLANNING), T(CONFIGURATION), T(IMPLEMENTATION),
};

/* Endings a cue may carry and still be the same word. */
static const char *const endings[] = {"s", "es", "ed", "d", "ing"};

/* Bytes of other scripts (UTF-8 or not) count as letters, so a cue never matches half of a word
 * written with accents. */
static bool is_word_byte(char c)
{
    unsigned char u = (unsigned char)c;
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u >= 0x80;
}

static bool is_gap(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '_' || c == '/';
}

static bool camel_hump(const char *s, size_t i)
{
    return i > 0 && s[i] >= 'A' && s[i] <= 'Z' && s[i - 1] >= 'a' && s[i - 1] <= 'z';
}

static bool starts_word(const char *s, size_t i)
{
    return is_word_byte(s[i]) && (i == 0 || !is_word_byte(s[i - 1]) || camel_hump(s, i));
}

static bool ends_word(const char *s, size_t n, size_t i)
{
    return i >= n || !is_word_byte(s[i]) || camel_hump(s, i);
}

/* Where a word that starts at s[i] with the cue's text ends, given an optional ending; 0 if it
 * is a different word. */
static size_t end_of_word(const char *s, size_t n, size_t i)
{
    if (ends_word(s, n, i))
        return i;
    for (size_t e = 0; e < sizeof endings / sizeof *endings; e++) {
        size_t len = strlen(endings[e]);
        if (len <= n - i && memcmp(s + i, endings[e], len) == 0 && ends_word(s, n, i + len))
            return i + len;
    }
    return 0;
}

/* Where the cue ends when it matches at s[i] (a word start), else 0. */
static size_t match_at(const char *s, size_t n, size_t i, const char *cue)
{
    for (const char *c = cue; *c; c++) {
        if (*c == ' ') {
            size_t gap = i;
            while (i < n && is_gap(s[i]))
                i++;
            if (i == gap)
                return 0;
        } else if (i < n && mt_ascii_lower(s[i]) == *c) {
            i++;
        } else {
            return 0;
        }
    }
    return end_of_word(s, n, i);
}

/* The longest cue matching at s[i]; sets *end past it. -1 when none does. */
static int longest_cue_at(const char *s, size_t n, size_t i, size_t *end)
{
    int best = -1;
    *end = 0;
    for (size_t c = 0; c < N_CUES; c++) {
        if (mt_ascii_lower(s[i]) != cues[c].words[0])
            continue;
        size_t e = match_at(s, n, i, cues[c].words);
        if (e > *end)
            *end = e, best = (int)c;
    }
    return best;
}

static mosaic_task_type best_type(const unsigned scores[])
{
    mosaic_task_type best = MOSAIC_TASK_TYPE_UNKNOWN;
    unsigned best_score = 0;
    for (size_t p = 0; p < sizeof priority / sizeof *priority; p++)
        if (scores[priority[p]] > best_score)
            best = priority[p], best_score = scores[priority[p]];
    return best;
}

mosaic_task_type mt_classify_task_type(const char *prompt)
{
    if (!prompt)
        return MOSAIC_TASK_TYPE_UNKNOWN;
    size_t n = strnlen(prompt, PROMPT_SCAN_LIMIT);
    bool seen[N_CUES] = {false};
    unsigned scores[MOSAIC_TASK_TYPE_UNKNOWN + 1] = {0};
    size_t i = 0;
    while (i < n) {
        if (!starts_word(prompt, i)) {
            i++;
            continue;
        }
        size_t end;
        int c = longest_cue_at(prompt, n, i, &end);
        if (c < 0) {
            i++;
            continue;
        }
        if (!seen[c]) {
            seen[c] = true;
            scores[cues[c].type] += cues[c].weight;
        }
        i = end;
    }
    return best_type(scores);
}
