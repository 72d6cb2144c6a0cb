/* Tokens, models, cost, context use and compactions of the task in progress, from the
 * transcripts: the session's own, read from the saved offset, and its subagents'
 * (docs/harnesses/claude-code.md). Each API response counts once however often it is written
 * (seen_set.h). */
#ifndef CC_COLLECT_H
#define CC_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "state.h"
#include "session_store.h"

/* Reads what was added to the transcripts since the last read into s->task, and moves the
 * session's offsets on. session_name is the session's file name (store.h); it names the
 * directory of its subagent transcripts when it is the session id itself. bytes_read (may be
 * NULL) gets the bytes scanned. False, with the first problem in err, when a transcript could
 * not be read (what could be read still counts). */
bool cc_collect(cc_session *s, const kit_store *store, uint64_t *bytes_read, char *err,
                size_t errlen);

#endif
