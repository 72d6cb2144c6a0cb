/* Never losing an event to a value this client chose (docs/protocol.md, "Enums"): when a server
 * refuses an event and its reason names a field, or a value, that holds one of our additions to
 * an enum, the event is sent again once with that field's fallback member (wire.h). */
#ifndef MT_FALLBACK_H
#define MT_FALLBACK_H

#include <stddef.h>

#include "event.h"

/* The fields a fallback can change, as bits. */
enum {
    MT_FALLBACK_TASK_TYPE = 1u << 0,
    MT_FALLBACK_COMPLEXITY = 1u << 1,
    MT_FALLBACK_HARNESS = 1u << 2,
    MT_FALLBACK_PROVIDER = 1u << 3,
    MT_FALLBACK_OUTCOME = 1u << 4,
    MT_FALLBACK_GATES = 1u << 5,
    MT_FALLBACK_REPO_SIZE = 1u << 6,
};

/* The fields of event that reason (a server's refusal, any text) names, by their wire name or by
 * the value they hold in quotes, and that have a fallback; with them, an outcome or gate of ours,
 * which a server that follows the documentation refuses in any case. 0 when reason names none. */
unsigned mt_fallback_fields(const mosaic_event *event, const char *reason);

/* Changes those fields to their fallbacks, and describes the change for the log ("outcome
 * cancelled -> failure, quality_gates format -> lint"). */
void mt_fallback_apply(mosaic_event *event, unsigned fields, char *what, size_t len);

#endif
