/* What a session has counted (adapters/kit/seen_set.h): responses by pair and by id, side files'
 * offsets, and the committed length that decides what a reload trusts, so that a crash between
 * the seen file's write and the state's cannot leave a response marked seen but never counted.
 * A real file in a fresh directory per test. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "seen_set.h"
#include "temp_dir.h"

/* The file's record: kind and flags (32 bits each), then two 64-bit keys. The file outlives the
 * program that wrote it, so its size is part of what is tested. */
#define RECORD 24u

typedef struct fixture {
    char dir[TEMP_DIR_PATH_MAX];
    char path[TEMP_DIR_PATH_MAX]; /* <dir>/session.seen, not made */
} fixture;

static int setup(void **state)
{
    fixture *f = temp_fixture_new(sizeof *f, "kit-seen");
    if (!f)
        return -1;
    temp_path(f->path, f->dir, "session.seen");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    return temp_fixture_free(*state);
}

static kit_seen *load(const fixture *f, uint64_t committed)
{
    kit_seen *seen = kit_seen_load(f->path, committed);
    assert_non_null(seen);
    return seen;
}

/* Commits and returns the committed length, checking that the file holds exactly that. */
static uint64_t commit(const fixture *f, kit_seen *seen)
{
    uint64_t committed = UINT64_MAX;
    char err[256] = "";
    if (!kit_seen_commit(seen, &committed, err, sizeof err))
        fail_msg("commit: %s", err);
    size_t size = 0;
    free(file_get(f->path, &size));
    assert_int_equal(size, kit_seen_bytes(committed));
    return committed;
}

static void an_empty_set_knows_nothing_and_writes_nothing(void **state)
{
    fixture *f = *state;
    kit_seen *seen = load(f, 0);
    assert_false(kit_seen_has_pair(seen, 0x1234));
    assert_int_equal(kit_seen_id_flags(seen, 0x1234), 0);
    assert_false(kit_seen_known(seen, "/t/agent.jsonl"));
    assert_int_equal(kit_seen_offset(seen, "/t/agent.jsonl"), 0);
    uint64_t committed = 99;
    char err[256] = "";
    assert_true(kit_seen_commit(seen, &committed, err, sizeof err));
    assert_int_equal(committed, 0);
    assert_false(file_exists(f->path));
    kit_seen_free(seen);
}

static void an_added_response_is_known_by_its_pair_and_its_id(void **state)
{
    fixture *f = *state;
    kit_seen *seen = load(f, 0);
    kit_seen_add(seen, 0xA1, 0xB1, 0);
    assert_true(kit_seen_has_pair(seen, 0xA1));
    assert_false(kit_seen_has_pair(seen, 0xB1)); /* an id is not a pair */
    assert_false(kit_seen_has_pair(seen, 0xA2));
    assert_int_equal(kit_seen_id_flags(seen, 0xB1), KIT_SEEN_ID_KNOWN);
    assert_int_equal(kit_seen_id_flags(seen, 0xA1), 0);
    kit_seen_free(seen);
}

static void an_ids_flags_are_ored_over_its_responses(void **state)
{
    fixture *f = *state;
    kit_seen *seen = load(f, 0);
    kit_seen_add(seen, 0xA1, 0xB1, 0x1);
    kit_seen_add(seen, 0xA2, 0xB1, 0x4);
    kit_seen_add(seen, 0xA3, 0xB2, 0x8);
    kit_seen_add(seen, 0xA4, 0xB3, 0x10002); /* past bit 15: not the adapter's to set */
    assert_int_equal(kit_seen_id_flags(seen, 0xB1), 0x5 | KIT_SEEN_ID_KNOWN);
    assert_int_equal(kit_seen_id_flags(seen, 0xB2), 0x8 | KIT_SEEN_ID_KNOWN);
    assert_int_equal(kit_seen_id_flags(seen, 0xB3), 0x2 | KIT_SEEN_ID_KNOWN);
    assert_int_equal(kit_seen_id_flags(seen, 0xB4), 0);
    kit_seen_free(seen);
}

static void a_reload_with_the_committed_length_sees_everything(void **state)
{
    fixture *f = *state;
    kit_seen *seen = load(f, 0);
    kit_seen_add(seen, 0xA1, 0xB1, 0x1);
    kit_seen_add(seen, 0xA2, 0xB1, 0x2);
    kit_seen_set_offset(seen, "/t/agent-1.jsonl", 4096);
    uint64_t committed = commit(f, seen);
    assert_int_equal(committed, 3 * RECORD);
    kit_seen_free(seen);

    seen = load(f, committed);
    assert_true(kit_seen_has_pair(seen, 0xA1));
    assert_true(kit_seen_has_pair(seen, 0xA2));
    assert_int_equal(kit_seen_id_flags(seen, 0xB1), 0x3 | KIT_SEEN_ID_KNOWN);
    assert_int_equal(kit_seen_offset(seen, "/t/agent-1.jsonl"), 4096);
    /* Nothing new: a commit keeps the length and the file. */
    assert_int_equal(commit(f, seen), committed);
    kit_seen_free(seen);
}

static void a_shorter_committed_length_forgets_what_the_state_never_recorded(void **state)
{
    fixture *f = *state;
    kit_seen *seen = load(f, 0);
    kit_seen_add(seen, 0xA1, 0xB1, 0);
    uint64_t first = commit(f, seen);
    kit_seen_add(seen, 0xA2, 0xB2, 0);
    kit_seen_set_offset(seen, "/t/agent-1.jsonl", 100);
    assert_int_equal(commit(f, seen), 3 * RECORD);
    kit_seen_free(seen);

    /* The invocation died before its state recorded the second commit: the state still says
     * `first`, so what that commit added was never counted and must count next time. */
    seen = load(f, first);
    assert_true(kit_seen_has_pair(seen, 0xA1));
    assert_false(kit_seen_has_pair(seen, 0xA2));
    assert_int_equal(kit_seen_id_flags(seen, 0xB2), 0);
    assert_false(kit_seen_known(seen, "/t/agent-1.jsonl"));
    kit_seen_add(seen, 0xA3, 0xB3, 0);
    uint64_t next = commit(f, seen);
    assert_int_equal(next, first + RECORD); /* written over the records never committed */
    kit_seen_free(seen);

    seen = load(f, next);
    assert_true(kit_seen_has_pair(seen, 0xA1));
    assert_false(kit_seen_has_pair(seen, 0xA2));
    assert_true(kit_seen_has_pair(seen, 0xA3));
    assert_false(kit_seen_known(seen, "/t/agent-1.jsonl"));
    kit_seen_free(seen);
}

static void garbage_past_the_committed_length_is_overwritten(void **state)
{
    fixture *f = *state;
    kit_seen *seen = load(f, 0);
    kit_seen_add(seen, 0xA1, 0xB1, 0);
    uint64_t first = commit(f, seen);
    kit_seen_free(seen);
    unsigned char junk[40]; /* a record and a half of what a dying writer left */
    memset(junk, 0xAB, sizeof junk);
    size_t size = 0;
    char *before = file_get(f->path, &size);
    char grown[RECORD + sizeof junk];
    memcpy(grown, before, size);
    memcpy(grown + size, junk, sizeof junk);
    free(before);
    assert_true(file_put(f->path, grown, size + sizeof junk));

    seen = load(f, first);
    assert_false(kit_seen_has_pair(seen, 0xABABABABABABABABull));
    kit_seen_add(seen, 0xA2, 0xB2, 0);
    uint64_t next = commit(f, seen); /* also checks that the file is exactly `next` long */
    assert_int_equal(next, 2 * RECORD);
    kit_seen_free(seen);

    seen = load(f, next);
    assert_true(kit_seen_has_pair(seen, 0xA1));
    assert_true(kit_seen_has_pair(seen, 0xA2));
    assert_false(kit_seen_has_pair(seen, 0xABABABABABABABABull));
    assert_int_equal(kit_seen_id_flags(seen, 0xABABABABABABABABull), 0);
    kit_seen_free(seen);
}

static void a_torn_record_at_the_committed_length_is_dropped(void **state)
{
    fixture *f = *state;
    kit_seen *seen = load(f, 0);
    kit_seen_add(seen, 0xA1, 0xB1, 0);
    kit_seen_add(seen, 0xA2, 0xB2, 0);
    uint64_t committed = commit(f, seen);
    kit_seen_free(seen);
    seen = load(f, committed - 1); /* half of the second record */
    assert_true(kit_seen_has_pair(seen, 0xA1));
    assert_false(kit_seen_has_pair(seen, 0xA2));
    kit_seen_free(seen);
    seen = load(f, committed + 10 * RECORD); /* longer than the file: what is there */
    assert_true(kit_seen_has_pair(seen, 0xA2));
    kit_seen_free(seen);
}

static void offsets_are_kept_per_path(void **state)
{
    fixture *f = *state;
    kit_seen *seen = load(f, 0);
    kit_seen_set_offset(seen, "/t/agent-1.jsonl", 100);
    kit_seen_set_offset(seen, "/t/agent-2.jsonl", 0); /* known, and read up to 0 */
    kit_seen_set_offset(seen, "/t/agent-1.jsonl", 250);
    assert_int_equal(kit_seen_offset(seen, "/t/agent-1.jsonl"), 250);
    assert_true(kit_seen_known(seen, "/t/agent-2.jsonl"));
    assert_int_equal(kit_seen_offset(seen, "/t/agent-2.jsonl"), 0);
    assert_false(kit_seen_known(seen, "/t/agent-3.jsonl"));
    assert_false(kit_seen_has_pair(seen, 100)); /* offsets are not responses */
    uint64_t committed = commit(f, seen);
    assert_int_equal(committed, 3 * RECORD);
    kit_seen_free(seen);

    seen = load(f, committed);
    assert_int_equal(kit_seen_offset(seen, "/t/agent-1.jsonl"), 250); /* the latest wins */
    assert_true(kit_seen_known(seen, "/t/agent-2.jsonl"));
    assert_false(kit_seen_known(seen, "/t/agent-3.jsonl"));
    kit_seen_set_offset(seen, "/t/agent-1.jsonl", 250); /* unchanged: nothing to write */
    assert_int_equal(commit(f, seen), committed);
    kit_seen_free(seen);
}

/* A response's keys as an adapter makes them: hashes (the set's tables expect spread bits). */
static uint64_t key(uint64_t i, uint64_t salt)
{
    uint64_t both[2] = {i, salt};
    return kit_hash(both, sizeof both, KIT_HASH_SEED);
}

/* A set of n responses (and two offsets) committed in one run; the value committed. */
static uint64_t committed_large(const fixture *f, uint64_t n)
{
    kit_seen *seen = load(f, 0);
    kit_seen_set_offset(seen, "/t/agent-1.jsonl", 7);
    for (uint64_t i = 1; i <= n; i++)
        kit_seen_add(seen, key(i, 0), key(i, 1), 0x1);
    kit_seen_set_offset(seen, "/t/agent-2.jsonl", 9);
    uint64_t committed = commit(f, seen);
    kit_seen_free(seen);
    return committed;
}

/* Past 4 MiB the file is rewritten with every path's offset and the newest 65536 responses the
 * state had counted, then what the run added. */
static void a_large_file_is_compacted_to_the_newest_responses(void **state)
{
    fixture *f = *state;
    const uint64_t n = (4u << 20) / RECORD + 1; /* one response past the size */
    uint64_t first = committed_large(f, n);
    kit_seen *seen = load(f, first); /* all of it committed now: the next commit compacts */
    assert_true(kit_seen_has_pair(seen, key(1, 0)));
    kit_seen_add(seen, key(n + 1, 0), key(n + 1, 1), 0);
    uint64_t committed = commit(f, seen);
    assert_int_equal(kit_seen_bytes(committed), (1 + 2 + 65536 + 1) * RECORD); /* with a header */
    assert_true(kit_seen_has_pair(seen, key(1, 0))); /* this process still knows all it counted */
    kit_seen_free(seen);

    seen = load(f, committed);
    assert_true(kit_seen_has_pair(seen, key(n + 1, 0)));
    assert_true(kit_seen_has_pair(seen, key(n - 65535, 0)));
    assert_false(kit_seen_has_pair(seen, key(n - 65536, 0)));
    assert_false(kit_seen_has_pair(seen, key(1, 0)));
    assert_int_equal(kit_seen_id_flags(seen, key(n, 1)), 0x1 | KIT_SEEN_ID_KNOWN);
    assert_int_equal(kit_seen_offset(seen, "/t/agent-1.jsonl"), 7);
    assert_int_equal(kit_seen_offset(seen, "/t/agent-2.jsonl"), 9);
    kit_seen_add(seen, key(n + 2, 0), key(n + 2, 1), 0); /* and it appends after the rewrite */
    assert_int_equal(commit(f, seen), committed + RECORD);
    kit_seen_free(seen);
}

/* The process that compacted is killed after the rename, before its state records the new
 * value: the state's older value names another generation, and the load trusts only the
 * rewrite's base, what that state had counted. The response and the offset the killed run added
 * are not seen: the next run counts them, once. */
static void a_rewrite_the_state_never_recorded_keeps_only_its_base(void **state)
{
    fixture *f = *state;
    const uint64_t n = (4u << 20) / RECORD + 1;
    uint64_t recorded = committed_large(f, n); /* the state's value */
    kit_seen *seen = load(f, recorded);
    kit_seen_add(seen, key(n + 1, 0), key(n + 1, 1), 0x2);
    kit_seen_set_offset(seen, "/t/agent-1.jsonl", 70);
    commit(f, seen); /* rewritten; the state is never told */
    kit_seen_free(seen);

    seen = load(f, recorded);
    assert_false(kit_seen_has_pair(seen, key(n + 1, 0)));
    assert_int_equal(kit_seen_id_flags(seen, key(n + 1, 1)), 0);
    assert_int_equal(kit_seen_offset(seen, "/t/agent-1.jsonl"), 7);
    assert_true(kit_seen_has_pair(seen, key(n, 0)));       /* what the state had counted */
    kit_seen_add(seen, key(n + 1, 0), key(n + 1, 1), 0x2); /* counted by this run instead */
    uint64_t committed = commit(f, seen);
    kit_seen_free(seen);
    seen = load(f, committed);
    assert_true(kit_seen_has_pair(seen, key(n + 1, 0)));
    assert_int_equal(kit_seen_offset(seen, "/t/agent-1.jsonl"), 7);
    kit_seen_free(seen);
    seen = load(f, 0); /* a state that never committed trusts none of a file left there */
    assert_false(kit_seen_has_pair(seen, key(n, 0)));
    kit_seen_add(seen, key(1, 0), key(1, 1), 0);
    assert_int_equal(kit_seen_bytes(commit(f, seen)), RECORD); /* written over from the start */
    kit_seen_free(seen);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(an_empty_set_knows_nothing_and_writes_nothing),
        TEST(an_added_response_is_known_by_its_pair_and_its_id),
        TEST(an_ids_flags_are_ored_over_its_responses),
        TEST(a_reload_with_the_committed_length_sees_everything),
        TEST(a_shorter_committed_length_forgets_what_the_state_never_recorded),
        TEST(garbage_past_the_committed_length_is_overwritten),
        TEST(a_torn_record_at_the_committed_length_is_dropped),
        TEST(offsets_are_kept_per_path),
        TEST(a_large_file_is_compacted_to_the_newest_responses),
        TEST(a_rewrite_the_state_never_recorded_keeps_only_its_base),
    };
    return cmocka_run_group_tests_name("unit/kit_seen_set", tests, NULL, NULL);
}
