/* The local history as the command's flushes feed it (docs/history.md): opened where the spool is
 * drained, told of each batch before it is sent and of its fates before the spool lets go. */
#ifndef CLI_HISTORY_FEED_H
#define CLI_HISTORY_FEED_H

#include "hist_db.h"
#include "host.h"
#include "spool.h"

/* Whether the config's history setting (MOSAIC_TELEMETRY_HISTORY) leaves the history on. */
bool cli_history_on(const mosaic_config *config);

/* The commands that record (track, flush) refuse a history setting the history would refuse,
 * before anything is stored: CLI_USAGE after its one line under cmd's name, else CLI_OK. The
 * library and the hooks do not: a bad setting keeps the events in the spool, and the flush
 * says why (docs/history.md). */
int cli_history_setting_check(const char *cmd, const mosaic_config *config);

/* Opens the history for writing (made when missing), after dropping what is past the retention
 * bound. *out NULL when the history is off. CLI_OK, or CLI_FAIL with the one-line reason in err
 * ("history <path>: ..."). */
int cli_history_open_writer(hist_db **out, char *err, size_t errlen);

/* Opens the history for `report` and `history` (made when missing only with create). CLI_OK,
 * or CLI_FAIL after one line under cmd's name (the history is off, missing, unreadable). */
int cli_history_open(const char *cmd, bool create, hist_db **out);

/* The observer that records a flush's batches into db (mt_spool_flush_observed). */
mt_spool_observer cli_history_observer(hist_db *db);

/* No server to send to: moves what the spool holds into the history, unsent, batch after
 * batch; a batch the history could not take stays in the spool (false, err). *moved: events. */
bool cli_history_drain(mt_spool *spool, hist_db *db, size_t batch_size, uint64_t *moved, char *err,
                       size_t errlen);

/* A server configured: the events the history keeps unsent whose timestamp is at since_ms or
 * later (what the spool would still have kept) go back into the spool, oldest first, batch after
 * batch, at most max_events, and become pending. False (err) when the history or the spool
 * failed; what was not spooled stays unsent. *respooled: events. */
bool cli_history_respool(mt_spool *spool, hist_db *db, int64_t since_ms, size_t batch_size,
                         size_t max_events, uint64_t *respooled, char *err, size_t errlen);

/* Takes in the spool's delivered record (spool.h: what a library client sent by itself): each
 * file's events, recorded with the delivery its name gives, then the file goes. A file the
 * history could not take stays for the next time (false, err); an unreadable one is set aside
 * with a ".bad" suffix. *taken: events. */
bool cli_history_take_delivered(const char *spool_dir, hist_db *db, uint64_t *taken, char *err,
                                size_t errlen);

/* Before a report: the delivered record of the spool the config (or --spool-dir) names, taken
 * in, so that what a library client sent shows without waiting for a flush. Quiet and best
 * effort: a report reads what there is. */
void cli_history_catch_up(const kit_host *host);

/* True when the config names no server: the events then only go to the history. */
bool cli_no_server(const mosaic_config *config);

#endif
