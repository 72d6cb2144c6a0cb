/* A Copilot CLI session's state file (adapters/copilot_cli/state.c and the kit's task record):
 * the JSON the hook left in the state directory; its round trip must hold (fuzz_round_trip). */
#include "copilot_cli/state.h"
#include "fuzz_support.h"

FUZZ_ROUND_TRIP_TARGET(cp_session, cp_state_parse, cp_state_format)
