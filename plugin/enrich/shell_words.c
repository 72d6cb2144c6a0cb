/* Segments and words of a shell command line (shell_words.h). */
#include "shell_words.h"

#include <string.h>

#include "ascii.h"

#define DELIM_MAX 64 /* here-document delimiters */

/* ---------------------------------------------------------------------------------------------- */
/* Segments: the simple commands of a command line. */

/* Index of the quote closing the one at s[i] (len when it is never closed). */
static size_t closing_quote(const char *s, size_t len, size_t i)
{
    char q = s[i];
    for (i++; i < len; i++) {
        if (s[i] == '\\' && q != '\'')
            i++;
        else if (s[i] == q)
            return i;
    }
    return len;
}

static size_t line_end(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] != '\n')
        i++;
    return i;
}

/* Remembers the delimiter of `<<EOF`, `<<-EOF`, `<<'EOF'` or `<<"EOF"` starting at s[i]. */
static void note_heredoc(struct mt_sh_segments *it, size_t i)
{
    const char *s = it->s;
    if (i < it->len && s[i] == '-')
        i++;
    while (i < it->len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    char q = (i < it->len && (s[i] == '\'' || s[i] == '"')) ? s[i++] : 0;
    size_t start = i;
    while (i < it->len && (q ? s[i] != q : !mt_ascii_is_space(s[i]) && !strchr(";&|<>()", s[i])))
        i++;
    if (i > start && i - start <= DELIM_MAX) {
        it->heredoc = s + start;
        it->heredoc_len = i - start;
    }
}

/* Where the line after a here-document's body starts; the body starts at s[i]. */
static size_t skip_heredoc_body(const struct mt_sh_segments *it, size_t i)
{
    while (i < it->len) {
        size_t end = line_end(it->s, it->len, i), a = i, b = end;
        while (a < b && (it->s[a] == '\t' || it->s[a] == ' '))
            a++;
        while (b > a && (it->s[b - 1] == '\r' || it->s[b - 1] == ' '))
            b--;
        if (b - a == it->heredoc_len && memcmp(it->s + a, it->heredoc, b - a) == 0)
            return end < it->len ? end + 1 : end;
        i = end + 1;
    }
    return it->len;
}

/* Length of the separator at s[i] (0: none); sets *pipe for '|' and '|&'. */
static size_t separator_len(const char *s, size_t len, size_t i, bool *pipe)
{
    char next = i + 1 < len ? s[i + 1] : '\0', prev = i > 0 ? s[i - 1] : '\0';
    *pipe = false;
    switch (s[i]) {
    case ';':
    case '\n':
    case '(':
    case ')': return 1;
    case '&':
        if (next == '&')
            return 2;
        return (next == '>' || prev == '>' || prev == '<') ? 0 : 1; /* `&>f`, `2>&1` */
    case '|':
        if (next == '|')
            return 2;
        if (prev == '>')
            return 0; /* `>|` */
        *pipe = true;
        return next == '&' ? 2 : 1;
    default: return 0;
    }
}

/* Ends the current segment at s[i], before a separator of `sep` bytes; a pending here-document's
 * body, which starts on the next line, is skipped. */
static void end_segment(struct mt_sh_segments *it, size_t i, size_t sep, bool pipe)
{
    it->pos = i + sep;
    it->next_is_tail = pipe;
    if (it->s[i] == '\n' && it->heredoc) {
        it->pos = skip_heredoc_body(it, i + 1);
        it->heredoc = NULL;
    }
}

bool mt_sh_next_segment(struct mt_sh_segments *it, const char **seg, size_t *seg_len, bool *tail)
{
    if (it->pos >= it->len)
        return false;
    const char *s = it->s;
    size_t start = it->pos, i = start;
    int depth = 0; /* inside $( ... ) */
    *tail = it->next_is_tail;
    it->next_is_tail = false;
    for (; i < it->len; i++) {
        char c = s[i];
        bool pipe;
        size_t sep;
        if (c == '\\')
            i++; /* an escaped character, a line continuation too */
        else if (c == '\'' || c == '"' || c == '`')
            i = closing_quote(s, it->len, i);
        else if (c == '$' && i + 1 < it->len && s[i + 1] == '(')
            depth++, i++;
        else if (depth > 0)
            depth += (c == '(') - (c == ')');
        else if (c == '#' && (i == start || mt_ascii_is_space(s[i - 1])))
            i = line_end(s, it->len, i) - 1; /* the newline is seen next */
        else if (c == '<' && i + 2 < it->len && s[i + 1] == '<' && s[i + 2] != '<' &&
                 (i == 0 || s[i - 1] != '<')) /* `<<<word` is a here-string: no body follows */
            note_heredoc(it, i + 2), i++;
        else if ((sep = separator_len(s, it->len, i, &pipe)) != 0) {
            *seg = s + start;
            *seg_len = i - start;
            end_segment(it, i, sep, pipe);
            return true;
        }
    }
    *seg = s + start;
    *seg_len = (i < it->len ? i : it->len) - start;
    it->pos = it->len;
    return true;
}

/* ---------------------------------------------------------------------------------------------- */
/* Words of a segment. */

static bool read_word(struct mt_sh_words *w)
{
    while (w->p < w->end &&
           (mt_ascii_is_space(*w->p) || (*w->p == '\\' && w->p + 1 < w->end && w->p[1] == '\n')))
        w->p += (*w->p == '\\') ? 2 : 1;
    if (w->p >= w->end)
        return false;
    w->raw = w->p;
    size_t n = 0;
    char quote = 0;
    for (; w->p < w->end; w->p++) {
        char c = *w->p;
        if (quote && c == quote) {
            quote = 0;
            continue;
        }
        if (!quote && (c == '\'' || c == '"')) {
            quote = c;
            continue;
        }
        if (!quote && mt_ascii_is_space(c))
            break;
        if (c == '\\' && quote != '\'' && w->p + 1 < w->end)
            c = *++w->p;
        if (n + 1 < MT_SH_WORD_MAX)
            w->text[n++] = c;
    }
    w->text[n] = '\0';
    w->raw_len = (size_t)(w->p - w->raw);
    return true;
}

/* 0: not a redirection; 1: one with its target attached (`>log`, `2>&1`); 2: the target is the
 * next word (`>`, `2>`, `&>`, `<<`). */
static int redirection(const char *t)
{
    size_t i = 0;
    while (t[i] >= '0' && t[i] <= '9')
        i++;
    if (t[i] == '&' && t[i + 1] == '>')
        i++;
    if (t[i] != '<' && t[i] != '>')
        return 0;
    while (t[i] == '<' || t[i] == '>' || t[i] == '&' || t[i] == '|')
        i++;
    return t[i] ? 1 : 2;
}

/* The next word that is not a redirection. */
bool mt_sh_next_word(struct mt_sh_words *w)
{
    while (read_word(w)) {
        int r = redirection(w->text);
        if (r == 0)
            return true;
        if (r == 2 && !read_word(w))
            return false;
    }
    return false;
}

bool mt_sh_next_arg(struct mt_sh_words *w, const char *valued)
{
    while (mt_sh_next_word(w)) {
        if (w->text[0] != '-' || w->text[1] == '\0')
            return true;
        if (mt_ascii_in_list(valued, w->text, false) && !mt_sh_next_word(w))
            return false;
    }
    return false;
}

/* `w` is a copy: the caller's cursor stays where it is. */
bool mt_sh_any_word_in(struct mt_sh_words w, const char *list)
{
    while (mt_sh_next_word(&w))
        if (mt_ascii_in_list(list, w.text, true))
            return true;
    return false;
}

bool mt_sh_option_value(struct mt_sh_words w, const char *options, char out[MT_SH_WORD_MAX])
{
    while (mt_sh_next_word(&w)) {
        const char *eq = strchr(w.text, '=');
        if (w.text[0] == '-' && eq) {
            char name[MT_SH_WORD_MAX];
            size_t n = (size_t)(eq - w.text);
            memcpy(name, w.text, n);
            name[n] = '\0';
            if (mt_ascii_in_list(options, name, false)) {
                strcpy(out, eq + 1);
                return true;
            }
        } else if (mt_ascii_in_list(options, w.text, false)) {
            if (!mt_sh_next_word(&w))
                return false;
            strcpy(out, w.text);
            return true;
        }
    }
    return false;
}

bool mt_sh_is_assignment(const char *t)
{
    if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') || *t == '_'))
        return false;
    for (t++; *t && *t != '='; t++)
        if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') || (*t >= '0' && *t <= '9') ||
              *t == '_'))
            return false;
    return *t == '=';
}
