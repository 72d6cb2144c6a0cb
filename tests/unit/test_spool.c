/* The spool on a real directory: durable appends, claims, settling by fate, quarantine, bounds,
 * recovery of a dead flusher's claim (a real forked process), and flushing through the
 * submitter (driven by the test-double transport, so no server is needed here). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "events.h"
#include "fake_transport.h"
#include "spool_internal.h"

typedef struct fixture {
    char dir[64];
    mt_spool *spool;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/mosaic-spool-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    mt_logger quiet = {MOSAIC_LOG_OFF, NULL, NULL};
    if (mt_spool_open(f->dir, NULL, &quiet, &f->spool, NULL, 0) != MOSAIC_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    mt_spool_close(f->spool);
    char command[128];
    snprintf(command, sizeof command, "rm -rf %s", f->dir);
    if (system(command) != 0)
        return -1;
    free(f);
    return 0;
}

static size_t files_in(const fixture *f, const char *sub)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", f->dir, sub);
    DIR *dir = opendir(path);
    size_t n = 0;
    for (struct dirent *e; dir && (e = readdir(dir));)
        n += e->d_name[0] != '.';
    if (dir)
        closedir(dir);
    return n;
}

static void append_events(fixture *f, size_t files, size_t per_file)
{
    for (size_t i = 0; i < files; i++) {
        mosaic_event events[8];
        for (size_t k = 0; k < per_file; k++) {
            mosaic_event *e = test_event();
            events[k] = *e;
            mosaic_event_free(e);
        }
        char err[256] = "";
        assert_int_equal(mt_spool_append(f->spool, events, per_file, err, sizeof err), MOSAIC_OK);
    }
}

/* Appends each group of per_file events and seals it: one pending file per group. */
static void append_files(fixture *f, size_t files, size_t per_file)
{
    for (size_t i = 0; i < files; i++) {
        append_events(f, 1, per_file);
        mt_spool_segment_seal(f->spool);
    }
}

static mt_spool_status status_of(fixture *f)
{
    mt_spool_status st;
    assert_int_equal(mt_spool_get_status(f->spool, &st), MOSAIC_OK);
    return st;
}

/* The one pending file's parsed name (there must be exactly one). */
static mt_spool_name the_pending_file(const fixture *f)
{
    char path[160];
    snprintf(path, sizeof path, "%s/pending", f->dir);
    DIR *dir = opendir(path);
    struct dirent *e;
    mt_spool_name name = {0};
    size_t n = 0;
    while (dir && (e = readdir(dir)))
        n += e->d_name[0] != '.' && mt_spool_name_parse(e->d_name, &name);
    if (dir)
        closedir(dir);
    assert_int_equal(n, 1);
    return name;
}

static void a_name_claiming_more_events_than_its_file_holds_is_not_believed(void **state)
{
    fixture *f = *state;
    append_files(f, 1, 2);
    mt_spool_name name = the_pending_file(f);
    char from[192], to[192];
    snprintf(from, sizeof from, "%s/pending/%s", f->dir, name.text);
    snprintf(to, sizeof to, "%s/pending/%013lld-00000000000000aa-999999999999.jsonl", f->dir,
             (long long)name.unix_ms);
    assert_int_equal(rename(from, to), 0);
    assert_int_equal(status_of(f).events, 2);
}

static void appends_share_the_open_segment_until_it_is_sealed(void **state)
{
    fixture *f = *state;
    append_events(f, 2, 3);
    assert_int_equal(files_in(f, "pending"), 0);
    assert_int_equal(files_in(f, "open"), 1);
    assert_int_equal(status_of(f).events, 6); /* counted where they wait */
    mt_spool_segment_seal(f->spool);
    assert_int_equal(files_in(f, "open"), 0);
    assert_int_equal(files_in(f, "tmp"), 0);
    mt_spool_name name = the_pending_file(f);
    assert_int_equal(name.events, 6);
    assert_true(name.unix_ms > 0 && mt_realtime_ms() - name.unix_ms < 60000);
    char path[160];
    struct stat st;
    snprintf(path, sizeof path, "%s/pending/%s", f->dir, name.text);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(stat(f->dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_int_equal(status_of(f).events, 6);
}

static void a_segment_seals_itself_at_a_requests_worth(void **state)
{
    fixture *f = *state;
    append_events(f, 101, 1);
    assert_int_equal(the_pending_file(f).events, 100);
    assert_int_equal(files_in(f, "open"), 1); /* the 101st began the next */
    assert_int_equal(status_of(f).events, 101);
}

static void a_line_cut_short_by_a_dead_writer_is_dropped(void **state)
{
    fixture *f = *state;
    append_events(f, 1, 2);
    char path[160];
    snprintf(path, sizeof path, "%s/open/events.jsonl", f->dir);
    FILE *segment = fopen(path, "a");
    fputs("{\"event_id\":\"half of an ev", segment); /* what a writer killed mid-write leaves */
    fclose(segment);
    assert_int_equal(status_of(f).events, 2);
    append_events(f, 1, 1); /* lands on a clean line */
    mt_spool_batch *batch;
    assert_int_equal(mt_spool_claim(f->spool, 100, &batch), MOSAIC_OK);
    assert_int_equal(mt_spool_batch_size(batch), 3);
    mt_spool_settle(f->spool, batch,
                    (mt_fate[]){MT_FATE_ACCEPTED, MT_FATE_ACCEPTED, MT_FATE_ACCEPTED});
    assert_int_equal(files_in(f, "quarantine"), 0);
}

static void settle_all_accepted(fixture *f, mt_spool_batch *batch)
{
    size_t n = mt_spool_batch_size(batch);
    mt_fate *fates = malloc(n * sizeof *fates);
    for (size_t i = 0; i < n; i++)
        fates[i] = MT_FATE_ACCEPTED;
    mt_spool_settle(f->spool, batch, fates);
    free(fates);
}

static void a_segment_held_by_a_stopped_process_is_bypassed(void **state)
{
    fixture *f = *state;
    append_events(f, 1, 1);
    char path[160];
    snprintf(path, sizeof path, "%s/open/events.jsonl", f->dir);
    int holder = open(path, O_RDWR); /* another open file: flock treats it as another holder */
    assert_int_equal(flock(holder, LOCK_EX), 0);
    int64_t t0 = mt_monotonic_ms();
    append_events(f, 1, 1);
    int64_t waited = mt_monotonic_ms() - t0;
    assert_true(waited >= 150 && waited < 5000); /* gave up after its bound, did not hang */
    assert_int_equal(files_in(f, "pending"), 1); /* the event went in a file of its own */
    close(holder);
    assert_int_equal(status_of(f).events, 2);
}

static void the_segment_grows_while_older_files_fill_a_claim(void **state)
{
    fixture *f = *state;
    append_files(f, 13, 8); /* 104 events in sealed files */
    append_events(f, 1, 1); /* and one in the open segment */
    mt_spool_batch *batch;
    assert_int_equal(mt_spool_claim(f->spool, 100, &batch), MOSAIC_OK);
    assert_int_equal(mt_spool_batch_size(batch), 96); /* 12 files: a 13th would pass 100 */
    assert_int_equal(files_in(f, "open"), 1);
    settle_all_accepted(f, batch);
    assert_int_equal(mt_spool_claim(f->spool, 100, &batch), MOSAIC_OK);
    assert_int_equal(mt_spool_batch_size(batch), 9); /* too few left: the segment was sealed */
    assert_int_equal(files_in(f, "open"), 0);
    settle_all_accepted(f, batch);
    assert_int_equal(status_of(f).events, 0);
}

static void claim_takes_the_oldest_whole_files_up_to_the_limit(void **state)
{
    fixture *f = *state;
    append_files(f, 4, 2);
    mt_spool_batch *batch;
    assert_int_equal(mt_spool_claim(f->spool, 5, &batch), MOSAIC_OK);
    assert_int_equal(mt_spool_batch_size(batch), 4); /* two files: a third would pass 5 */
    assert_int_equal(status_of(f).events, 4);
    assert_int_equal(status_of(f).claimed, 4);
    mt_fate fates[4] = {MT_FATE_ACCEPTED, MT_FATE_DUPLICATE, MT_FATE_REJECTED, MT_FATE_DROPPED};
    mt_spool_settle(f->spool, batch, fates);
    assert_int_equal(status_of(f).events, 4);
    assert_int_equal(status_of(f).claimed, 0);
}

static void kept_events_return_and_settled_ones_are_gone(void **state)
{
    fixture *f = *state;
    append_events(f, 1, 3);
    mt_spool_batch *batch;
    mt_spool_claim(f->spool, 10, &batch);
    char kept_id[37];
    strcpy(kept_id, mt_spool_batch_events(batch)[1].event_id);
    mt_fate fates[3] = {MT_FATE_ACCEPTED, MT_FATE_KEPT, MT_FATE_ACCEPTED};
    mt_spool_settle(f->spool, batch, fates);
    assert_int_equal(status_of(f).events, 1);
    mt_spool_claim(f->spool, 10, &batch);
    assert_int_equal(mt_spool_batch_size(batch), 1);
    assert_string_equal(mt_spool_batch_events(batch)[0].event_id, kept_id);
    mt_spool_settle(f->spool, batch, NULL); /* NULL: all kept, the file goes back as it is */
    assert_int_equal(status_of(f).events, 1);
}

static void write_raw(fixture *f, const char *name, const char *content)
{
    char path[200];
    snprintf(path, sizeof path, "%s/pending/%s", f->dir, name);
    FILE *out = fopen(path, "w");
    fputs(content, out);
    fclose(out);
}

static void unreadable_files_are_quarantined_and_the_rest_goes(void **state)
{
    fixture *f = *state;
    append_events(f, 2, 1);
    mosaic_event *e = test_event();
    char *json = mosaic_event_to_json(e);
    char truncated[64];
    snprintf(truncated, sizeof truncated, "%.40s", json); /* no newline: cut short */
    write_raw(f, "0000000000001-00000000000000aa-1.jsonl", truncated);
    write_raw(f, "0000000000002-00000000000000bb-1.jsonl", "garbage, not json\n");
    write_raw(f, "0000000000003-00000000000000cc-2.jsonl", "{}\n");
    mosaic_free(json);
    mosaic_event_free(e);

    mt_spool_batch *batch;
    assert_int_equal(mt_spool_claim(f->spool, 100, &batch), MOSAIC_OK);
    assert_int_equal(mt_spool_batch_size(batch), 2); /* both good files */
    mt_spool_settle(f->spool, batch, (mt_fate[]){MT_FATE_ACCEPTED, MT_FATE_ACCEPTED});
    assert_int_equal(files_in(f, "quarantine"), 3);
    mt_spool_status st = status_of(f);
    assert_int_equal(st.quarantined, 3);
    assert_int_equal(st.events, 0);
}

static void the_oldest_go_when_a_bound_is_passed(void **state)
{
    fixture *f = *state;
    mt_spool_close(f->spool);
    mt_spool_limits limits = {5, 1 << 20, 3600 * 1000};
    mt_logger quiet = {MOSAIC_LOG_OFF, NULL, NULL};
    assert_int_equal(mt_spool_open(f->dir, &limits, &quiet, &f->spool, NULL, 0), MOSAIC_OK);
    char ids[8][37];
    for (size_t i = 0; i < 8; i++) { /* into the open segment: evicted from inside a file */
        mosaic_event *e = test_event();
        strcpy(ids[i], e->event_id);
        assert_int_equal(mt_spool_append(f->spool, e, 1, NULL, 0), MOSAIC_OK);
        mosaic_event_free(e);
    }
    write_raw(f, "0000000000001-00000000000000aa-1.jsonl", "{}\n"); /* 1970: over the age */
    assert_int_equal(mt_spool_prune(f->spool), MOSAIC_OK);
    mt_spool_status st = status_of(f);
    assert_int_equal(st.events, 5);
    assert_int_equal(st.evicted, 4); /* the ancient one and the three oldest appends */
    assert_true(st.oldest_age_ms >= 0 && st.oldest_age_ms < 60000);
    mt_spool_batch *batch;
    assert_int_equal(mt_spool_claim(f->spool, 100, &batch), MOSAIC_OK);
    assert_int_equal(mt_spool_batch_size(batch), 5);
    for (size_t i = 0; i < 5; i++) /* the newest five, in order */
        assert_string_equal(mt_spool_batch_events(batch)[i].event_id, ids[3 + i]);
    mt_spool_settle(f->spool, batch, NULL);
}

static void a_dead_flushers_claim_comes_back(void **state)
{
    fixture *f = *state;
    append_files(f, 3, 1);
    pid_t pid = fork();
    if (pid == 0) { /* a flusher that claims and dies without settling */
        mt_spool *other;
        mt_logger quiet = {MOSAIC_LOG_OFF, NULL, NULL};
        mt_spool_batch *batch;
        if (mt_spool_open(f->dir, NULL, &quiet, &other, NULL, 0) != MOSAIC_OK ||
            mt_spool_claim(other, 100, &batch) != MOSAIC_OK || mt_spool_batch_size(batch) != 3)
            _exit(1);
        _exit(0); /* like kill -9: no settle, no close */
    }
    int status;
    waitpid(pid, &status, 0);
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(files_in(f, "pending"), 0);
    assert_int_equal(mt_spool_prune(f->spool), MOSAIC_OK); /* recovers dead claims */
    assert_int_equal(files_in(f, "pending"), 3);
    assert_int_equal(files_in(f, "claims"), 0);
}

static void a_live_flushers_claim_is_left_alone(void **state)
{
    fixture *f = *state;
    append_events(f, 2, 1);
    mt_spool *other;
    mt_logger quiet = {MOSAIC_LOG_OFF, NULL, NULL};
    mt_spool_batch *batch;
    assert_int_equal(mt_spool_open(f->dir, NULL, &quiet, &other, NULL, 0), MOSAIC_OK);
    assert_int_equal(mt_spool_claim(other, 100, &batch), MOSAIC_OK);
    assert_int_equal(mt_spool_prune(f->spool), MOSAIC_OK);
    assert_int_equal(files_in(f, "pending"), 0); /* its lock is held: not recovered */
    mt_spool_settle(other, batch, (mt_fate[]){MT_FATE_ACCEPTED, MT_FATE_ACCEPTED});
    mt_spool_close(other);
    assert_int_equal(files_in(f, "claims"), 0);
}

static void an_unwritable_directory_is_a_clear_error(void **state)
{
    fixture *f = *state;
    char file[128], dir[160], err[300] = "";
    snprintf(file, sizeof file, "%s/plain-file", f->dir);
    fclose(fopen(file, "w"));
    snprintf(dir, sizeof dir, "%s/spool", file); /* under a file: fails even for root */
    mt_spool *spool = NULL;
    assert_int_not_equal(mt_spool_open(dir, NULL, NULL, &spool, err, sizeof err), MOSAIC_OK);
    assert_null(spool);
    assert_non_null(strstr(err, "spool_dir"));
    assert_non_null(strstr(err, dir));
    assert_non_null(strstr(err, "Not a directory"));
}

static void the_default_directory_follows_xdg(void **state)
{
    (void)state;
    char dir[256];
    setenv("XDG_STATE_HOME", "/x/state", 1);
    assert_true(mt_spool_default_dir(dir, sizeof dir));
    assert_string_equal(dir, "/x/state/mosaic-telemetry/spool");
    unsetenv("XDG_STATE_HOME");
    setenv("HOME", "/home/u", 1);
    assert_true(mt_spool_default_dir(dir, sizeof dir));
    assert_string_equal(dir, "/home/u/.local/state/mosaic-telemetry/spool");
}

static void init_submitter(mt_submitter *sub, fake_transport *t)
{
    static mt_logger quiet = {MOSAIC_LOG_OFF, NULL, NULL};
    memset(sub, 0, sizeof *sub);
    sub->sender = (mt_sender){.transport = &t->base,
                              .log = &quiet,
                              .clock = mt_system_clock,
                              .max_retries = 0,
                              .backoff_base_ms = 1,
                              .backoff_cap_ms = 1,
                              .what = "events"};
    sub->url = "http://127.0.0.1:1/v1/events/batch";
    sub->api_key = TEST_API_KEY;
}

static void flush_sends_everything_in_batches(void **state)
{
    fixture *f = *state;
    append_files(f, 1, 7); /* one file larger than a request */
    append_files(f, 2, 1);
    static const fake_reply ok[] = {{204, NULL, false, NULL}};
    fake_transport t;
    fake_transport_init(&t, ok, 1);
    mt_submitter sub;
    init_submitter(&sub, &t);
    mt_spool_flush_result r;
    assert_int_equal(mt_spool_flush(f->spool, &sub, 3, NULL, &r), MOSAIC_OK);
    assert_int_equal(r.accepted, 9);
    size_t sent = 0; /* the 7-event file goes as 3 + 3 + 1; the order of files may vary */
    for (size_t i = 0; i < t.n_requests; i++) {
        size_t n = count_substr(t.requests[i].body, "\"event_id\"");
        assert_true(n >= 1 && n <= 3);
        sent += n;
    }
    assert_int_equal(sent, 9);
    assert_true(t.n_requests == 4 || t.n_requests == 5);
    assert_int_equal(status_of(f).events, 0);
    fake_transport_free(&t);
}

static void a_failing_server_keeps_everything_and_says_why(void **state)
{
    fixture *f = *state;
    append_events(f, 2, 2);
    static const fake_reply down[] = {{503, NULL, false, NULL}};
    fake_transport t;
    fake_transport_init(&t, down, 1);
    mt_submitter sub;
    init_submitter(&sub, &t);
    mt_spool_flush_result r;
    assert_int_equal(mt_spool_flush(f->spool, &sub, 100, NULL, &r), MOSAIC_ERR_PENDING);
    assert_int_equal(r.kept, 4);
    mt_spool_status st = status_of(f);
    assert_int_equal(st.events, 4);
    assert_non_null(strstr(st.last_error, "4 events kept"));
    fake_transport_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(appends_share_the_open_segment_until_it_is_sealed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            a_name_claiming_more_events_than_its_file_holds_is_not_believed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_segment_seals_itself_at_a_requests_worth, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_line_cut_short_by_a_dead_writer_is_dropped, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_segment_grows_while_older_files_fill_a_claim, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_segment_held_by_a_stopped_process_is_bypassed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(claim_takes_the_oldest_whole_files_up_to_the_limit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(kept_events_return_and_settled_ones_are_gone, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(unreadable_files_are_quarantined_and_the_rest_goes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_oldest_go_when_a_bound_is_passed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_dead_flushers_claim_comes_back, setup, teardown),
        cmocka_unit_test_setup_teardown(a_live_flushers_claim_is_left_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(an_unwritable_directory_is_a_clear_error, setup, teardown),
        cmocka_unit_test(the_default_directory_follows_xdg),
        cmocka_unit_test_setup_teardown(flush_sends_everything_in_batches, setup, teardown),
        cmocka_unit_test_setup_teardown(a_failing_server_keeps_everything_and_says_why, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("unit/spool", tests, NULL, NULL);
}
