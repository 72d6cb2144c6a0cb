/* The hook process (hook_process.h): whatever happens the exit status is 0 and stdout stays
 * empty (docs/architecture.md, "The hook process"). */
#include "hook_process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"

static bool env_ms(const char *name, int64_t max, int64_t *out)
{
    const char *text = name ? getenv(name) : NULL;
    if (!text || !*text)
        return false;
    char *end;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno || *end || value < 0 || value > max)
        return false;
    *out = value;
    return true;
}

int64_t kit_hook_now_ms(const kit_hook_spec *spec)
{
    int64_t now;
    return env_ms(spec->now_env, INT64_MAX, &now) ? now : mt_realtime_ms();
}

static int64_t grace_ms(const kit_hook_spec *spec)
{
    int64_t grace;
    return env_ms(spec->grace_env, 600000, &grace) ? grace : spec->grace_default_ms;
}

/* From here on nothing this process (or a child it forks) writes can reach stdout. */
static void silence_stdout(void)
{
    fflush(stdout);
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (devnull >= 0) {
        dup2(devnull, STDOUT_FILENO);
        close(devnull);
    }
}

/* Room for more of the payload: false (logged) past KIT_PAYLOAD_MAX or when memory runs out. */
static bool grow_payload(const char *who, char **buf, size_t *cap)
{
    if (*cap >= KIT_PAYLOAD_MAX) {
        kit_log(who, "the payload is larger than %u MiB; ignored", KIT_PAYLOAD_MAX >> 20);
        return false;
    }
    char *bigger = realloc(*buf, *cap * 2 + 1);
    if (!bigger) {
        kit_log(who, "out of memory reading the payload");
        return false;
    }
    *buf = bigger, *cap *= 2;
    return true;
}

/* All of stdin, up to KIT_PAYLOAD_MAX; NULL (logged) when empty, too large or unreadable. */
static char *read_payload(const char *who, size_t *len)
{
    size_t cap = 64 * 1024, have = 0;
    char *buf = malloc(cap + 1);
    while (buf && (have < cap || grow_payload(who, &buf, &cap))) {
        ssize_t n = read(STDIN_FILENO, buf + have, cap - have);
        if (n > 0 || (n < 0 && errno == EINTR)) {
            have += n > 0 ? (size_t)n : 0;
            continue;
        }
        if (n < 0)
            kit_log(who, "cannot read the payload: %s", strerror(errno));
        else if (have == 0)
            kit_log(who, "empty payload on stdin; nothing done");
        if (n < 0 || have == 0)
            break;
        buf[have] = '\0';
        *len = have;
        return buf;
    }
    free(buf);
    return NULL;
}

int kit_hook_main(const kit_hook_spec *spec, const kit_host *host, kit_hook_fn fn, void *user)
{
    silence_stdout();
    signal(SIGPIPE, SIG_IGN); /* a reader gone from stderr must not turn into a signal death */
    if (isatty(STDIN_FILENO)) {
        kit_log(spec->who, "%s", spec->stdin_hint);
        return KIT_OK;
    }
    /* Read first, even when disabled or misconfigured: a writer that meets a closed pipe may
     * report an error. */
    kit_hook_call call = {.spec = spec, .host = host};
    char *text = read_payload(spec->who, &call.payload_len);
    mosaic_config *config = NULL;
    if (text && kit_config_load(spec->who, false, &config) == KIT_OK &&
        mosaic_config_get_enabled(config)) {
        call.config = config;
        call.payload = text;
        call.now_ms = kit_hook_now_ms(spec);
        call.grace_ms = grace_ms(spec);
        fn(&call, user);
    }
    /* A broken config was logged: it must not break the harness either. */
    free(text);
    mosaic_config_free(config);
    return KIT_OK;
}
