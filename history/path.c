/* Where the history lives (hist_db.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist_db.h"

static bool fits(size_t len, int written, char *err, size_t errlen)
{
    if (written >= 0 && (size_t)written < len)
        return true;
    snprintf(err, errlen, HIST_ENV ": the history's path is too long");
    return false;
}

bool hist_path(char *out, size_t len, bool *off, char *err, size_t errlen)
{
    *off = false;
    const char *chosen = getenv(HIST_ENV);
    if (chosen && strcmp(chosen, "off") == 0) {
        *off = true;
        return true;
    }
    if (chosen && *chosen)
        return fits(len, snprintf(out, len, "%s", chosen), err, errlen);
    /* XDG: a relative XDG_DATA_HOME is invalid and to be ignored. */
    const char *data = getenv("XDG_DATA_HOME");
    if (data && data[0] == '/')
        return fits(len, snprintf(out, len, "%s/" HIST_FILE, data), err, errlen);
    const char *home = getenv("HOME");
    if (home && *home)
        return fits(len, snprintf(out, len, "%s/.local/share/" HIST_FILE, home), err, errlen);
    snprintf(err, errlen, HIST_ENV ": no history path; set it (or \"off\"), XDG_DATA_HOME or HOME");
    return false;
}
