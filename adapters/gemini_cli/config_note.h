/* What `install gemini-cli` says about the config file (config_note.c). */
#ifndef GM_CONFIG_NOTE_H
#define GM_CONFIG_NOTE_H

#include <stdbool.h>

/* The kit_harness after_install step: after an install, a note on stdout naming each setting a
 * server needs that the config file does not hold. Returns KIT_OK. */
int gm_after_install(const char *path, bool install, bool dry_run);

#endif
