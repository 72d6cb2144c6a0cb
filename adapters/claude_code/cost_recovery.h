/* Usage that no transcript line records, recovered from the transcript's cost-state lines
 * (docs/harnesses/claude-code.md, "Requests no line records"). Claude Code writes a cost-state
 * line, the session's cumulative usage per model, when its process exits (resumed runs carry
 * the sum on). A compaction runs as a forked request whose response is in no transcript, so
 * the difference between two cost-state lines, less the responses counted from transcript lines
 * in between, is what those requests used. */
#ifndef CC_COST_RECOVERY_H
#define CC_COST_RECOVERY_H

#include "state.h"

/* A response counted from a transcript line, remembered against the next cost-state line. */
void cc_cost_count(cc_session *s, const char *model, const mt_usage *usage);

/* A cost-state line read (after every transcript of the collect was read): what it holds beyond
 * the last one and the responses counted since goes to the task, per model, and it becomes the
 * new base. */
void cc_cost_recover(cc_session *s, const cc_cost_state *line);

/* The base of a session whose state is new while its transcript is not (a resumed session):
 * the last cost-state line in the last 16 MiB before s->pos (the task's start), or none (zero)
 * in a new one. */
void cc_cost_find_base(cc_session *s);

#endif
