/* A Codex CLI session's state file (adapters/codex/state.c and the kit's task record):
 * the JSON the hook left in the state directory, which another version, a crash or a hand may
 * have changed; its round trip must hold (fuzz_round_trip). */
#include "codex/state.h"
#include "fuzz_support.h"

FUZZ_ROUND_TRIP_TARGET(cx_session, cx_state_parse, cx_state_format)
