/* A Claude Code session's state file (adapters/claude_code/state.c and the kit's task record):
 * the JSON the hook left in the state directory, which another version, a crash or a hand may
 * have changed. What parses is written again, and that text must read back to itself: a state
 * that changed on its way through one hook would drift across a session's hooks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claude_code/state.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cc_session s; /* the task record is large: not on the stack */
    cc_state_parse((const char *)data, size, &s);
    char *text = cc_state_format(&s);
    if (!text)
        return 0;
    if (!cc_state_parse(text, strlen(text), &s))
        abort(); /* our own text must parse */
    char *again = cc_state_format(&s);
    if (again && strcmp(text, again) != 0) {
        fprintf(stderr, "state changed on a round trip:\n%s\n%s\n", text, again);
        abort();
    }
    free(again);
    free(text);
    return 0;
}
