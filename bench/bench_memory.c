/* bench_memory: resident memory per queued event. RSS is read before creating a client with
 * max_queue_size 100 000 and after tracking 100 000 events into it (never started, so nothing is
 * sent or drained). The queue reserves and touches its whole ring in client_new (so that track
 * never faults a page in), hence the figure counts client_new and the tracking together: what
 * a full queue costs. Baseline in the same run:
 * sizeof(struct mosaic_event), the queue's slot size. */
#include <stdio.h>
#include <unistd.h>

#include "bench_util.h"

#define EVENTS                100000
#define FLOOR_BYTES_PER_EVENT 1024.0

/* Resident set size in bytes (second field of /proc/self/statm, in pages); 0 if unreadable. */
static long resident_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, resident = 0;
    if (!f)
        return 0;
    if (fscanf(f, "%ld %ld", &size, &resident) != 2)
        resident = 0;
    fclose(f);
    return resident * sysconf(_SC_PAGESIZE);
}

int main(void)
{
    mosaic_event *event = bench_full_event();
    if (!event)
        return 1;
    resident_bytes(); /* the first fopen allocates stdio buffers: keep that out of the figure */
    long before = resident_bytes();
    mosaic_client *client = bench_client_new(BENCH_DEAD_URL, EVENTS, 100, MOSAIC_LOG_OFF);
    if (!client)
        return 1;
    long created = resident_bytes();
    for (int i = 0; i < EVENTS; i++)
        mosaic_client_track(client, event);
    long filled = resident_bytes();
    size_t queued = mosaic_client_queue_size(client);

    double per_event = (double)(filled - before) / EVENTS;
    double slot = (double)bench_event_struct_size();
    bench_report("memory_client_new", (double)(created - before) / 1024, "KiB",
                 "RSS growth of mosaic_client_new, max_queue_size %d, empty queue", EVENTS);
    bench_report("memory_per_1000_events", per_event * 1000 / 1024, "KiB",
                 "RSS growth over client_new + %zu tracked events, /proc/self/statm", queued);
    bench_report("memory_per_event", per_event, "bytes", "same measurement, per event");
    bench_report("memory_event_struct_size", slot, "bytes",
                 "sizeof(struct mosaic_event), one queue slot (core/event.h)");
    bench_report("memory_per_event_vs_struct", per_event / slot, "x",
                 "RSS bytes per event over sizeof; ~1.00: the ring is the whole cost");
    bench_report("memory_per_event_vs_floor", per_event / FLOOR_BYTES_PER_EVENT, "x",
                 "floor %.0f bytes per queued event; <= 1.00 meets it", FLOOR_BYTES_PER_EVENT);
    bench_client_discard(client);
    mosaic_event_free(event);
    return 0;
}
