/* What several subcommands share: starting the background flusher, and key masking. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The flusher's own messages ("a flusher is already running") are not the caller's: a hook's or
 * a run's stdout belongs to its harness or command. */
void cli_start_background_flush(const kit_host *host, const char *dir)
{
    int saved = kit_mute(STDOUT_FILENO);
    char *argv[] = {"flush", "--background", "--spool-dir", (char *)dir, NULL};
    cli_cmd_flush(host->user, 4, argv);
    kit_unmute(STDOUT_FILENO, saved);
}

void cli_mask_key(const char *key, char *out, size_t len)
{
    size_t key_len = key ? strlen(key) : 0;
    if (!key)
        snprintf(out, len, "(unset)");
    else if (key_len < 8) /* four shown characters would be half of it or more */
        snprintf(out, len, "****");
    else
        snprintf(out, len, "****%s", key + key_len - 4);
}
