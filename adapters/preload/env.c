/* The environment a command gets. The shim follows the task only through LD_PRELOAD and its own
 * variable, so an exec that passes an environment keeping LD_PRELOAD but not the variable would
 * start a second task in the child: the variable is added back then. A child whose environment
 * has no LD_PRELOAD at all (`env -i`, an allow-list) was cut off on purpose and stays unseen,
 * unless MOSAIC_TELEMETRY_PRELOAD_REINJECT=1 asks for both to be added back.
 *
 * Runs between vfork and exec: the copy is an array of pointers on the caller's stack, filled
 * with the entries prepared by the constructor. */
#define _GNU_SOURCE
#include "shim.h"

#define PRELOAD_PREFIX "LD_PRELOAD="
#define TASK_PREFIX    SHIM_TASK_VAR "="
/* Above this many entries the copy would take too much stack: the environment goes as it is. */
#define ENV_MAX 4096

/* Compared by hand rather than with strncmp() and strstr(): this runs between fork and exec,
 * where each libc page touched is a page fault (sys.h). */
static bool starts_with(const char *text, const char *prefix)
{
    while (*prefix && *text == *prefix)
        text++, prefix++;
    return *prefix == '\0';
}

static bool contains(const char *text, const char *word)
{
    for (; *text; text++)
        if (starts_with(text, word))
            return true;
    return false;
}

size_t shim_env_count(char *const envp[])
{
    size_t n = 0;
    while (envp && envp[n])
        n++;
    return n;
}

size_t shim_env_slots(char *const envp[])
{
    if (shim.role == SHIM_OFF)
        return 0;
    bool preload = false, ours = false, task = false;
    size_t n = 0;
    for (; envp && envp[n]; n++) {
        if (starts_with(envp[n], PRELOAD_PREFIX)) {
            preload = true;
            ours = contains(envp[n], SHIM_FILE_NAME);
        } else if (starts_with(envp[n], TASK_PREFIX)) {
            task = true;
        }
    }
    bool add_preload = !preload && shim.reinject && shim.preload_entry;
    bool add_task = !task && (ours || add_preload);
    if ((!add_preload && !add_task) || n > ENV_MAX)
        return 0;
    return n + 3; /* LD_PRELOAD, the variable, the terminating NULL */
}

char *const *shim_env_fix(char *const envp[], char **slots, size_t n_slots)
{
    size_t n = 0;
    bool preload = false, task = false;
    for (; envp && envp[n] && n + 3 <= n_slots; n++) {
        slots[n] = envp[n];
        preload = preload || starts_with(envp[n], PRELOAD_PREFIX);
        task = task || starts_with(envp[n], TASK_PREFIX);
    }
    if (!preload)
        slots[n++] = (char *)shim.preload_entry;
    if (!task)
        slots[n++] = (char *)shim.task_entry;
    slots[n] = NULL;
    return slots;
}

void shim_env_strip(char *const envp[], char **slots, size_t n_slots)
{
    size_t kept = 0;
    for (size_t i = 0; envp && envp[i] && kept + 1 < n_slots; i++) {
        if (!starts_with(envp[i], PRELOAD_PREFIX) && !starts_with(envp[i], TASK_PREFIX))
            slots[kept++] = envp[i];
    }
    slots[kept] = NULL;
}
