/* Codex's hook trust, after `install codex` (trust.c; docs/harnesses/codex.md, "Trust"). */
#ifndef CX_TRUST_H
#define CX_TRUST_H

#include <stdbool.h>
#include <stddef.h>

/* The kit_harness after_install step: our untrusted entries of the hooks file at path trusted
 * through `codex app-server`, or the user told how. KIT_OK or KIT_FAIL. */
int cx_after_install(const char *path, bool install, bool dry_run);

/* The kit_harness doctor step: our entries of the user's hooks file and whether Codex trusts
 * them (-1: none installed; 1: fine or not checkable; 0: some untrusted). */
int cx_doctor(char *detail, size_t len, char *fix, size_t fix_len);

#endif
