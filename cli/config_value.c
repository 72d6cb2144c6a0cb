/* The names and values `config` is given (config_cmd.h). A value goes through the library's own
 * rules before it is written, so that `config set` refuses what a hook would later refuse. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "config_cmd.h"

#define MAX_STDIN_VALUE 8192

void cli_config_short_name(int setting, char *out, size_t len)
{
    const char *name = mt_setting_name(setting) + strlen(MT_SETTING_PREFIX);
    size_t i = 0;
    for (; name[i] && i + 1 < len; i++)
        out[i] = (char)tolower((unsigned char)name[i]);
    out[i] = '\0';
}

static void unknown_setting(const char *cmd, const char *name)
{
    char known[512] = "", one[64];
    for (int s = 0; s < MT_SETTING_COUNT; s++) {
        cli_config_short_name(s, one, sizeof one);
        size_t used = strlen(known);
        snprintf(known + used, sizeof known - used, "%s%s", s ? ", " : "", one);
    }
    cli_error(cmd, "NAME: unknown setting '%.60s' (one of %s)", name, known);
}

int cli_config_setting(const char *cmd, const char *name)
{
    size_t prefix = strlen(MT_SETTING_PREFIX);
    bool prefixed = strncasecmp(name, MT_SETTING_PREFIX, prefix) == 0;
    char full[128];
    int n = snprintf(full, sizeof full, "%s%s", prefixed ? "" : MT_SETTING_PREFIX, name);
    for (char *p = full; *p; p++)
        *p = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
    int setting = n > 0 && (size_t)n < sizeof full ? mt_setting_find(full) : -1;
    if (setting < 0)
        unknown_setting(cmd, name);
    return setting;
}

/* One line from a terminal, not echoed: a key typed or pasted is not left on the screen. */
static bool read_terminal(int setting, char *out, size_t len)
{
    char name[64];
    cli_config_short_name(setting, name, sizeof name);
    fprintf(stderr, "%s (not shown): ", name);
    fflush(stderr);
    struct termios before, quiet;
    bool restore = tcgetattr(STDIN_FILENO, &before) == 0;
    quiet = before;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    if (restore)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    bool ok = fgets(out, (int)len, stdin) != NULL;
    if (restore)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &before);
    fputc('\n', stderr);
    return ok;
}

/* One line from stdin (a pipe or a file): the value and at most a line end after it. */
static int read_stdin(const char *cmd, int setting, char *out, size_t len)
{
    if (isatty(STDIN_FILENO)) {
        if (!read_terminal(setting, out, len)) {
            cli_error(cmd, "VALUE: nothing was read from the terminal");
            return CLI_USAGE;
        }
        return CLI_OK;
    }
    size_t n = fread(out, 1, len - 1, stdin);
    out[n] = '\0';
    if (n == len - 1 || strlen(out) != n) {
        cli_error(cmd, "VALUE: expected one line of text on stdin (at most %d bytes)",
                  MAX_STDIN_VALUE - 2);
        return CLI_USAGE;
    }
    return CLI_OK;
}

static void trim_end(char *text)
{
    size_t n = strlen(text);
    while (n > 0 && strchr(" \t\r\n", text[n - 1]))
        text[--n] = '\0';
}

int cli_config_value(const char *cmd, int setting, const char *given, char *out, size_t len)
{
    char buf[MAX_STDIN_VALUE];
    if (strcmp(given, "-") == 0) {
        int status = read_stdin(cmd, setting, buf, sizeof buf);
        if (status != CLI_OK)
            return status;
    } else if (snprintf(buf, sizeof buf, "%s", given) >= (int)sizeof buf) {
        cli_error(cmd, "VALUE: longer than %d bytes", MAX_STDIN_VALUE - 1);
        return CLI_USAGE;
    }
    trim_end(buf);
    if (strpbrk(buf, "\r\n")) {
        cli_error(cmd, "VALUE: must be one line");
        return CLI_USAGE;
    }
    if (!*buf && setting != MT_SETTING_PROXY) {
        cli_error(cmd, "VALUE: must not be empty (to remove the setting: config unset NAME)");
        return CLI_USAGE;
    }
    char err[256] = "";
    if (mt_config_check_value((mt_setting)setting, buf, err, sizeof err) != MOSAIC_OK) {
        cli_error(cmd, "%s", err);
        return CLI_USAGE;
    }
    if (err[0]) /* docs/protocol.md, "Transport": the server decides */
        cli_error(cmd, "note: %s; kept as given: the server decides", err);
    snprintf(out, len, "%s", buf);
    return CLI_OK;
}

void cli_config_shown(int setting, const char *value, size_t value_len, char *out, size_t len)
{
    if (setting == MT_SETTING_API_KEY) {
        char key[MAX_STDIN_VALUE];
        snprintf(key, sizeof key, "%.*s", (int)value_len, value);
        cli_mask_key(key, out, len);
    } else {
        snprintf(out, len, "%.*s", (int)value_len, value);
    }
}
