/* bench_track: latency of mosaic_client_track in ns per call (median, p99), on 1 and 4 threads,
 * into a roomy queue and on the overflow path (queue of 1000, always full). The client is never
 * started, so nothing is sent and the figure is the caller-side cost alone.
 *
 * Each sample is one batch of BATCH calls timed as a whole and divided: a clock read per call
 * would cost as much as the call. Baselines in the same run, on the same threads: mutex lock +
 * memcpy of one queue slot + unlock, the least any locked by-value queue can do, into a warm ring
 * and into a cold one (fresh pages, as a roomy queue meets them on its first lap). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"

#define BATCH          1000
#define ROOMY_QUEUE    100000 /* the largest max_queue_size the config accepts */
#define SMALL_QUEUE    1000
#define TRACK_FLOOR_NS 150.0
#define MAX_THREADS    4

/* The baseline's queue: a ring of event-sized slots behind one mutex, like the client's. */
typedef struct ring {
    pthread_mutex_t lock;
    unsigned char *slots;
    size_t count, next, slot_size;
    const unsigned char *source;
} ring;

/* One thread's work: track into client, or (client NULL) copy into the baseline ring. */
typedef struct job {
    mosaic_client *client;
    const mosaic_event *event;
    ring *ring;
    pthread_barrier_t *start;
    double *samples; /* reps per-call figures, in ns */
    size_t reps;
} job;

static void track_batch(const job *j)
{
    for (int i = 0; i < BATCH; i++)
        mosaic_client_track(j->client, j->event);
}

static void ring_batch(ring *r)
{
    for (int i = 0; i < BATCH; i++) {
        pthread_mutex_lock(&r->lock);
        memcpy(r->slots + r->next * r->slot_size, r->source, r->slot_size);
        r->next = (r->next + 1) % r->count;
        pthread_mutex_unlock(&r->lock);
    }
}

static void *run_job(void *arg)
{
    job *j = arg;
    pthread_barrier_wait(j->start); /* all threads begin together: real contention */
    for (size_t r = 0; r < j->reps; r++) {
        int64_t t0 = bench_now_ns();
        if (j->client)
            track_batch(j);
        else
            ring_batch(j->ring);
        j->samples[r] = (double)(bench_now_ns() - t0) / BATCH;
    }
    return NULL;
}

/* Runs `threads` copies of proto at once; samples gets threads * reps per-call figures. */
static void run_threads(job proto, int threads, double *samples)
{
    pthread_t ids[MAX_THREADS];
    job jobs[MAX_THREADS];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, (unsigned)threads);
    for (int i = 0; i < threads; i++) {
        jobs[i] = proto;
        jobs[i].start = &start;
        jobs[i].samples = samples + (size_t)i * proto.reps;
        if (pthread_create(&ids[i], NULL, run_job, &jobs[i]) != 0) {
            /* Threads already started wait at the barrier for ever: give up at once. */
            fprintf(stderr, "bench_track: pthread_create failed\n");
            exit(1);
        }
    }
    for (int i = 0; i < threads; i++)
        pthread_join(ids[i], NULL);
    pthread_barrier_destroy(&start);
}

/* Runs proto on `threads` threads and prints <name>_median and <name>_p99; returns the median. */
static double measure(const char *name, job proto, int threads, const char *what)
{
    size_t n = (size_t)threads * proto.reps;
    double *samples = calloc(n, sizeof *samples);
    if (!samples)
        exit(1);
    run_threads(proto, threads, samples);
    char label[96];
    double median = bench_percentile(samples, n, 50), p99 = bench_percentile(samples, n, 99);
    snprintf(label, sizeof label, "%s_median", name);
    bench_report(label, median, "ns/call", "%d thread(s), %s, %zu batches of %d", threads, what, n,
                 BATCH);
    snprintf(label, sizeof label, "%s_p99", name);
    bench_report(label, p99, "ns/call", "%d thread(s), same", threads);
    free(samples);
    return median;
}

/* track on a fresh client. A full queue is pre-filled so that every timed call drops the oldest. */
static double track_scenario(const char *name, const mosaic_event *event, bool full, int threads,
                             size_t reps)
{
    size_t queue = full ? SMALL_QUEUE : ROOMY_QUEUE;
    mosaic_client *client = bench_client_new(BENCH_DEAD_URL, queue, 100, MOSAIC_LOG_OFF);
    if (!client)
        exit(1);
    for (size_t i = 0; full && i < queue; i++)
        mosaic_client_track(client, event);
    job proto = {.client = client, .event = event, .reps = reps};
    double median =
        measure(name, proto, threads,
                full ? "mosaic_client_track, overflow: queue of 1000 always full"
                     : "mosaic_client_track, queue of 100000 from empty (reserved at client_new)");
    bench_client_discard(client);
    return median;
}

/* The baseline on a fresh ring; a warm ring is written once before timing, a cold one is fresh
 * calloc'd memory that faults its pages in as it fills, like the client's queue. */
static double baseline_scenario(const char *name, bool warm, int threads, size_t reps)
{
    ring r = {.lock = PTHREAD_MUTEX_INITIALIZER, .slot_size = bench_event_struct_size()};
    r.count = warm ? SMALL_QUEUE : ROOMY_QUEUE;
    r.slots = calloc(r.count, r.slot_size);
    unsigned char *source = calloc(1, r.slot_size);
    if (!r.slots || !source)
        exit(1);
    r.source = source;
    if (warm)
        memset(r.slots, 1, r.count * r.slot_size);
    char what[128];
    snprintf(what, sizeof what, "baseline: lock + memcpy %zu B + unlock, %s ring of %zu",
             r.slot_size, warm ? "warm" : "cold", r.count);
    double median = measure(name, (job){.ring = &r, .reps = reps}, threads, what);
    free(source);
    free(r.slots);
    return median;
}

static void report_ratio(const char *name, double median, double base, const char *against)
{
    bench_report(name, median / base, "x", "median over the median of %s, same run", against);
}

int main(void)
{
    size_t reps = bench_quick() ? 40 : 200;
    mosaic_event *event = bench_full_event();
    if (!event)
        return 1;
    double warm1 = baseline_scenario("track_baseline_warm_1t", true, 1, reps);
    double cold1 = baseline_scenario("track_baseline_cold_1t", false, 1, reps);
    double warm4 = baseline_scenario("track_baseline_warm_4t", true, 4, reps);
    double cold4 = baseline_scenario("track_baseline_cold_4t", false, 4, reps);
    double one = track_scenario("track_1t", event, false, 1, reps);
    double four = track_scenario("track_4t", event, false, 4, reps);
    double over1 = track_scenario("track_overflow_1t", event, true, 1, reps);
    double over4 = track_scenario("track_overflow_4t", event, true, 4, reps);
    /* A roomy queue fills fresh pages, a full one reuses written slots: compare like with like. */
    report_ratio("track_1t_vs_baseline_cold", one, cold1, "track_baseline_cold_1t");
    report_ratio("track_4t_vs_baseline_cold", four, cold4, "track_baseline_cold_4t");
    report_ratio("track_overflow_1t_vs_baseline_warm", over1, warm1, "track_baseline_warm_1t");
    report_ratio("track_overflow_4t_vs_baseline_warm", over4, warm4, "track_baseline_warm_4t");
    bench_report("track_1t_median_vs_floor", one / TRACK_FLOOR_NS, "x",
                 "floor %.0f ns median on 1 thread; <= 1.00 meets it; %ld cores online",
                 TRACK_FLOOR_NS, sysconf(_SC_NPROCESSORS_ONLN));
    mosaic_event_free(event);
    return 0;
}
