/* Classifiers that the task lifecycle and every adapter share: each a table in one place.
 * Their inputs (commands, prompts, paths) are used here, on this machine, and never sent. */
#ifndef MT_CLASSIFY_H
#define MT_CLASSIFY_H

#include <stdbool.h>

#include "mosaic/telemetry.h"

/* The quality gate a shell command runs ("npm test" -> test, "cargo clippy" -> lint, ...);
 * false when the command is not a gate. */
bool mt_classify_gate(const char *command, mosaic_quality_gate *gate);

/* Every gate a command runs, one for each of its segments that has one, in order, each gate
 * once: "npx eslint src && npm test" -> lint, test; "cargo fmt --check; cargo test" -> format,
 * test. A segment's own rules are mt_classify_gate's ("make lint test" is one segment: its most
 * specific gate). Returns how many were written to gates (at most max). */
size_t mt_classify_gates(const char *command, mosaic_quality_gate *gates, size_t max);

/* The task type a prompt asks for ("fix the crash in ..." -> debugging); UNKNOWN when unsure. */
mosaic_task_type mt_classify_task_type(const char *prompt);

/* The language of a file by its name ("src/app.tsx" -> "typescript"); NULL when unknown. The
 * string is a protocol wire value (lowercase, [a-z0-9+#._-]) in static storage. */
const char *mt_language_for_path(const char *path);

/* The provider of a model by its name ("claude-..." -> anthropic); UNKNOWN when unknown. */
mosaic_provider mt_provider_for_model(const char *model);

#endif
