/* A shell command line read the way the classifiers need it: cut into simple commands, and those
 * into words. Nothing is run or expanded, and nothing is allocated: segments are spans of the
 * line and words are copied into a fixed buffer.
 *
 * Segments: a line is cut at unquoted `&&`, `||`, `;`, `&`, newlines, parentheses and pipes (`|`,
 * `|&`); the segment after a pipe is flagged as a pipeline's tail. Nothing inside quotes,
 * backquotes, `$(...)` or a comment cuts it (`echo "a && b"` is one segment), and a `&` that is
 * part of a redirection (`&>f`, `2>&1`) or `>|` is no separator. A here-document's body
 * (`<<EOF`, `<<-EOF`, `<<'EOF'`) is skipped: it belongs to no segment, so its lines are never
 * taken for commands.
 *
 * Words: a segment's words are separated by unquoted white space (a backslash-newline counts as
 * white space). Quotes and backslash escapes are removed (`'a b'` is `a b`; `\"` is `"`, but not
 * inside single quotes) and a word longer than MT_SH_WORD_MAX - 1 bytes is cut. Redirections and
 * their targets (`>log`, `2>&1`, `> log`, `<<EOF`) are not words. */
#ifndef MT_SHELL_WORDS_H
#define MT_SHELL_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#define MT_SH_WORD_MAX 256 /* longer words are cut; no program or option name is that long */

/* Cursor over the segments of line[0..len): struct mt_sh_segments it = {.s = line, .len = len}. */
struct mt_sh_segments {
    const char *s;
    size_t len, pos;
    const char *heredoc; /* delimiter of a here-document whose body starts at the next newline */
    size_t heredoc_len;
    bool next_is_tail; /* the next segment follows a '|' */
};

/* The next segment, as a span of the line; *tail when it is a pipeline's tail. False at the end. */
bool mt_sh_next_segment(struct mt_sh_segments *it, const char **seg, size_t *seg_len, bool *tail);

/* Cursor over the words of seg[0..n): struct mt_sh_words w = {.p = seg, .end = seg + n}. A copy
 * is an independent cursor, which is how the functions taking one by value look ahead. */
struct mt_sh_words {
    const char *p, *end; /* what is left of the segment */
    const char *raw;     /* the current word as written, quotes included */
    size_t raw_len;
    char text[MT_SH_WORD_MAX]; /* the current word without quotes and escapes; cut to fit */
};

/* Moves to the next word; false when none is left. */
bool mt_sh_next_word(struct mt_sh_words *w);

/* Moves to the next word that is not an option; an option named in `valued` (space-separated,
 * compared exactly: `-C` is not `-c`) also skips its value. A lone "-" (standard input) is an
 * argument. */
bool mt_sh_next_arg(struct mt_sh_words *w, const char *valued);

/* Whether one of the words left is in the space-separated `list`, ignoring case. */
bool mt_sh_any_word_in(struct mt_sh_words w, const char *list);

/* The value of the first option in `options` among the words left: `-e lint`, `--env=lint`. */
bool mt_sh_option_value(struct mt_sh_words w, const char *options, char out[MT_SH_WORD_MAX]);

/* Whether `t` is a variable assignment, NAME=value, as in `CI=1 npm test` or `make CC=clang`. */
bool mt_sh_is_assignment(const char *t);

#endif
