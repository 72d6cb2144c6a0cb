/* Reading a task's channel (the record format is in adapters/preload/report.c) into its gates.
 *
 * Records of different processes are put in order by their CLOCK_MONOTONIC stamps, the same clock
 * in every process. Per id (a pid, or a pid's n-th system()) they tell the commands it ran (X: the
 * first one of a new process, E: one more image of an exec chain; F takes the last one back) and
 * how it ended: W from the parent that reaped it, which is exact, Z for the root, and in version 1
 * files Q from its own exit(). Every command of an id takes the first end that follows it; a
 * command that no end follows, or whose id's next X shows a new process under the same pid,
 * passed, or ended unseen, which counts the same. The root's first image is the task itself (R,
 * or the command `run` started), never a gate; an image it execs later is (`bash -c 'pytest;
 * exec ruff check .'`), and ends as the root ends. A command whose gate the classifier finds
 * counts with its result, at the time the result was written (for a command without an end, the
 * time it started), so that a gate's last result wins as it does in the task.
 *
 * Version 1 files, from older shims, are read too: there X also stands for E, since every end was
 * written. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "classify.h"
#include "random.h"
#include "run.h"

#define CHANNEL_MAX_BYTES (64u << 20) /* a larger channel is read up to here */
#define UNKNOWN_STATUS    INT_MIN
#define STALE_AFTER_S     (24 * 3600)

typedef struct record {
    char type;   /* E is read as X, with starts false */
    bool starts; /* X: a new process (version 2); its id's earlier commands are over */
    int64_t ns;
    uint64_t id;   /* pid << 32 | the number of a system() call */
    int status;    /* W, Q, Z */
    char *command; /* X, R: unescaped, inside the file's text */
    size_t seq;    /* place in the file, for equal stamps */
} record;

/* A command a descendant ran, and how it ended. */
typedef struct result {
    int64_t ns; /* when the end was written (when the command started, if it never was) */
    size_t seq;
    const char *command;
    int status;
} result;

bool run_channel_create(char *path, size_t len)
{
    const char *dir = mt_channel_dir();
    char nonce[MT_UUID_LEN + 1];
    if (!dir || !mt_uuid_v4(nonce))
        return false;
    int n = snprintf(path, len, "%s/" MT_CHANNEL_PREFIX "%ld-%s", dir, (long)getpid(), nonce);
    if (n < 0 || (size_t)n >= len)
        return false;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return false;
    bool ok = write(fd, MT_CHANNEL_HEADER, sizeof MT_CHANNEL_HEADER - 1) ==
              (ssize_t)(sizeof MT_CHANNEL_HEADER - 1);
    close(fd);
    if (!ok)
        unlink(path);
    return ok;
}

bool run_channel_end(const char *path, pid_t root, int wait_status)
{
    struct timespec now; /* in ns, as the shim stamps: after every record of the tree */
    clock_gettime(CLOCK_MONOTONIC, &now);
    char line[96];
    int n = snprintf(line, sizeof line, "Z %lld %ld %d\n",
                     (long long)now.tv_sec * 1000000000 + now.tv_nsec, (long)root, wait_status);
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return false;
    bool ok = write(fd, line, (size_t)n) == n;
    close(fd);
    return ok;
}

/* The whole file, up to its size when opened: processes still writing append whole records
 * after that point, so the text read ends on a record's end. */
static char *read_text(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return NULL;
    struct stat st;
    char *text = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        size_t want =
            (size_t)st.st_size < CHANNEL_MAX_BYTES ? (size_t)st.st_size : CHANNEL_MAX_BYTES;
        text = malloc(want + 1);
        size_t got = 0;
        ssize_t n = 1;
        while (text && got < want && (n = read(fd, text + got, want - got)) > 0)
            got += (size_t)n;
        if (text) {
            text[got] = '\0';
            *len = got;
        }
    }
    close(fd);
    return text;
}

static bool take_number(char **p, long long *out)
{
    char *end;
    *out = strtoll(*p, &end, 10);
    if (end == *p || (*end != ' ' && *end != '\0' && *end != '.'))
        return false;
    *p = end;
    return true;
}

static bool take_id(char **p, uint64_t *id)
{
    long long pid, token = 0;
    if (!take_number(p, &pid) || pid <= 0 || pid > INT_MAX)
        return false;
    if (**p == '.') {
        ++*p;
        if (!take_number(p, &token) || token <= 0 || token > UINT32_MAX)
            return false;
    }
    *id = (uint64_t)pid << 32 | (uint64_t)token;
    return true;
}

/* "\n" and "\\" back to the bytes they stand for, in place. */
static void unescape(char *s)
{
    char *out = s;
    for (; *s; s++) {
        if (*s == '\\' && (s[1] == 'n' || s[1] == '\\'))
            *out++ = *++s == 'n' ? '\n' : '\\';
        else
            *out++ = *s;
    }
    *out = '\0';
}

static bool parse_record(char *line, size_t seq, int version, record *r)
{
    long long ns, status = 0;
    *r = (record){.type = line[0], .seq = seq};
    if (!strchr("RXEFWQZ", r->type) || line[1] != ' ')
        return false;
    char *p = line + 2;
    if (!take_number(&p, &ns) || *p++ != ' ' || !take_id(&p, &r->id))
        return false;
    r->ns = ns;
    r->starts = r->type == 'X' && version >= 2;
    if (r->type == 'E')
        r->type = 'X';
    if (r->type == 'X' || r->type == 'R') {
        if (*p++ != ' ')
            return false;
        unescape(p);
        r->command = p;
    } else if (r->type != 'F') {
        if (*p++ != ' ' || !take_number(&p, &status) || status < 0 || status > 0xffff)
            return false;
        r->status = (int)status;
    }
    return true;
}

/* The records of the text, in file order; lines that are not records are skipped. */
static record *parse_text(char *text, size_t len, int version, size_t *n)
{
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += text[i] == '\n';
    record *records = malloc(cap * sizeof *records);
    *n = 0;
    char *line = text, *end;
    while (records && (end = strchr(line, '\n')) != NULL) {
        *end = '\0';
        if (parse_record(line, *n, version, &records[*n]))
            (*n)++;
        line = end + 1;
    }
    return records;
}

static int by_id_then_time(const void *a, const void *b)
{
    const record *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    if (x->ns != y->ns)
        return x->ns < y->ns ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int by_time(const void *a, const void *b)
{
    const result *x = a, *y = b;
    if (x->ns != y->ns)
        return x->ns < y->ns ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The program's name: the command line's first word, without its quotes. */
static void first_word(const char *command, char *out, size_t len)
{
    size_t n = 0;
    char quote = *command == '\'' ? *command++ : ' ';
    while (*command && *command != quote && n + 1 < len)
        out[n++] = *command++;
    out[n] = '\0';
}

static void note_root(const record *r, run_tree *tree)
{
    if (r->type == 'R' && !tree->began) {
        tree->began = true;
        tree->begin_ms = r->ns / 1000000;
        first_word(r->command, tree->program, sizeof tree->program);
    } else if (r->type == 'Z' && !tree->ended) {
        tree->ended = true;
        tree->end_ms = r->ns / 1000000;
        tree->root_status = r->status;
    }
}

/* The commands of r[from, to) that no end followed: they count at the time they started. */
static void unended(const record *r, size_t from, size_t to, result *out, size_t *n_out)
{
    for (size_t j = from; j < to; j++)
        if (r[j].type == 'X')
            out[(*n_out)++] = (result){r[j].ns, r[j].seq, r[j].command, UNKNOWN_STATUS};
}

/* One id's records, in time order: each command gets the first end after it. */
static void settle_id(record *r, size_t n, result *out, size_t *n_out)
{
    size_t open_from = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].type == 'X' && r[i].starts) { /* the pid came back for a new process */
            unended(r, open_from, i, out, n_out);
            open_from = i;
        } else if (r[i].type == 'F') {
            for (size_t j = i; j-- > open_from;)
                if (r[j].type == 'X') {
                    r[j].type = 'x'; /* taken back */
                    break;
                }
        } else if (r[i].type == 'W' || r[i].type == 'Q' || r[i].type == 'Z') {
            for (size_t j = open_from; j < i; j++)
                if (r[j].type == 'X')
                    out[(*n_out)++] = (result){r[i].ns, r[j].seq, r[j].command, r[i].status};
            open_from = i + 1;
        }
    }
    unended(r, open_from, n, out, n_out);
}

/* The first known harness among the commands run (by the earliest command). */
static void note_harness(const result *results, size_t n, run_tree *tree)
{
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        char program[256];
        mosaic_harness harness;
        first_word(results[i].command, program, sizeof program);
        if (results[i].seq < best && run_harness_of_program(program, &harness)) {
            best = results[i].seq;
            tree->harness = (int)harness;
        }
    }
}

static bool classify_results(result *results, size_t n, run_tree *tree)
{
    qsort(results, n, sizeof *results, by_time);
    tree->gates = malloc((n ? n : 1) * sizeof *tree->gates);
    if (!tree->gates)
        return false;
    for (size_t i = 0; i < n; i++) {
        mosaic_quality_gate gate;
        if (mt_classify_gate(results[i].command, &gate))
            tree->gates[tree->n_gates++] =
                (run_gate){gate, results[i].status == 0 || results[i].status == UNKNOWN_STATUS};
    }
    return true;
}

/* Sorts the records by id, settles each id, and classifies the commands. */
static bool reduce(record *records, size_t n, run_tree *tree)
{
    for (size_t i = 0; i < n; i++)
        note_root(&records[i], tree);
    qsort(records, n, sizeof *records, by_id_then_time);
    result *results = malloc((n ? n : 1) * sizeof *results);
    if (!results)
        return false;
    size_t n_results = 0;
    for (size_t start = 0, end; start < n; start = end) {
        for (end = start + 1; end < n && records[end].id == records[start].id;)
            end++;
        settle_id(records + start, end - start, results, &n_results);
    }
    note_harness(results, n_results, tree);
    bool ok = classify_results(results, n_results, tree);
    free(results);
    return ok;
}

/* The version the header names (1 or 2), 0 when the text is no channel this reader knows. */
static int channel_version(const char *text)
{
    size_t n = sizeof MT_CHANNEL_MAGIC - 1;
    if (strncmp(text, MT_CHANNEL_MAGIC, n) != 0 || (text[n] != '1' && text[n] != '2') ||
        text[n + 1] != '\n')
        return 0;
    return text[n] - '0';
}

bool run_channel_read(const char *path, run_tree *out)
{
    *out = (run_tree){.harness = -1};
    size_t len = 0, n = 0;
    char *text = read_text(path, &len);
    int version = text ? channel_version(text) : 0;
    if (!version) {
        free(text);
        return false;
    }
    record *records = parse_text(text, len, version, &n);
    bool ok = records && reduce(records, n, out);
    free(records);
    free(text);
    if (!ok)
        run_tree_free(out);
    return ok;
}

void run_tree_free(run_tree *tree)
{
    free(tree->gates);
    tree->gates = NULL;
    tree->n_gates = 0;
}

/* Whether a channel in dir is a leftover: ours, a day untouched, and its root gone. */
static bool stale(int dir, const char *name, time_t now)
{
    struct stat st;
    char *end;
    long root = strtol(name + strlen(MT_CHANNEL_PREFIX), &end, 10);
    if (root <= 0 || *end != '-' || fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return false;
    if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || now - st.st_mtime < STALE_AFTER_S)
        return false;
    return kill((pid_t)root, 0) != 0 && errno == ESRCH;
}

void run_channel_sweep(const char *channel)
{
    char path[4096];
    const char *slash = strrchr(channel, '/');
    if (!slash || (size_t)(slash - channel) >= sizeof path)
        return;
    memcpy(path, channel, (size_t)(slash - channel));
    path[slash - channel] = '\0';
    DIR *dir = opendir(path[0] ? path : "/");
    if (!dir)
        return;
    time_t now = time(NULL);
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL)
        if (strncmp(entry->d_name, MT_CHANNEL_PREFIX, strlen(MT_CHANNEL_PREFIX)) == 0 &&
            stale(dirfd(dir), entry->d_name, now))
            unlinkat(dirfd(dir), entry->d_name, 0);
    closedir(dir);
}
