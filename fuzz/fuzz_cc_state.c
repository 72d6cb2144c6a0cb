/* A Claude Code session's state file (adapters/claude_code/state.c and the kit's task record):
 * the JSON the hook left in the state directory, which another version, a crash or a hand may
 * have changed; its round trip must hold (fuzz_round_trip). */
#include "claude_code/state.h"
#include "fuzz_support.h"

FUZZ_ROUND_TRIP_TARGET(cc_session, cc_state_parse, cc_state_format)
