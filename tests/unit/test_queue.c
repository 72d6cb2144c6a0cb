/* The bounded ring of events. Events are told apart by duration_ms, used as a sequence number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "queue.h"

static mosaic_event ev(uint64_t n)
{
    mosaic_event e;
    memset(&e, 0, sizeof e);
    e.duration_ms = n;
    return e;
}

static void push_range(mt_queue *q, uint64_t from, uint64_t to)
{
    for (uint64_t n = from; n <= to; n++) {
        mosaic_event e = ev(n);
        mt_queue_push(q, &e);
    }
}

/* Pops everything and checks it is exactly `expected`, in order. */
static void expect_contents(mt_queue *q, const uint64_t *expected, size_t n)
{
    mosaic_event out[64];
    assert_int_equal(q->size, n);
    assert_int_equal(mt_queue_pop(q, out, 64), n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(out[i].duration_ms, expected[i]);
    assert_int_equal(q->size, 0);
}

static void test_push_pop_order(void **state)
{
    (void)state;
    mt_queue q;
    assert_true(mt_queue_init(&q, 8));
    push_range(&q, 1, 5);
    static const uint64_t expected[] = {1, 2, 3, 4, 5};
    expect_contents(&q, expected, 5);
    mt_queue_free(&q);
}

static void test_pop_copies_whole_event(void **state)
{
    (void)state;
    mt_queue q;
    assert_true(mt_queue_init(&q, 2));
    mosaic_event e = ev(9);
    strcpy(e.model, "claude");
    strcpy(e.event_id, "id-1");
    mt_queue_push(&q, &e);
    memset(&e, 0, sizeof e); /* the queue holds its own copy */
    mosaic_event out;
    assert_int_equal(mt_queue_pop(&q, &out, 1), 1);
    assert_string_equal(out.model, "claude");
    assert_string_equal(out.event_id, "id-1");
    assert_int_equal(out.duration_ms, 9);
    mt_queue_free(&q);
}

static void test_overflow_drops_oldest(void **state)
{
    (void)state;
    mt_queue q;
    assert_true(mt_queue_init(&q, 3));
    for (uint64_t n = 1; n <= 3; n++) {
        mosaic_event e = ev(n);
        assert_int_equal(mt_queue_push(&q, &e), 0);
    }
    mosaic_event e = ev(4);
    assert_int_equal(mt_queue_push(&q, &e), 1);
    e = ev(5);
    assert_int_equal(mt_queue_push(&q, &e), 1);
    static const uint64_t expected[] = {3, 4, 5};
    expect_contents(&q, expected, 3);
    mt_queue_free(&q);
}

static void test_wrap_around_many_cycles(void **state)
{
    (void)state;
    mt_queue q;
    assert_true(mt_queue_init(&q, 7));
    uint64_t next_in = 1, next_out = 1;
    for (int cycle = 0; cycle < 1000; cycle++) {
        size_t pushes = 1 + (size_t)cycle % 5, pops = 1 + (size_t)(cycle * 3) % 6;
        for (size_t i = 0; i < pushes; i++) {
            mosaic_event e = ev(next_in++);
            size_t dropped = mt_queue_push(&q, &e);
            next_out += dropped; /* the oldest went */
        }
        mosaic_event out[8];
        size_t got = mt_queue_pop(&q, out, pops);
        assert_true(got <= pops);
        for (size_t i = 0; i < got; i++)
            assert_int_equal(out[i].duration_ms, next_out++);
        assert_int_equal(q.size, next_in - next_out);
        assert_true(q.size <= 7);
    }
    mt_queue_free(&q);
}

static void test_push_front_keeps_order(void **state)
{
    (void)state;
    mt_queue q;
    assert_true(mt_queue_init(&q, 8));
    push_range(&q, 3, 4);
    mosaic_event back[] = {ev(1), ev(2)};
    assert_int_equal(mt_queue_push_front(&q, back, 2), 0);
    static const uint64_t expected[] = {1, 2, 3, 4};
    expect_contents(&q, expected, 4);
    mt_queue_free(&q);
}

static void test_push_front_after_wrap(void **state)
{
    (void)state;
    mt_queue q;
    assert_true(mt_queue_init(&q, 4));
    push_range(&q, 1, 4);
    mosaic_event out[4];
    assert_int_equal(mt_queue_pop(&q, out, 3), 3); /* head is now at slot 3 */
    push_range(&q, 5, 6);                          /* wraps to slots 0, 1 */
    mosaic_event back[] = {ev(2), ev(3)};
    assert_int_equal(mt_queue_push_front(&q, back, 2), 1); /* room for one: 2 is dropped */
    static const uint64_t expected[] = {3, 4, 5, 6};
    expect_contents(&q, expected, 4);
    mt_queue_free(&q);
}

static void test_push_front_when_full_drops_oldest_pushed(void **state)
{
    (void)state;
    mt_queue q;
    assert_true(mt_queue_init(&q, 4));
    push_range(&q, 5, 7);
    mosaic_event back[] = {ev(1), ev(2), ev(3)};
    assert_int_equal(mt_queue_push_front(&q, back, 3), 2);
    static const uint64_t expected[] = {3, 5, 6, 7};
    expect_contents(&q, expected, 4);
    mt_queue_free(&q);
}

static void test_push_front_onto_full_queue_drops_all_pushed(void **state)
{
    (void)state;
    mt_queue q;
    assert_true(mt_queue_init(&q, 2));
    push_range(&q, 5, 6);
    mosaic_event back[] = {ev(1), ev(2), ev(3)};
    assert_int_equal(mt_queue_push_front(&q, back, 3), 3);
    static const uint64_t expected[] = {5, 6};
    expect_contents(&q, expected, 2);
    mt_queue_free(&q);
}

static void test_pop_more_than_size(void **state)
{
    (void)state;
    mt_queue q;
    assert_true(mt_queue_init(&q, 8));
    push_range(&q, 1, 3);
    mosaic_event out[10];
    assert_int_equal(mt_queue_pop(&q, out, 10), 3);
    assert_int_equal(out[2].duration_ms, 3);
    assert_int_equal(q.size, 0);
    assert_int_equal(mt_queue_pop(&q, out, 10), 0);
    mt_queue_free(&q);
}

static void test_clear_empties(void **state)
{
    (void)state;
    mt_queue q;
    assert_true(mt_queue_init(&q, 4));
    push_range(&q, 1, 3);
    mt_queue_clear(&q);
    assert_int_equal(q.size, 0);
    push_range(&q, 9, 9);
    static const uint64_t expected[] = {9};
    expect_contents(&q, expected, 1);
    mt_queue_free(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_pop_order),
        cmocka_unit_test(test_pop_copies_whole_event),
        cmocka_unit_test(test_overflow_drops_oldest),
        cmocka_unit_test(test_wrap_around_many_cycles),
        cmocka_unit_test(test_push_front_keeps_order),
        cmocka_unit_test(test_push_front_after_wrap),
        cmocka_unit_test(test_push_front_when_full_drops_oldest_pushed),
        cmocka_unit_test(test_push_front_onto_full_queue_drops_all_pushed),
        cmocka_unit_test(test_pop_more_than_size),
        cmocka_unit_test(test_clear_empties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
