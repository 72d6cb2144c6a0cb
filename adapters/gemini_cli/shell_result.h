/* Whether a run_shell_command result says the command failed (shell_result.c). */
#ifndef GM_SHELL_RESULT_H
#define GM_SHELL_RESULT_H

#include <stdbool.h>
#include <stddef.h>

/* raw: llmContent as it stands in the JSON text, escapes untouched. True when its closing lines
 * (the ones Gemini CLI adds after the command's output) hold a non-zero "Exit Code: N" or a
 * "Signal: S". */
bool gm_shell_failed(const char *raw, size_t len);

#endif
