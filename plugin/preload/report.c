/* The channel: a file that every process of the task appends records to, and that the finishing
 * command (`mosaic-telemetry run`) reads once the root is gone.
 *
 *   mosaic-telemetry-preload 1            header, written when the file is made
 *   R <ns> <pid> <program>                the root began (bare LD_PRELOAD form)
 *   X <ns> <id> <command line>            <id> is about to run a command (exec, spawn, system)
 *   F <ns> <id>                           that exec failed: <id> still runs what it ran before
 *   W <ns> <id> <wait status>             a parent reaped <id>
 *   Q <ns> <pid> <wait status>            <pid> called exit() (for parents the shim cannot see)
 *   Z <ns> <pid> <wait status>            the root is exiting (bare form)
 *
 * <ns> is CLOCK_MONOTONIC, the same clock in every process, so the reader can order records of
 * different processes; <id> is a pid, or "<pid>.<n>" for the n-th system() of that process. A
 * command line is argv quoted for the shell, so that the gate classifier reads it as a command;
 * '\n' and '\\' are written as "\n" and "\\" so that a record stays one line.
 *
 * Why a file and not a socket: the path travels in the environment and survives children that
 * close every descriptor; each record is opened, written with one write(2) and closed, so no
 * descriptor of ours can be closed or reused under us. O_APPEND makes concurrent writes land
 * whole. Everything here is async-signal-safe and uses the stack only. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "shim.h"

typedef struct line {
    char buf[SHIM_RECORD_MAX];
    size_t len;
    bool full; /* something did not fit: the rest is dropped */
} line;

static void put_char(line *l, char c)
{
    if (l->len + 1 >= sizeof l->buf) { /* one byte stays free for the newline */
        l->full = true;
        return;
    }
    l->buf[l->len++] = c;
}

/* A byte of a command line, escaped for the record. */
static void put_text_char(line *l, char c)
{
    if (c == '\n' || c == '\\') {
        put_char(l, '\\');
        c = c == '\n' ? 'n' : '\\';
    }
    put_char(l, c);
}

static void put_number(line *l, long long value)
{
    char digits[24];
    size_t n = 0;
    unsigned long long v = value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
    do
        digits[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    if (value < 0)
        put_char(l, '-');
    while (n > 0)
        put_char(l, digits[--n]);
}

static bool shell_safe(const char *arg)
{
    if (!*arg)
        return false;
    for (; *arg; arg++) {
        char c = *arg;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              strchr("_@%+=:,./-", c)))
            return false;
    }
    return true;
}

/* One argument, single-quoted when the shell would otherwise split or expand it. */
static void put_arg(line *l, const char *arg)
{
    if (shell_safe(arg)) {
        for (; *arg; arg++)
            put_text_char(l, *arg);
        return;
    }
    put_text_char(l, '\'');
    for (; *arg; arg++) {
        if (*arg == '\'') {
            put_text_char(l, '\'');
            put_text_char(l, '\\');
            put_text_char(l, '\'');
        }
        put_text_char(l, *arg);
    }
    put_text_char(l, '\'');
}

/* As many whole arguments as fit: a cut argument could read as another command. */
static void put_command(line *l, const char *path, char *const argv[])
{
    if (!argv || !argv[0]) {
        put_arg(l, path ? path : "");
        return;
    }
    for (size_t i = 0; argv[i]; i++) {
        size_t before = l->len;
        if (i > 0)
            put_char(l, ' ');
        put_arg(l, argv[i]);
        if (l->full) {
            l->len = before;
            return;
        }
    }
}

static void put_head(line *l, char type, int64_t at_ns, pid_t pid, unsigned token)
{
    l->len = 0;
    l->full = false;
    put_char(l, type);
    put_char(l, ' ');
    put_number(l, at_ns);
    put_char(l, ' ');
    put_number(l, pid);
    if (token) {
        put_char(l, '.');
        put_number(l, token);
    }
}

/* Writes the record; the descriptor is returned open when the caller will not need it closed
 * (an exec closes it, being O_CLOEXEC; an exit closes everything), -1 otherwise. */
static int write_record(line *l, bool leave_open)
{
    if (!shim.channel)
        return -1;
    int saved = errno; /* the host must see the errno of its own call */
    l->buf[l->len++] = '\n';
    int fd = open(shim.channel, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
    if (fd >= 0) {
        /* A short or failed write loses one record; retrying could interleave with others. */
        ssize_t written = write(fd, l->buf, l->len);
        (void)written;
        if (!leave_open) {
            close(fd);
            fd = -1;
        }
    }
    errno = saved;
    return fd;
}

int shim_report_exec(int64_t at_ns, pid_t pid, unsigned token, const char *path, char *const argv[],
                     bool before_exec)
{
    line l;
    put_head(&l, 'X', at_ns, pid, token);
    put_char(&l, ' ');
    put_command(&l, path, argv);
    return write_record(&l, before_exec);
}

void shim_report_exec_failed(pid_t pid, unsigned token, int fd)
{
    line l;
    put_head(&l, 'F', shim_now_ns(), pid, token);
    if (fd < 0) {
        write_record(&l, false);
        return;
    }
    int saved = errno;
    l.buf[l.len++] = '\n';
    ssize_t written = write(fd, l.buf, l.len);
    (void)written;
    close(fd);
    errno = saved;
}

void shim_report_status(char type, pid_t pid, unsigned token, int wait_status)
{
    line l;
    put_head(&l, type, shim_now_ns(), pid, token);
    put_char(&l, ' ');
    put_number(&l, wait_status);
    write_record(&l, type == 'Q' || type == 'Z'); /* Q and Z: the process is exiting */
}

void shim_report_root_begin(pid_t pid, const char *program)
{
    line l;
    put_head(&l, 'R', shim_now_ns(), pid, 0);
    put_char(&l, ' ');
    put_arg(&l, program);
    write_record(&l, false);
}

void shim_report_root_end(pid_t pid, int wait_status)
{
    shim_report_status('Z', pid, 0, wait_status);
}

bool shim_channel_create(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return false;
    bool ok = write(fd, MT_CHANNEL_HEADER, sizeof MT_CHANNEL_HEADER - 1) ==
              (ssize_t)(sizeof MT_CHANNEL_HEADER - 1);
    close(fd);
    if (!ok)
        unlink(path);
    return ok;
}
