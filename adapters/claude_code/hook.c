/* `mosaic-telemetry hook claude-code`: read one payload, update the session under its lock, and
 * leave. Whatever happens the exit status is 0 and stdout stays empty (harness-hooks.md §1.3):
 * exit 2 would block Claude Code and stdout text would reach the model's context. */
#include "hook.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"

#define PAYLOAD_MAX (16u << 20) /* Claude Code truncates tool output far below this */

void cc_log(const char *fmt, ...)
{
    char line[1024];
    va_list args;
    va_start(args, fmt);
    vsnprintf(line, sizeof line, fmt, args);
    va_end(args);
    cli_error(CC_LOG_PREFIX, "%s", line);
}

static bool env_ms(const char *name, int64_t max, int64_t *out)
{
    const char *text = getenv(name);
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

int64_t cc_now_ms(void)
{
    int64_t now;
    return env_ms("MOSAIC_TELEMETRY_CLAUDE_NOW_MS", INT64_MAX, &now) ? now : mt_realtime_ms();
}

int64_t cc_grace_ms(void)
{
    int64_t grace;
    return env_ms("MOSAIC_TELEMETRY_CLAUDE_GRACE_MS", 600000, &grace) ? grace : CC_GRACE_MS_DEFAULT;
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

/* Room for more of the payload: false (logged) past PAYLOAD_MAX or when memory runs out. */
static bool grow_payload(char **buf, size_t *cap)
{
    if (*cap >= PAYLOAD_MAX) {
        cc_log("the payload is larger than %u MiB; ignored", PAYLOAD_MAX >> 20);
        return false;
    }
    char *bigger = realloc(*buf, *cap * 2 + 1);
    if (!bigger) {
        cc_log("out of memory reading the payload");
        return false;
    }
    *buf = bigger, *cap *= 2;
    return true;
}

/* All of stdin, up to PAYLOAD_MAX; NULL (logged) when empty, too large or unreadable. */
static char *read_payload(size_t *len)
{
    size_t cap = 64 * 1024, have = 0;
    char *buf = malloc(cap + 1);
    while (buf && (have < cap || grow_payload(&buf, &cap))) {
        ssize_t n = read(STDIN_FILENO, buf + have, cap - have);
        if (n > 0 || (n < 0 && errno == EINTR)) {
            have += n > 0 ? (size_t)n : 0;
            continue;
        }
        if (n < 0)
            cc_log("cannot read the payload: %s", strerror(errno));
        else if (have == 0)
            cc_log("empty payload on stdin; nothing done");
        if (n < 0 || have == 0)
            break;
        buf[have] = '\0';
        *len = have;
        return buf;
    }
    free(buf);
    return NULL;
}

/* Checks what the payload must have; logs and returns false otherwise. */
static bool payload_usable(const cc_payload *p)
{
    if (p->event == CC_EVENT_IGNORED)
        return false;
    if (p->event == CC_EVENT_UNKNOWN) {
        if (p->event_name[0])
            cc_log("unknown event '%s'; ignored", p->event_name);
        else
            cc_log("the payload has no hook_event_name; ignored");
        return false;
    }
    if (!p->session_id[0]) {
        cc_log("%s: the payload has no session_id; ignored", p->event_name);
        return false;
    }
    return true;
}

bool cc_hook_open_session(cc_hook *h, const char *name, int flags)
{
    char err[CC_PATH_MAX + 256];
    if (!cc_store_open(&h->store, h->dir, name, flags, err, sizeof err)) {
        if (err[0])
            cc_log("%s", err);
        return false;
    }
    if (!cc_store_load(&h->store, h->session, err, sizeof err))
        cc_log("%s", err);
    h->remove_session = false;
    return true;
}

void cc_hook_close_session(cc_hook *h)
{
    char err[CC_PATH_MAX + 256];
    if (h->remove_session)
        cc_store_remove(&h->store);
    else if (!cc_store_save(&h->store, h->session, err, sizeof err))
        cc_log("%s", err);
    cc_store_close(&h->store);
}

/* The session's part of the run, under its lock. */
static void handle(cc_hook *h)
{
    char name[CC_ID_MAX + 24];
    if (!cc_session_file_name(h->payload->session_id, name, sizeof name)) {
        cc_log("session_id '%.40s' is not usable as a name; ignored", h->payload->session_id);
        return;
    }
    if (!cc_state_dir(h->dir, sizeof h->dir)) {
        cc_log("no state directory: set MOSAIC_TELEMETRY_STATE_DIR, XDG_STATE_HOME or HOME");
        return;
    }
    if (!cc_hook_open_session(h, name, CC_OPEN_WAIT | CC_OPEN_CREATE))
        return;
    cc_settle_overdue(h);
    cc_apply_event(h);
    cc_hook_close_session(h);
}

static void run(cc_hook *h, const char *text, size_t len)
{
    cc_payload *p = malloc(sizeof *p);
    cc_session *s = malloc(sizeof *s);
    char err[256];
    if (!p || !s)
        cc_log("out of memory");
    else if (!cc_payload_parse(text, len, p, err, sizeof err))
        cc_log("%s; ignored", err);
    else if (payload_usable(p)) {
        h->payload = p, h->session = s;
        handle(h);
        /* The lock is released: a child started now cannot hold it. */
        if (h->finish_later)
            cc_spawn_finisher(h);
        if (h->sweep)
            cc_sweep(h);
        if (h->spooled)
            cc_start_flush(h);
    }
    free(p);
    free(s);
}

int cc_hook_run(const cli_globals *globals)
{
    silence_stdout();
    signal(SIGPIPE, SIG_IGN); /* a reader gone from stderr must not turn into a signal death */
    if (isatty(STDIN_FILENO)) {
        cc_log("reads a Claude Code hook payload on stdin; see `mosaic-telemetry install "
               "claude-code`");
        return CLI_OK;
    }
    mosaic_config *config = NULL;
    if (cli_config_load(CC_LOG_PREFIX, false, &config) != CLI_OK)
        return CLI_OK; /* the reason is printed; a broken config must not break Claude Code */
    /* Read even when disabled: a writer that meets a closed pipe may report an error. */
    size_t len = 0;
    char *text = read_payload(&len);
    if (text && mosaic_config_get_enabled(config)) {
        cc_hook h = {
            .globals = globals, .config = config, .now_ms = cc_now_ms(), .grace_ms = cc_grace_ms()};
        run(&h, text, len);
    }
    free(text);
    mosaic_config_free(config);
    return CLI_OK;
}
