/* A look at the other sessions in a state directory, so that no task is left behind by a session
 * that will never run a hook again (its harness was killed, its finisher died). The kit walks the
 * directory; the adapter decides what each session needs. Times are passed in, never read here,
 * so that tests drive them. */
#ifndef KIT_SWEEP_H
#define KIT_SWEEP_H

#include <stdbool.h>
#include <stdint.h>

#define KIT_SWEEP_MAX      64      /* sessions looked at per sweep: keeps the hook short */
#define KIT_SWEEP_EVERY_MS 3600000 /* at most one sweep an hour: a hook stays one stat() */
#define KIT_SWEEP_STAMP    "sweep.stamp"

/* True (and <dir>/sweep.stamp renewed) when the last sweep is KIT_SWEEP_EVERY_MS old or more at
 * now_ms (the wall clock that file times are read on), or its stamp is that far ahead of now_ms
 * (the clock was set back). */
bool kit_sweep_due(const char *dir, int64_t now_ms);

typedef struct kit_sweep {
    const char *dir;    /* the state directory */
    const char *own;    /* the session running the sweep (its file name): skipped */
    int64_t now_ms;     /* the wall clock that file times are read on */
    int64_t min_age_ms; /* a state file younger than this is the work of a live hook: skipped */
    /* Called for each other session, by file name, with its state file's mtime. */
    void (*visit)(const char *name, int64_t mtime_ms, void *user);
    void *user;
} kit_sweep;

/* Calls visit for up to KIT_SWEEP_MAX sessions of the directory ("<name>.json" files). */
void kit_sweep_sessions(const kit_sweep *sweep);

#endif
