/* Integration: track from many threads at once; also run under ThreadSanitizer in CI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define THREADS           8
#define EVENTS_PER_THREAD 10000

typedef struct producer {
    mosaic_client *client;
    mosaic_event *events[EVENTS_PER_THREAD];
} producer;

static void *produce(void *arg)
{
    producer *p = arg;
    for (int i = 0; i < EVENTS_PER_THREAD; i++)
        mosaic_client_track(p->client, p->events[i]);
    return NULL;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every id the server stored, sorted. */
static char **stored_ids(size_t *n)
{
    json_object *answer = server_get(&server, "/_control/events"), *events, *id;
    assert_true(json_object_object_get_ex(answer, "events", &events));
    *n = json_object_array_length(events);
    char **ids = calloc(*n, sizeof *ids);
    for (size_t i = 0; i < *n; i++) {
        json_object_object_get_ex(json_object_array_get_idx(events, i), "event_id", &id);
        ids[i] = strdup(json_object_get_string(id));
    }
    json_object_put(answer);
    qsort(ids, *n, sizeof *ids, compare_strings);
    return ids;
}

static void eight_threads_lose_and_double_nothing(void **state)
{
    (void)state;
    mosaic_config *config = test_config(&server);
    mosaic_config_set_max_queue_size(config, THREADS * EVENTS_PER_THREAD);
    mosaic_config_set_submit_interval_seconds(config, 0.2);
    mosaic_client *client = NULL;
    assert_int_equal(mosaic_client_new(config, &client, NULL, 0), MOSAIC_OK);
    assert_int_equal(mosaic_client_start(client), MOSAIC_OK);

    static producer producers[THREADS];
    const char **expected = calloc(THREADS * EVENTS_PER_THREAD, sizeof *expected);
    for (int t = 0; t < THREADS; t++) {
        producers[t].client = client;
        for (int i = 0; i < EVENTS_PER_THREAD; i++) {
            producers[t].events[i] = test_event(i);
            expected[t * EVENTS_PER_THREAD + i] = mosaic_event_id(producers[t].events[i]);
        }
    }
    pthread_t threads[THREADS];
    for (int t = 0; t < THREADS; t++)
        pthread_create(&threads[t], NULL, produce, &producers[t]);
    for (int t = 0; t < THREADS; t++)
        pthread_join(threads[t], NULL);
    assert_int_equal(mosaic_client_stop(client, 120000), MOSAIC_OK);

    size_t n;
    char **ids = stored_ids(&n);
    assert_int_equal(n, THREADS * EVENTS_PER_THREAD);
    qsort(expected, n, sizeof *expected, compare_strings);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(ids[i], expected[i]); /* the same set: none lost, none twice */
    mosaic_stats stats = {.struct_size = sizeof stats};
    mosaic_client_get_stats(client, &stats);
    assert_int_equal(stats.tracked, n);
    assert_int_equal(stats.accepted, n);
    assert_int_equal(stats.duplicates, 0);
    assert_int_equal(stats.dropped_overflow, 0);

    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    for (int t = 0; t < THREADS; t++)
        for (int i = 0; i < EVENTS_PER_THREAD; i++)
            mosaic_event_free(producers[t].events[i]);
    free(expected);
    mosaic_client_free(client);
    mosaic_config_free(config);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(eight_threads_lose_and_double_nothing, server_reset_setup),
    };
    return cmocka_run_group_tests_name("integration/threads", tests, server_group_setup,
                                       server_group_teardown);
}
