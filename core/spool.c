/* The spool's directory, names, durable writes and persistent state. */
#define _GNU_SOURCE /* O_DIRECTORY, O_CLOEXEC, flock */
#include "spool_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "err.h"
#include "flock_wait.h"
#include "json.h"
#include "random.h"

#define STATE_LOCK_WAIT_MS 200

bool mt_spool_default_dir(char *out, size_t len)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    int n = -1;
    if (state && *state)
        n = snprintf(out, len, "%s/mosaic-telemetry/spool", state);
    else if (home && *home)
        n = snprintf(out, len, "%s/.local/state/mosaic-telemetry/spool", home);
    return n > 0 && (size_t)n < len;
}

/* ---- names ---------------------------------------------------------------------------------- */

bool mt_spool_name_make(mt_spool_name *name, int64_t unix_ms, size_t events)
{
    uint64_t random = (uint64_t)(mt_random_unit() * 18446744073709551615.0);
    name->unix_ms = unix_ms;
    name->events = events;
    int n = snprintf(name->text, sizeof name->text, "%013lld-%016llx-%zu.jsonl", (long long)unix_ms,
                     (unsigned long long)random, events);
    return n > 0 && (size_t)n < sizeof name->text;
}

bool mt_spool_name_parse(const char *text, mt_spool_name *name)
{
    long long ms;
    unsigned long long random;
    size_t events;
    int end = 0;
    if (strlen(text) >= sizeof name->text ||
        sscanf(text, "%13lld-%16llx-%zu.jsonl%n", &ms, &random, &events, &end) != 3 ||
        text[end] != '\0' || text[13] != '-' || events == 0)
        return false;
    snprintf(name->text, sizeof name->text, "%s", text);
    name->unix_ms = ms;
    name->events = events;
    return true;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const mt_spool_name *)a)->text, ((const mt_spool_name *)b)->text);
}

DIR *mt_spool_opendir(int dir_fd)
{
    int fd = dup(dir_fd); /* closedir closes the copy; dir_fd stays open */
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dir && fd >= 0)
        close(fd);
    if (dir)
        rewinddir(dir); /* the copy shares its offset with dir_fd: start from the top */
    return dir;
}

mt_spool_name *mt_spool_list(int dir_fd, size_t *count)
{
    *count = 0;
    DIR *dir = mt_spool_opendir(dir_fd);
    if (!dir)
        return NULL;
    mt_spool_name *names = NULL;
    size_t cap = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        mt_spool_name name;
        if (!mt_spool_name_parse(entry->d_name, &name))
            continue; /* ".", "..", and anything that is not ours */
        if (*count == cap) {
            cap = cap ? cap * 2 : 64;
            mt_spool_name *grown = realloc(names, cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
        }
        names[(*count)++] = name;
    }
    closedir(dir);
    if (names)
        qsort(names, *count, sizeof *names, by_name); /* the time leads the name: oldest first */
    return names;
}

/* ---- durable writes ------------------------------------------------------------------------- */

bool mt_write_fully(int fd, const void *data, size_t len)
{
    const char *at = data;
    while (len > 0) {
        ssize_t n = write(fd, at, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        at += n;
        len -= (size_t)n;
    }
    return true;
}

bool mt_spool_serialise(const mosaic_event *events, size_t n, mt_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        char *json = mt_event_json(&events[i], &len);
        if (!json)
            return false;
        mt_buf_append(out, json, len);
        mt_buf_append(out, "\n", 1);
        free(json);
    }
    return !out->failed;
}

bool mt_spool_write_lines(mt_spool *s, int64_t unix_ms, const char *lines, size_t len, size_t n,
                          char *err, size_t errlen)
{
    mt_spool_name name;
    if (!mt_spool_name_make(&name, unix_ms, n)) {
        mt_set_error(err, errlen, "spool: a file name does not fit");
        return false;
    }
    /* Written whole into tmp/, flushed, then renamed: pending/ only ever holds complete files,
     * and the directory's fsync makes the rename itself survive a power cut. */
    int fd = openat(s->tmp_fd, name.text, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && mt_write_fully(fd, lines, len) && fdatasync(fd) == 0;
    int saved = errno;
    if (fd >= 0)
        close(fd);
    ok = ok && renameat(s->tmp_fd, name.text, s->pending_fd, name.text) == 0;
    ok = ok && fsync(s->pending_fd) == 0;
    if (!ok) {
        saved = saved ? saved : errno;
        unlinkat(s->tmp_fd, name.text, 0);
        mt_set_error(err, errlen, "spool: cannot write an event file in %s: %s", s->dir,
                     strerror(errno ? errno : saved));
    }
    return ok;
}

bool mt_spool_write(mt_spool *s, const mosaic_event *events, size_t n, char *err, size_t errlen)
{
    mt_buf content = {0};
    bool ok = mt_spool_serialise(events, n, &content);
    if (!ok)
        mt_set_error(err, errlen, "spool: out of memory");
    ok = ok && mt_spool_write_lines(s, mt_realtime_ms(), content.data, content.len, n, err, errlen);
    mt_buf_free(&content);
    return ok;
}

char *mt_spool_read_text(int dir_fd, const char *name, size_t *len, char *why, size_t whylen)
{
    int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size > (off_t)MT_SPOOL_FILE_MAX_BYTES) {
        mt_set_error(why, whylen, "%s", fd < 0 ? strerror(errno) : "too large");
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char *text = malloc((size_t)st.st_size + 1);
    ssize_t got = text ? read(fd, text, (size_t)st.st_size) : -1;
    close(fd);
    if (got != st.st_size) {
        mt_set_error(why, whylen, "short read");
        free(text);
        return NULL;
    }
    text[got] = '\0';
    *len = (size_t)got;
    return text;
}

bool mt_spool_read_events(int dir_fd, const char *name, mosaic_event **events, size_t *n, char *why,
                          size_t whylen)
{
    *events = NULL;
    *n = 0;
    size_t len;
    char *text = mt_spool_read_text(dir_fd, name, &len, why, whylen);
    if (!text)
        return false;
    mt_spool_name parsed;
    size_t expected = mt_spool_name_parse(name, &parsed) ? parsed.events : 0;
    mosaic_event *list = calloc(expected ? expected : 1, sizeof *list);
    size_t count = 0;
    bool ok = list != NULL;
    for (char *line = text, *next; ok && *line; line = next) {
        next = strchr(line, '\n');
        if (!next) { /* every complete file ends with a newline: this one was cut short */
            mt_set_error(why, whylen, "truncated after %zu events", count);
            ok = false;
            break;
        }
        *next++ = '\0';
        if (count == expected) {
            mt_set_error(why, whylen, "more events than its name says (%zu)", expected);
            ok = false;
            break;
        }
        mosaic_event *event = NULL;
        char error[200];
        if (mosaic_event_from_json(line, &event, error, sizeof error) != MOSAIC_OK) {
            mt_set_error(why, whylen, "event %zu: %s", count + 1, error);
            ok = false;
            break;
        }
        list[count++] = *event;
        mosaic_event_free(event);
    }
    free(text);
    if (ok && count != expected) {
        mt_set_error(why, whylen, "%zu events, the name says %zu", count, expected);
        ok = false;
    }
    if (!ok) {
        free(list);
        return false;
    }
    *events = list;
    *n = count;
    return true;
}

/* ---- state: counters that outlive processes ------------------------------------------------- */

static json_object *read_state_object(mt_spool *s)
{
    int fd = openat(s->dir_fd, "state", O_RDONLY | O_CLOEXEC);
    char text[2048];
    ssize_t got = fd >= 0 ? read(fd, text, sizeof text - 1) : -1;
    if (fd >= 0)
        close(fd);
    json_object *state = got > 0 ? mt_json_parse(text, (size_t)got, NULL, 0) : NULL;
    if (!json_object_is_type(state, json_type_object)) {
        json_object_put(state);
        state = json_object_new_object();
    }
    return state;
}

static uint64_t state_count(json_object *state, const char *key)
{
    json_object *value;
    return json_object_object_get_ex(state, key, &value) ? (uint64_t)json_object_get_int64(value)
                                                         : 0;
}

void mt_spool_state_read(mt_spool *s, uint64_t *evicted, uint64_t *quarantined, char *last_error,
                         size_t len)
{
    json_object *state = read_state_object(s), *error;
    *evicted = state_count(state, "evicted");
    *quarantined = state_count(state, "quarantined");
    const char *text = json_object_object_get_ex(state, "last_error", &error)
                           ? json_object_get_string(error)
                           : NULL;
    snprintf(last_error, len, "%s", text ? text : "");
    json_object_put(state);
}

void mt_spool_state_update(mt_spool *s, uint64_t evicted, uint64_t quarantined,
                           const char *last_error)
{
    /* Several processes update it: one at a time under state.lock, replaced by a rename. */
    int lock = openat(s->dir_fd, "state.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0 || !mt_flock_within(lock, STATE_LOCK_WAIT_MS)) { /* counters: lose, not hang */
        if (lock >= 0)
            close(lock);
        return;
    }
    json_object *state = read_state_object(s);
    json_object_object_add(
        state, "evicted",
        json_object_new_int64((int64_t)(state_count(state, "evicted") + evicted)));
    json_object_object_add(
        state, "quarantined",
        json_object_new_int64((int64_t)(state_count(state, "quarantined") + quarantined)));
    if (last_error) {
        char stamped[300] = "";
        char at[MT_TIMESTAMP_LEN + 1];
        mt_format_timestamp(mt_realtime_ms(), at);
        if (*last_error)
            snprintf(stamped, sizeof stamped, "%s (%s)", last_error, at);
        json_object_object_add(state, "last_error", json_object_new_string(stamped));
    }
    const char *text = json_object_to_json_string_ext(state, JSON_C_TO_STRING_PLAIN);
    int fd = openat(s->dir_fd, "state.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0) {
        bool ok = mt_write_fully(fd, text, strlen(text));
        close(fd);
        if (ok)
            renameat(s->dir_fd, "state.tmp", s->dir_fd, "state");
    }
    json_object_put(state);
    close(lock);
}

void mt_spool_note_error(mt_spool *s, const char *error)
{
    if (s)
        mt_spool_state_update(s, 0, 0, error ? error : "");
}

/* ---- opening -------------------------------------------------------------------------------- */

/* mkdir -p with mode 0700 for what it creates. */
static bool make_dirs(const char *path)
{
    char partial[4096];
    size_t len = strlen(path);
    if (len >= sizeof partial)
        return errno = ENAMETOOLONG, false;
    memcpy(partial, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (partial[i] != '/' && partial[i] != '\0')
            continue;
        char saved = partial[i];
        partial[i] = '\0';
        if (mkdir(partial, 0700) != 0 && errno != EEXIST)
            return false;
        partial[i] = saved;
    }
    return true;
}

static int open_subdir(int dir_fd, const char *name)
{
    if (mkdirat(dir_fd, name, 0700) != 0 && errno != EEXIST)
        return -1;
    return openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* Proves the spool can be written before anyone counts on it. */
static bool writable(int dir_fd)
{
    char probe[64];
    snprintf(probe, sizeof probe, ".probe-%d", (int)getpid());
    int fd = openat(dir_fd, probe, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    close(fd);
    unlinkat(dir_fd, probe, 0);
    return true;
}

static bool open_dirs(mt_spool *s)
{
    s->dir_fd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s->dir_fd < 0)
        return false;
    s->open_fd = open_subdir(s->dir_fd, "open");
    s->pending_fd = open_subdir(s->dir_fd, "pending");
    s->tmp_fd = open_subdir(s->dir_fd, "tmp");
    s->claims_fd = open_subdir(s->dir_fd, "claims");
    s->quarantine_fd = open_subdir(s->dir_fd, "quarantine");
    return s->open_fd >= 0 && s->pending_fd >= 0 && s->tmp_fd >= 0 && s->claims_fd >= 0 &&
           s->quarantine_fd >= 0 && writable(s->tmp_fd);
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

mosaic_status mt_spool_open(const char *dir, const mt_spool_limits *limits, const mt_logger *log,
                            mt_spool **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!dir || !*dir) {
        mt_set_error(err, errlen, "spool_dir: must not be empty");
        return MOSAIC_ERR_INVALID_ARGUMENT;
    }
    mt_spool *s = calloc(1, sizeof *s);
    if (!s || !(s->dir = strdup(dir))) {
        free(s);
        return MOSAIC_ERR_NO_MEMORY;
    }
    s->dir_fd = s->open_fd = s->pending_fd = s->tmp_fd = s->claims_fd = s->quarantine_fd = -1;
    s->claim_fd = s->claim_lock_fd = -1;
    s->limits = limits ? *limits
                       : (mt_spool_limits){MT_SPOOL_DEFAULT_MAX_EVENTS, MT_SPOOL_DEFAULT_MAX_BYTES,
                                           MT_SPOOL_DEFAULT_MAX_AGE_MS};
    s->log = log ? *log : (mt_logger){MOSAIC_LOG_WARN, NULL, NULL};
    pthread_mutex_init(&s->lock, NULL);
    errno = 0;
    if (!make_dirs(dir) || !open_dirs(s)) {
        mt_set_error(err, errlen, "spool_dir: cannot create or write '%s': %s", dir,
                     strerror(errno ? errno : EACCES));
        mt_spool_close(s);
        return MOSAIC_ERR_SYSTEM;
    }
    *out = s;
    return MOSAIC_OK;
}

void mt_spool_close(mt_spool *s)
{
    if (!s)
        return;
    if (s->claim_fd >= 0) { /* anything still claimed goes back; then the claim itself */
        size_t n = 0;
        mt_spool_name *left = mt_spool_list(s->claim_fd, &n);
        for (size_t i = 0; i < n; i++)
            renameat(s->claim_fd, left[i].text, s->pending_fd, left[i].text);
        free(left);
        unlinkat(s->claim_fd, ".lock", 0);
        unlinkat(s->claims_fd, s->claim_name, AT_REMOVEDIR);
    }
    int *fds[] = {&s->claim_lock_fd, &s->claim_fd,   &s->quarantine_fd, &s->claims_fd,
                  &s->tmp_fd,        &s->pending_fd, &s->open_fd,       &s->dir_fd};
    for (size_t i = 0; i < sizeof fds / sizeof *fds; i++)
        close_fd(fds[i]);
    pthread_mutex_destroy(&s->lock);
    free(s->dir);
    free(s);
}

const char *mt_spool_dir(const mt_spool *s)
{
    return s ? s->dir : NULL;
}

mosaic_status mt_spool_append(mt_spool *s, const mosaic_event *events, size_t n, char *err,
                              size_t errlen)
{
    if (!s || !events || n == 0)
        return MOSAIC_ERR_INVALID_ARGUMENT;
    mt_buf lines = {0};
    bool ok = mt_spool_serialise(events, n, &lines);
    if (!ok)
        mt_set_error(err, errlen, "spool: out of memory");
    ok = ok && mt_spool_segment_append(s, lines.data, lines.len, n, err, errlen);
    mt_buf_free(&lines);
    if (!ok)
        return MOSAIC_ERR_SYSTEM;
    /* Pruning lists the directory: done by one append in MT_SPOOL_PRUNE_EVERY, chosen at random
     * so that hooks which each append once still share the work. */
    if (mt_random_unit() * MT_SPOOL_PRUNE_EVERY < 1.0)
        mt_spool_prune(s);
    return MOSAIC_OK;
}
