/* The spool's files: names, listings, durable writes, reading, and the persistent state. The
 * other spool files build on these; nothing here calls back into them. */
#define _GNU_SOURCE /* O_CLOEXEC */
#include "spool_files.h"
#include "write_fully.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "err.h"
#include "flock_wait.h"
#include "json.h"
#include "private_dir.h"
#include "random.h"
#include "spool_internal.h"

#define STATE_LOCK_WAIT_MS 200

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

/* The smallest line an event can be: far below any real one (the required fields alone take
 * hundreds of bytes), so that a name claiming more events than its file could hold is a lie. */
#define MIN_EVENT_LINE_BYTES 64

/* The lines of a pending file, counted; at least 1, so that the name still parses and the read
 * that follows finds the mismatch and quarantines the file. */
static size_t count_lines(int dir_fd, const char *name)
{
    int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    size_t lines = 0;
    char chunk[65536];
    for (ssize_t got; fd >= 0 && (got = read(fd, chunk, sizeof chunk)) > 0;)
        for (ssize_t i = 0; i < got; i++)
            lines += chunk[i] == '\n';
    if (fd >= 0)
        close(fd);
    return lines ? lines : 1;
}

/* A name's count, unless its file is too small to hold that many events: then what the file
 * holds. Counts drive eviction and status, so a planted or damaged name must not inflate them. */
static size_t believable_events(int dir_fd, const mt_spool_name *name)
{
    struct stat st;
    if (fstatat(dir_fd, name->text, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return name->events; /* gone meanwhile: whoever reads it next finds out */
    if (!S_ISREG(st.st_mode))
        return 1; /* not a file we wrote */
    if (name->events <= (uint64_t)st.st_size / MIN_EVENT_LINE_BYTES)
        return name->events;
    return count_lines(dir_fd, name->text);
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
        name.events = believable_events(dir_fd, &name);
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
    int lock = openat(s->dir_fd, "state.lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
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
    int fd = mt_create_fresh(s->dir_fd, "state.tmp", 0600);
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
