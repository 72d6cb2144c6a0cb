/* The channel: a file that every process of the task appends records to, and that the finishing
 * command (`mosaic-telemetry run`) reads once the root is gone.
 *
 *   mosaic-telemetry-preload 2            header, written when the file is made
 *   R <ns> <pid> <program>                the root began (bare LD_PRELOAD form)
 *   X <ns> <id> <command line>            a new process <id> is about to run a command (the
 *                                         child of a fork or vfork before its exec, a spawn,
 *                                         system)
 *   E <ns> <id> <command line>            <id> execs another command (`sh -c 'exec pytest'`)
 *   F <ns> <id>                           that exec failed: <id> still runs what it ran before
 *   W <ns> <id> <wait status>             a parent reaped <id>, which did not exit with 0
 *   Z <ns> <pid> <wait status>            the root is exiting (bare form)
 *
 * <ns> is CLOCK_MONOTONIC, the same clock in every process, so the reader can order records of
 * different processes; <id> is a pid, or "<pid>.<n>" for the n-th system() of that process. A
 * command line is argv quoted for the shell, so that the gate classifier reads it as a command;
 * '\n' and '\\' are written as "\n" and "\\" so that a record stays one line.
 *
 * A command ends with the first W or Z of its id after it, and a command that no end follows
 * passed: the reader takes one that ended unseen as passed anyway, so a W for an exit 0 would
 * tell it nothing, and a command that passes costs one record instead of two (bench_preload). A
 * pid may come back for another process within a task: its X closes what the earlier process
 * ran, which is why a process that execs again writes E, not X.
 *
 * Version 1 (shims before this one) wrote X for E too, a W for every end, and "Q <ns> <pid>
 * <wait status>" when a process called exit(); the reader still reads it.
 *
 * Why a file and not a socket: the path travels in the environment and survives children that
 * close every descriptor; each record is opened, written with one write(2) and closed, so no
 * descriptor of ours can be closed or reused under us. O_APPEND makes concurrent writes land
 * whole. Everything here is async-signal-safe and uses the stack only: a record is built in a
 * buffer just as large as most records need (sys.h says why touching little memory matters). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>

#include "shim.h"
#include "sys.h"

/* Most command lines fit in SHORT_RECORD; a longer one is built again in SHIM_RECORD_MAX, in a
 * frame of its own, so that the common case leaves that much stack untouched. */
#define SHORT_RECORD  256
#define STATUS_RECORD 96 /* "W <ns> <pid>.<n> <wait status>" and the like */

typedef struct line {
    char *buf;
    size_t cap;
    size_t len;
    bool full; /* something did not fit: the rest is dropped */
} line;

static void put_char(line *l, char c)
{
    if (l->len + 1 >= l->cap) { /* one byte stays free for the newline */
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

/* Written out rather than strchr(): no libc page to fault in before an exec (sys.h). */
static bool shell_safe_char(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '_':
    case '@':
    case '%':
    case '+':
    case '=':
    case ':':
    case ',':
    case '.':
    case '/':
    case '-': return true;
    default: return false;
    }
}

static bool shell_safe(const char *arg)
{
    if (!*arg)
        return false;
    for (; *arg; arg++)
        if (!shell_safe_char(*arg))
            return false;
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

/* Appends the record to the channel. The descriptor is returned open when the caller will not
 * need it closed (an exec closes it, being O_CLOEXEC; an exit closes everything), -1 otherwise. */
static int write_record(line *l, bool leave_open)
{
    if (!shim.channel)
        return -1;
    l->buf[l->len++] = '\n';
    int fd =
        shim_sys_open(shim.channel, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0);
    if (fd < 0)
        return -1;
    /* A short or failed write loses one record; retrying could interleave with others. */
    (void)shim_sys_write(fd, l->buf, l->len);
    if (leave_open)
        return fd;
    shim_sys_close(fd);
    return -1;
}

static void put_exec(line *l, char type, int64_t at_ns, pid_t pid, unsigned token, const char *path,
                     char *const argv[])
{
    put_head(l, type, at_ns, pid, token);
    put_char(l, ' ');
    put_command(l, path, argv);
}

__attribute__((noinline)) static int report_long_exec(char type, int64_t at_ns, pid_t pid,
                                                      unsigned token, const char *path,
                                                      char *const argv[], bool before_exec)
{
    char buf[SHIM_RECORD_MAX];
    line l = {buf, sizeof buf, 0, false};
    put_exec(&l, type, at_ns, pid, token, path, argv);
    return write_record(&l, before_exec);
}

int shim_report_exec(char type, int64_t at_ns, pid_t pid, unsigned token, const char *path,
                     char *const argv[], bool before_exec)
{
    char buf[SHORT_RECORD];
    line l = {buf, sizeof buf, 0, false};
    put_exec(&l, type, at_ns, pid, token, path, argv);
    if (l.full)
        return report_long_exec(type, at_ns, pid, token, path, argv, before_exec);
    return write_record(&l, before_exec);
}

void shim_report_exec_failed(pid_t pid, unsigned token, int fd)
{
    char buf[STATUS_RECORD];
    line l = {buf, sizeof buf, 0, false};
    put_head(&l, 'F', shim_now_ns(), pid, token);
    if (fd < 0) {
        write_record(&l, false);
        return;
    }
    l.buf[l.len++] = '\n';
    (void)shim_sys_write(fd, l.buf, l.len);
    shim_sys_close(fd);
}

static void report_status(char type, pid_t pid, unsigned token, int wait_status)
{
    char buf[STATUS_RECORD];
    line l = {buf, sizeof buf, 0, false};
    put_head(&l, type, shim_now_ns(), pid, token);
    put_char(&l, ' ');
    put_number(&l, wait_status);
    write_record(&l, type == 'Z'); /* Z: the process is exiting */
}

void shim_report_end(pid_t pid, unsigned token, int wait_status)
{
    if (wait_status != 0) /* an exit 0 is what no end means (above) */
        report_status('W', pid, token, wait_status);
}

void shim_report_root_begin(pid_t pid, const char *program)
{
    char buf[SHIM_RECORD_MAX];
    line l = {buf, sizeof buf, 0, false};
    put_head(&l, 'R', shim_now_ns(), pid, 0);
    put_char(&l, ' ');
    put_arg(&l, program);
    write_record(&l, false);
}

void shim_report_root_end(pid_t pid, int wait_status)
{
    report_status('Z', pid, 0, wait_status);
}

/* Through sys.h too, although only a new root makes a channel: a libc function linked here would
 * be looked up in every process at load (root.c says why that counts). */
bool shim_channel_create(const char *path)
{
    int fd =
        shim_sys_open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return false;
    bool ok = shim_sys_write(fd, MT_CHANNEL_HEADER, sizeof MT_CHANNEL_HEADER - 1) ==
              (long)(sizeof MT_CHANNEL_HEADER - 1);
    shim_sys_close(fd);
    if (!ok)
        shim_sys_unlink(path);
    return ok;
}
