/* A shell command's status in run_shell_command's llmContent (docs/harnesses/gemini-cli.md,
 * "Gates and files"). Gemini CLI writes "Output: <output>", then one line each for an error, a
 * non-zero "Exit Code: N", a "Signal: S", background PIDs and the process group, in that order,
 * the whole maybe wrapped in <untrusted_context>. The command's own output may hold any text,
 * "Exit Code: 1" included: only a status line followed by nothing but Gemini CLI's own closing
 * lines counts. */
#define _GNU_SOURCE /* memmem */
#include "shell_result.h"

#include <string.h>

#define NL "\\n" /* a newline as the JSON text holds it */

/* The lines Gemini CLI may write after the status lines. */
static bool closing_line(const char *s, size_t len)
{
    static const char *const CLOSING[] = {"Signal: ", "Background PIDs: ", "Process Group PGID: ",
                                          "</untrusted_context>", "Exit Code: "};
    for (size_t i = 0; i < sizeof CLOSING / sizeof *CLOSING; i++) {
        size_t n = strlen(CLOSING[i]);
        if (len >= n && memcmp(s, CLOSING[i], n) == 0)
            return true;
    }
    return len == 0;
}

/* True when every line of s[0..len) (each after a "\n") is one of Gemini CLI's closing lines. */
static bool only_closing_lines(const char *s, size_t len)
{
    const char *end = s + len;
    while (s < end) {
        const char *next = memmem(s, (size_t)(end - s), NL, 2);
        size_t line = next ? (size_t)(next - s) : (size_t)(end - s);
        if (!closing_line(s, line))
            return false;
        s += line + (next ? 2 : 0);
    }
    return true;
}

/* The last line of raw starting with word (after a newline), or NULL. */
static const char *last_line_with(const char *raw, size_t len, const char *word)
{
    char needle[32] = NL;
    strncat(needle, word, sizeof needle - 3);
    const char *found = NULL;
    for (const char *p = raw, *end = raw + len; p < end;) {
        const char *hit = memmem(p, (size_t)(end - p), needle, strlen(needle));
        if (!hit)
            break;
        found = hit + 2;
        p = hit + 1;
    }
    return found;
}

static bool line_is_status(const char *raw, size_t len, const char *line, const char *word,
                           bool nonzero_digit)
{
    if (!line)
        return false;
    const char *value = line + strlen(word), *end = raw + len;
    const char *eol = memmem(value, (size_t)(end - value), NL, 2);
    if (!eol)
        eol = end;
    bool nonzero = value < eol && ((*value >= '1' && *value <= '9') || *value == '-');
    if (nonzero_digit && !nonzero)
        return false;
    return only_closing_lines(eol, (size_t)(end - eol));
}

bool gm_shell_failed(const char *raw, size_t len)
{
    const char *exit = last_line_with(raw, len, "Exit Code: ");
    const char *signal = last_line_with(raw, len, "Signal: ");
    return line_is_status(raw, len, exit, "Exit Code: ", true) ||
           line_is_status(raw, len, signal, "Signal: ", false);
}
