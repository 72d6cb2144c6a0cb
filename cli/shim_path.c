/* Finding the preload shim (shim_path.h). */
#include "shim_path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "preload/run.h"

/* Relative to the command's own directory, in order: beside it (the build tree), the configured
 * library directory as the install lays it out, then the usual others. */
static const char *const BESIDE_THE_COMMAND[] = {
    ".",
#ifdef MT_LIBDIR_FROM_BINDIR
    MT_LIBDIR_FROM_BINDIR,
#endif
    "../lib",
    "../lib64",
#ifdef MT_LIBRARY_ARCHITECTURE
    ("../lib/" MT_LIBRARY_ARCHITECTURE), /* one element: parentheses tell clang so */
#endif
};

static bool readable_at(char *out, size_t len, const char *dir, const char *name)
{
    int n = snprintf(out, len, "%s/%s", dir, name);
    return n > 0 && (size_t)n < len && access(out, R_OK) == 0;
}

#define N_BESIDE (sizeof BESIDE_THE_COMMAND / sizeof *BESIDE_THE_COMMAND)

static bool beside_this_command(char *out, size_t len, char *where, size_t wherelen)
{
    char exe[4096], dir[4200];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    *strrchr(exe, '/') = '\0';
    size_t used = (size_t)snprintf(where, wherelen, "in %s/{", exe);
    for (size_t i = 0; i < N_BESIDE; i++) {
        bool here = strcmp(BESIDE_THE_COMMAND[i], ".") == 0;
        snprintf(dir, sizeof dir, "%s%s%s", exe, here ? "" : "/",
                 here ? "" : BESIDE_THE_COMMAND[i]);
        if (readable_at(out, len, dir, MT_CHANNEL_SHIM_FILE))
            return true;
        if (used < wherelen)
            used += (size_t)snprintf(where + used, wherelen - used, "%s%s", i ? "," : "",
                                     BESIDE_THE_COMMAND[i]);
    }
    if (used < wherelen)
        snprintf(where + used, wherelen - used, "}");
    return false;
}

bool cli_shim_find(char *out, size_t len, char *where, size_t wherelen)
{
    const char *given = getenv("MOSAIC_TELEMETRY_PRELOAD_LIB");
    if (given && *given) {
        snprintf(where, wherelen,
                 "at MOSAIC_TELEMETRY_PRELOAD_LIB=%s (which must name a readable file by its "
                 "absolute path)",
                 given);
        return given[0] == '/' && (size_t)snprintf(out, len, "%s", given) < len &&
               access(out, R_OK) == 0;
    }
    char beside[4400] = "";
    if (beside_this_command(out, len, beside, sizeof beside))
        return true;
#ifdef MT_PRELOAD_LIBDIR
    if (readable_at(out, len, MT_PRELOAD_LIBDIR, MT_CHANNEL_SHIM_FILE))
        return true;
    snprintf(where, wherelen, "%s, nor in %s", beside, MT_PRELOAD_LIBDIR);
#else
    snprintf(where, wherelen, "%s", beside);
#endif
    return false;
}
