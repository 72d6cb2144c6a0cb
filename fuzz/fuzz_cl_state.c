/* A Cline session's state file (adapters/cline/state.c and the kit's task record): the JSON the
 * hook left in the state directory; its round trip must hold (fuzz_round_trip). */
#include "cline/state.h"
#include "fuzz_support.h"

FUZZ_ROUND_TRIP_TARGET(cl_session, cl_state_parse, cl_state_format)
