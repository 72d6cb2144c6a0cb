/* Work that must wait without holding the harness up: a task's event is finished a grace period
 * after the harness said the task ended, because the harness may still be writing the task's last
 * lines (docs/architecture.md, "The deferred finisher").
 *
 * The finisher is a detached child. If it dies, the next hook of the session (or another
 * session's sweep) finds the task overdue and does the same work; whoever comes first does it,
 * under the session's lock, and the task is then gone, so the event is made exactly once. */
#ifndef KIT_FINISHER_H
#define KIT_FINISHER_H

#include <stdbool.h>
#include <stdint.h>

#define KIT_FINISHER_LOG "hook.log" /* the finisher's diagnostics, in the state directory */

typedef void (*kit_finish_fn)(void *user);

/* Forks a child that leaves the harness's session and pipes (the harness reads the hook's pipes
 * until every writer closes them), with stderr appended to <log_dir>/hook.log, sleeps delay_ms,
 * calls fn(user), and exits. The caller returns at once. False (errno) when no child could be
 * started. */
bool kit_finish_later(const char *log_dir, int64_t delay_ms, kit_finish_fn fn, void *user);

/* True when a task that ended at end_ms is past its grace period at now_ms. */
static inline bool kit_overdue(int64_t end_ms, int64_t now_ms, int64_t grace_ms)
{
    return now_ms - end_ms >= grace_ms;
}

#endif
