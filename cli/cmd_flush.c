/* `flush`: sends what the spool holds and says what became of it; `--background` hands the work
 * to a detached child, and a lock file keeps background flushers to one at a time. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "estimates.h"
#include "history_feed.h"
#include "values.h"

#define CMD               "flush"
#define DEFAULT_TIMEOUT_S 30.0
#define MAX_TIMEOUT_S     86400.0
#define MAX_ROUNDS        8 /* a background flusher's passes while tasks keep ending */
#define LOCK_FILE         "flusher.lock"

static const cli_flag FLAGS[] = {
    {"timeout", "SECONDS", "give up after this long, keeping what was not sent (default 30)"},
    {"background", NULL, "detach at once and flush in a child process (one at a time)"},
    CLI_SPOOL_DIR_FLAG,
};

static const cli_spec SPEC = {
    CMD,
    "[--timeout SECONDS] [--background]",
    "Sends the events the spool holds, in batches, and prints what was sent, duplicate,\n"
    "rejected, dropped and kept. Exits 0 when nothing was kept, 1 otherwise (the kept events\n"
    "stay in the spool for the next flush).",
    FLAGS,
    sizeof FLAGS / sizeof *FLAGS,
};

/* No server configured, the history on: what the spool holds goes to the history alone. */
static int move_to_history(mt_spool *spool, const mosaic_config *config)
{
    char err[512] = "";
    hist_db *history = NULL;
    uint64_t moved = 0;
    uint64_t taken = 0;
    bool ok = cli_history_open_writer(&history, err, sizeof err) == CLI_OK && history &&
              cli_history_take_delivered(mt_spool_dir(spool), history, &taken, err, sizeof err) &&
              cli_history_drain(spool, history, config->batch_size, &moved, err, sizeof err);
    printf("no server configured: %llu events kept in the history%s%s\n", (unsigned long long)moved,
           history ? " " : "", history ? hist_db_path(history) : "");
    fflush(stdout);
    hist_close(history);
    if (ok)
        return CLI_OK;
    mt_spool_note_error(spool, err);
    cli_error(CMD, "%s; what is left stays in the spool", err);
    return CLI_FAIL;
}

static int flush_now(const cli_globals *globals, const cli_args *args, const mosaic_config *config,
                     double timeout_s)
{
    mt_spool *spool = NULL;
    int status = kit_spool_open(CMD, cli_arg(args, "spool-dir"), &globals->host, config, &spool);
    if (status != CLI_OK)
        return status;
    if (cli_no_server(config)) {
        status = move_to_history(spool, config);
        mt_spool_close(spool);
        return status;
    }
    mt_spool_flush_result r;
    char why[256];
    mosaic_status sent =
        cli_flush_spool(config, spool, (int64_t)(timeout_s * 1000.0), &r, why, sizeof why);
    mt_spool_close(spool);
    printf("sent %llu, duplicate %llu, rejected %llu, dropped %llu, kept %llu",
           (unsigned long long)r.accepted, (unsigned long long)r.duplicates,
           (unsigned long long)r.rejected, (unsigned long long)r.dropped,
           (unsigned long long)r.kept);
    if (r.resent) /* docs/protocol.md, "Enums" */
        printf(" (%llu sent again with documented values)", (unsigned long long)r.resent);
    printf("\n");
    fflush(stdout);
    if (sent == MOSAIC_OK && r.kept == 0)
        return CLI_OK;
    cli_error(CMD, "not everything was sent (%s%s%s); what is left stays in the spool",
              mosaic_status_str(sent), why[0] ? ": " : "", why);
    return CLI_FAIL;
}

/* Events the spool holds now (0 when it cannot be read). */
static size_t pending_events(const cli_globals *globals, const cli_args *args,
                             const mosaic_config *config)
{
    mt_spool *spool = NULL;
    mt_spool_status st = {0};
    if (kit_spool_open(CMD, cli_arg(args, "spool-dir"), &globals->host, config, &spool) == CLI_OK)
        mt_spool_get_status(spool, &st);
    mt_spool_close(spool);
    return st.events;
}

/* The lock on <spool>/flusher.lock, taken without waiting: -1 (printed) on an error, 0 when
 * another flusher holds it, else the descriptor that holds it. */
static int take_flusher_lock(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" LOCK_FILE, dir);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        cli_error(CMD, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) == 0)
        return fd;
    int saved = errno;
    close(fd);
    if (saved == EWOULDBLOCK)
        return 0;
    cli_error(CMD, "cannot lock %s: %s", path, strerror(saved));
    return -1;
}

/* The child of --background: its own session, no terminal, the lock inherited. */
static void detach_child(void)
{
    setsid();
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
        dup2(devnull, STDERR_FILENO);
        if (devnull > STDERR_FILENO)
            close(devnull);
    }
}

/* The background flusher's work, holding the lock. Hooks and `run` start it after each task, so
 * it also fetches the predictions their tasks found missing (estimates.h). A task that ended
 * while it ran found the lock taken and left its event to it: so it lets go of the lock and then
 * looks again, and goes on while events wait and no other flusher took the lock in between
 * (that one will send them). */
static int flush_rounds(const cli_globals *globals, const cli_args *args,
                        const mosaic_config *config, double timeout_s, const char *dir, int lock)
{
    int status = CLI_OK;
    for (int round = 0; round < MAX_ROUNDS && lock > 0; round++) {
        status = flush_now(globals, args, config, timeout_s);
        if (!cli_no_server(config))
            kit_estimates_refresh(config, dir);
        close(lock);
        lock = status == CLI_OK && pending_events(globals, args, config) > 0
                   ? take_flusher_lock(dir)
                   : 0;
    }
    if (lock > 0)
        close(lock);
    return status;
}

static int flush_background(const cli_globals *globals, const cli_args *args,
                            const mosaic_config *config, double timeout_s)
{
    /* Opening the spool creates it and proves it writable, so that the parent can still report
     * a bad directory; the child opens it again as a process of its own. */
    mt_spool *spool = NULL;
    int status = kit_spool_open(CMD, cli_arg(args, "spool-dir"), &globals->host, config, &spool);
    if (status != CLI_OK)
        return status;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", mt_spool_dir(spool));
    mt_spool_close(spool);
    int lock = take_flusher_lock(dir);
    if (lock <= 0) {
        if (lock == 0)
            printf("a flusher is already running\n");
        return lock == 0 ? CLI_OK : CLI_FAIL;
    }
    fflush(NULL); /* the child must not write the parent's buffered output again */
    pid_t pid = fork();
    if (pid < 0) {
        cli_error(CMD, "cannot start a background flusher: %s", strerror(errno));
        return CLI_FAIL;
    }
    if (pid > 0) {
        close(lock); /* the child's copy of the descriptor holds the lock now */
        return CLI_OK;
    }
    detach_child();
    _exit(flush_rounds(globals, args, config, timeout_s, dir, lock));
}

static int flush(const cli_globals *globals, const cli_args *args)
{
    double timeout_s = DEFAULT_TIMEOUT_S;
    const char *timeout_text = cli_arg(args, "timeout");
    if (timeout_text && !cli_parse_decimal(CMD, "--timeout", timeout_text, &timeout_s))
        return CLI_USAGE;
    if (timeout_s > MAX_TIMEOUT_S) {
        cli_error(CMD, "--timeout: must be at most %.0f seconds, got '%s'", MAX_TIMEOUT_S,
                  timeout_text);
        return CLI_USAGE;
    }
    mosaic_config *config = NULL;
    /* Without a server, a flush with the history on needs only what recording needs. */
    int status = kit_config_load(CMD, false, &config);
    if (status == CLI_OK && mosaic_config_get_enabled(config) &&
        !(cli_no_server(config) && cli_history_on(config))) {
        mosaic_config_free(config);
        status = kit_config_load(CMD, true, &config);
    }
    if (status == CLI_OK && (status = cli_history_setting_check(CMD, config)) != CLI_OK)
        mosaic_config_free(config);
    if (status != CLI_OK)
        return status;
    if (!mosaic_config_get_enabled(config)) {
        cli_error(CMD, "telemetry is disabled (MOSAIC_TELEMETRY_ENABLED): nothing sent");
        status = CLI_OK;
    } else if (cli_arg(args, "background")) {
        status = flush_background(globals, args, config, timeout_s);
    } else {
        status = flush_now(globals, args, config, timeout_s);
    }
    mosaic_config_free(config);
    return status;
}

int cli_cmd_flush(const cli_globals *globals, int argc, char **argv)
{
    cli_args args;
    int status = cli_args_parse(&SPEC, argc, argv, &args);
    return status == CLI_OK ? flush(globals, &args) : status;
}
