/* A Codex CLI session's state file (adapters/codex/state.c and the kit's task record):
 * the JSON the hook left in the state directory, which another version, a crash or a hand may
 * have changed. What parses is written again, and that text must read back to itself: a state
 * that changed on its way through one hook would drift across a session's hooks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codex/state.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cx_session s; /* the task record is large: not on the stack */
    cx_state_parse((const char *)data, size, &s);
    char *text = cx_state_format(&s);
    if (!text)
        return 0;
    if (!cx_state_parse(text, strlen(text), &s))
        abort(); /* our own text must parse */
    char *again = cx_state_format(&s);
    if (again && strcmp(text, again) != 0) {
        fprintf(stderr, "state changed on a round trip:\n%s\n%s\n", text, again);
        abort();
    }
    free(again);
    free(text);
    return 0;
}
