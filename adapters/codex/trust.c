/* After `install codex`: Codex runs a hook from hooks.json only once config.toml holds a trust
 * record for it (docs/harnesses/codex.md, "Trust"). When the codex binary is found
 * ($MOSAIC_TELEMETRY_CODEX_BIN, else `codex` on PATH), `codex app-server` is asked for
 * `hooks/list`, and config.toml gets a `[hooks.state."<key>"] trusted_hash` table for each of
 * our entries it does not trust (an older one's hash replaced); otherwise the user is told
 * exactly what to do. */
#define _GNU_SOURCE /* pipe2, asprintf */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "hook.h"
#include "hooks_edit.h"
#include "paths.h"
#include "trust.h"
#include "private_dir.h"

#define APP_SERVER_WAIT_MS 30000
#define ANSWER_MAX         (8u << 20)

static bool find_codex(char *out, size_t len)
{
    const char *given = getenv("MOSAIC_TELEMETRY_CODEX_BIN");
    if (given && *given)
        return snprintf(out, len, "%s", given) < (int)len && access(out, X_OK) == 0;
    const char *path = getenv("PATH");
    for (const char *dir = path; dir && *dir;) {
        const char *end = strchr(dir, ':');
        int n = end ? (int)(end - dir) : (int)strlen(dir);
        if (n > 0 && snprintf(out, len, "%.*s/codex", n, dir) < (int)len && access(out, X_OK) == 0)
            return true;
        dir = end ? end + 1 : NULL;
    }
    return false;
}

typedef struct app_server {
    pid_t pid;
    int in, out; /* its stdin (we write), its stdout (we read) */
    char *buf;
    size_t len;
    int64_t deadline_ms;
} app_server;

static bool start(app_server *a, const char *codex)
{
    int to[2], from[2];
    if (pipe2(to, O_CLOEXEC) != 0)
        return false;
    if (pipe2(from, O_CLOEXEC) != 0) {
        close(to[0]), close(to[1]);
        return false;
    }
    a->pid = fork();
    if (a->pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(to[0], 0), dup2(from[1], 1), dup2(null, 2);
        execl(codex, codex, "app-server", (char *)NULL);
        _exit(127);
    }
    close(to[0]), close(from[1]);
    a->in = to[1], a->out = from[0];
    a->buf = NULL, a->len = 0;
    a->deadline_ms = mt_monotonic_ms() + APP_SERVER_WAIT_MS;
    return a->pid > 0;
}

/* Its stdin closed, the app-server ends (and takes down what it started); killed after 2 s. */
static void stop(app_server *a)
{
    close(a->in);
    int64_t until = mt_monotonic_ms() + 2000;
    while (waitpid(a->pid, NULL, WNOHANG) == 0) {
        if (mt_monotonic_ms() >= until) {
            kill(a->pid, SIGKILL);
            waitpid(a->pid, NULL, 0);
            break;
        }
        usleep(20000);
    }
    close(a->out);
    free(a->buf);
}

static bool send_line(app_server *a, const char *line)
{
    size_t n = strlen(line);
    return write(a->in, line, n) == (ssize_t)n && write(a->in, "\n", 1) == 1;
}

/* The answer to request id, skipping notifications; NULL on timeout, end or error. */
static json_object *answer(app_server *a, int id)
{
    for (;;) {
        char *nl = a->buf ? memchr(a->buf, '\n', a->len) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - a->buf) + 1;
            *nl = '\0';
            json_object *msg = json_tokener_parse(a->buf);
            memmove(a->buf, a->buf + n, a->len - n);
            a->len -= n;
            json_object *v;
            if (msg && json_object_object_get_ex(msg, "id", &v) && json_object_get_int(v) == id)
                return msg;
            json_object_put(msg);
            continue;
        }
        int64_t left = a->deadline_ms - mt_monotonic_ms();
        struct pollfd p = {a->out, POLLIN, 0};
        if (left <= 0 || poll(&p, 1, (int)left) <= 0 || a->len > ANSWER_MAX)
            return NULL;
        char *grown = realloc(a->buf, a->len + 65537);
        if (!grown)
            return NULL;
        a->buf = grown;
        ssize_t got = read(a->out, a->buf + a->len, 65536);
        if (got <= 0)
            return NULL;
        a->len += (size_t)got;
        a->buf[a->len] = '\0';
    }
}

/* The hooks Codex knows for the current directory (json array, to put), or NULL. */
static json_object *list_hooks(const char *codex, char *err, size_t errlen)
{
    char cwd[KIT_PATH_MAX], request[KIT_PATH_MAX + 128];
    if (!getcwd(cwd, sizeof cwd)) {
        snprintf(err, errlen, "the current directory is unknown");
        return NULL;
    }
    json_object *cwd_json = json_object_new_string(cwd);
    snprintf(request, sizeof request,
             "{\"id\":2,\"method\":\"hooks/list\",\"params\":{\"cwds\":[%s]}}",
             json_object_to_json_string_ext(cwd_json, JSON_C_TO_STRING_PLAIN));
    json_object_put(cwd_json);
    app_server a;
    /* An app-server that dies early must not take this process down on a write. */
    void (*was)(int) = signal(SIGPIPE, SIG_IGN);
    if (!start(&a, codex)) {
        int why = errno;
        signal(SIGPIPE, was);
        snprintf(err, errlen, "cannot start %s app-server: %s", codex, strerror(why));
        return NULL;
    }
    json_object *hello = NULL, *list = NULL, *hooks = NULL;
    if (send_line(&a, "{\"id\":1,\"method\":\"initialize\",\"params\":{\"clientInfo\":{\"name\":"
                      "\"mosaic-telemetry\",\"version\":\"1\"}}}"))
        hello = answer(&a, 1);
    if (hello && send_line(&a, "{\"method\":\"initialized\"}") && send_line(&a, request))
        list = answer(&a, 2);
    stop(&a);
    signal(SIGPIPE, was);
    json_object *result, *data;
    if (list && json_object_object_get_ex(list, "result", &result) &&
        json_object_object_get_ex(result, "data", &data) && json_object_array_length(data) > 0 &&
        json_object_object_get_ex(json_object_array_get_idx(data, 0), "hooks", &hooks))
        json_object_get(hooks);
    else
        snprintf(err, errlen, "%s app-server gave no hooks/list answer", codex);
    json_object_put(hello);
    json_object_put(list);
    return hooks;
}

static const char *member(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : "";
}

/* $CODEX_HOME/config.toml, else ~/.codex/config.toml. */
static bool config_toml(char *out, size_t len)
{
    const char *home = getenv("CODEX_HOME"), *user = getenv("HOME");
    int n = home && *home   ? snprintf(out, len, "%s/config.toml", home)
            : user && *user ? snprintf(out, len, "%s/.codex/config.toml", user)
                            : -1;
    return n > 0 && (size_t)n < len;
}

/* text with the trust of one entry: its table's trusted_hash replaced when the table is there
 * (an older install's hash), else the table appended. NULL when memory runs out. */
static char *with_trust(char *text, const char *key, const char *hash)
{
    char table[KIT_PATH_MAX + 64], *out = NULL;
    snprintf(table, sizeof table, "[hooks.state.\"%s\"]", key);
    char *at = strstr(text, table);
    char *next = at ? strstr(at + 1, "\n[") : NULL;
    char *line = at ? strstr(at, "trusted_hash = \"") : NULL;
    char *value = line && (!next || line < next) ? line + 16 : NULL;
    char *close = value ? strchr(value, '"') : NULL;
    if (close && asprintf(&out, "%.*s%s%s", (int)(value - text), text, hash, close) < 0)
        out = NULL;
    else if (!close && asprintf(&out, "%s\n%s\ntrusted_hash = \"%s\"\n", text, table, hash) < 0)
        out = NULL;
    free(text);
    return out;
}

/* Trust for each of our entries of the hooks file at path that Codex does not trust (new, or
 * changed since trusted), written to config atomically. The number trusted, or -1 (errno). */
static int trust_entries(json_object *hooks, const char *path, const char *config)
{
    char *text = NULL, tmp[KIT_PATH_MAX + 16];
    size_t cap = 0;
    FILE *f = fopen(config, "r");
    if (!f && errno != ENOENT)
        return -1;
    if (!f || getdelim(&text, &cap, '\0', f) < 0) { /* missing or empty */
        free(text);
        text = strdup("");
    }
    if (f)
        fclose(f);
    int trusted = 0;
    for (size_t i = 0; text && i < json_object_array_length(hooks); i++) {
        json_object *h = json_object_array_get_idx(hooks, i);
        const char *key = member(h, "key"), *hash = member(h, "currentHash");
        if (kit_is_our_command(member(h, "command"), "codex") &&
            strcmp(member(h, "sourcePath"), path) == 0 &&
            strcmp(member(h, "trustStatus"), "trusted") != 0 && *hash && !strchr(key, '"') &&
            !strchr(key, '\\') && !strchr(hash, '"')) {
            text = with_trust(text, key, hash);
            trusted++;
        }
    }
    if (!text)
        return errno = ENOMEM, -1;
    snprintf(tmp, sizeof tmp, "%s.tmp", config);
    int fd = trusted ? mt_create_fresh(AT_FDCWD, tmp, 0600) : -2;
    size_t len = strlen(text);
    bool ok = fd == -2 || (fd >= 0 && write(fd, text, len) == (ssize_t)len && fsync(fd) == 0);
    if (fd >= 0 && (close(fd) != 0 || !ok || rename(tmp, config) != 0)) {
        ok = false;
        unlink(tmp);
    }
    free(text);
    return ok ? trusted : -1;
}

static void how_to_trust(const char *why)
{
    printf("note: Codex runs these hooks only once they are trusted (%s):\n"
           "  run `codex`, then /hooks, and approve the entries running `mosaic-telemetry hook "
           "codex`;\n"
           "  or run `mosaic-telemetry install codex` again with the codex binary on PATH (or in\n"
           "  MOSAIC_TELEMETRY_CODEX_BIN); or pass --dangerously-bypass-hook-trust to codex exec\n",
           why);
}

int cx_after_install(const char *path, bool install, bool dry_run)
{
    char codex[KIT_PATH_MAX], config[KIT_PATH_MAX], err[KIT_PATH_MAX + 128];
    if (!install)
        return KIT_OK; /* trust records of removed entries match nothing: harmless */
    if (dry_run || !find_codex(codex, sizeof codex)) {
        how_to_trust(dry_run ? "--dry-run: nothing trusted" : "no codex binary found");
        return KIT_OK;
    }
    json_object *hooks = list_hooks(codex, err, sizeof err);
    if (!hooks || !config_toml(config, sizeof config)) {
        how_to_trust(hooks ? "no config.toml: set HOME or CODEX_HOME" : err);
        json_object_put(hooks);
        return KIT_OK;
    }
    int added = trust_entries(hooks, path, config);
    json_object_put(hooks);
    if (added < 0) {
        cx_log("cannot write %s: %s", config, strerror(errno));
        how_to_trust("config.toml not writable");
        return KIT_FAIL;
    }
    if (added > 0)
        printf("trusted %d hook entr%s in %s (as Codex's /hooks would)\n", added,
               added == 1 ? "y" : "ies", config);
    return KIT_OK;
}

/* Our entries in the hooks file at path (0 when it is missing or not JSON). */
static int our_entries(const char *path)
{
    json_object *root = json_object_from_file(path), *hooks;
    int n = 0;
    if (root && json_object_object_get_ex(root, "hooks", &hooks) &&
        json_object_is_type(hooks, json_type_object)) {
        json_object_object_foreach(hooks, event, groups)
        {
            (void)event;
            for (size_t g = 0; json_object_is_type(groups, json_type_array) &&
                               g < json_object_array_length(groups);
                 g++) {
                json_object *handlers;
                if (!json_object_object_get_ex(json_object_array_get_idx(groups, g), "hooks",
                                               &handlers) ||
                    !json_object_is_type(handlers, json_type_array))
                    continue;
                for (size_t i = 0; i < json_object_array_length(handlers); i++)
                    n += kit_is_our_command(
                        member(json_object_array_get_idx(handlers, i), "command"), "codex");
            }
        }
    }
    json_object_put(root);
    return n;
}

int cx_doctor(char *detail, size_t len, char *fix, size_t fix_len)
{
    char path[KIT_PATH_MAX], codex[KIT_PATH_MAX], err[KIT_PATH_MAX + 128];
    kit_file_modes modes;
    int ours = 0;
    if (!cx_hooks_path(NULL, path, sizeof path, &modes, err, sizeof err) ||
        (ours = our_entries(path)) == 0)
        return -1;
    if (!find_codex(codex, sizeof codex)) {
        snprintf(detail, len, "%d entries in %s; their trust not checked (no codex binary found)",
                 ours, path);
        return 1;
    }
    json_object *hooks = list_hooks(codex, err, sizeof err);
    int untrusted = 0;
    for (size_t i = 0; hooks && i < json_object_array_length(hooks); i++) {
        json_object *h = json_object_array_get_idx(hooks, i);
        untrusted += kit_is_our_command(member(h, "command"), "codex") &&
                     strcmp(member(h, "sourcePath"), path) == 0 &&
                     strcmp(member(h, "trustStatus"), "trusted") != 0;
    }
    json_object_put(hooks);
    if (!hooks) {
        snprintf(detail, len, "%d entries in %s; their trust not checked: %s", ours, path, err);
        return 1;
    }
    if (untrusted == 0) {
        snprintf(detail, len, "%d entries in %s, trusted by Codex", ours, path);
        return 1;
    }
    snprintf(detail, len, "%d of %d entries in %s are not trusted: Codex skips them silently",
             untrusted, ours, path);
    snprintf(fix, fix_len,
             "run `mosaic-telemetry install codex` again with codex on PATH, or approve them in "
             "codex's /hooks");
    return 0;
}
