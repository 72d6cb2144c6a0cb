/* The shell lexer the gate classifier reads command lines with (plugin/enrich/shell_words.c):
 * a command from a hook payload cut into segments, each into words, with the lookups the
 * classifiers make (options with values, lists of words, assignments). */
#include <stdbool.h>
#include <stdlib.h>

#include "fuzz_support.h"
#include "shell_words.h"

static void walk_words(const char *seg, size_t len)
{
    struct mt_sh_words w = {.p = seg, .end = seg + len};
    char value[MT_SH_WORD_MAX];
    mt_sh_any_word_in(w, "npm make cargo pytest");
    mt_sh_option_value(w, "-e --env -C", value);
    struct mt_sh_words args = w;
    while (mt_sh_next_arg(&args, "-C -f --file"))
        ;
    while (mt_sh_next_word(&w))
        mt_sh_is_assignment(w.text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mt_sh_segments it = {.s = (const char *)data, .len = size};
    const char *seg;
    size_t seg_len;
    bool tail;
    while (mt_sh_next_segment(&it, &seg, &seg_len, &tail))
        walk_words(seg, seg_len);
    return 0;
}
