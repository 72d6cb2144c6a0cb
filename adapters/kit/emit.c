/* A finished task's event into the spool (emit.h). */
#include "emit.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "estimates.h"
#include "event.h"
#include "random.h"

/* The event id chosen when the task began, and the time it ended. */
static void stamp(mosaic_event *event, const kit_emit *e)
{
    if (e->event_id && mt_is_uuid(e->event_id, true))
        memcpy(event->event_id, e->event_id, MT_UUID_LEN + 1);
    if (e->end_wall_ms > 0)
        mt_format_timestamp(e->end_wall_ms, event->timestamp);
}

static mosaic_event *build(const kit_emit *e, mt_spool *spool, mosaic_task *task,
                           mosaic_outcome outcome, int64_t now_ms, char *err, size_t errlen)
{
    const char *instance_id = mosaic_config_get_instance_id(e->config);
    if (!instance_id) {
        snprintf(err, errlen, "instance_id: not set (MOSAIC_TELEMETRY_INSTANCE_ID)");
        return NULL;
    }
    kit_estimate_source estimates = {mt_spool_dir(spool),
                                     (int64_t)(e->config->prediction_cache_ttl_seconds * 1000.0)};
    mosaic_event *event = NULL;
    if (mt_task_build_event(task, outcome, instance_id, now_ms, kit_estimate_lookup, &estimates,
                            &event, err, errlen) != MOSAIC_OK)
        return NULL;
    stamp(event, e);
    return event;
}

bool kit_emit_task(const kit_emit *e, mosaic_task *task, mosaic_outcome outcome, int64_t now_ms,
                   char *dir, size_t dir_len)
{
    mt_spool *spool = NULL;
    if (kit_spool_open(e->who, e->spool_flag, e->host, e->config, &spool) != KIT_OK)
        return false; /* the reason is logged */
    char err[512] = "";
    bool spooled = false;
    mosaic_event *event = build(e, spool, task, outcome, now_ms, err, sizeof err);
    if (!event) {
        kit_log(e->who, "the task's event was not made: %s", err[0] ? err : "out of memory");
    } else {
        mosaic_status status = mt_spool_append(spool, event, 1, err, sizeof err);
        spooled = status == MOSAIC_OK;
        if (!spooled)
            kit_log(e->who, "the event could not be spooled: %s",
                    err[0] ? err : mosaic_status_str(status));
    }
    snprintf(dir, dir_len, "%s", mt_spool_dir(spool));
    mosaic_event_free(event);
    mt_spool_close(spool);
    return spooled;
}

void kit_start_flush(const char *who, const kit_host *host, const mosaic_config *config,
                     const char *dir)
{
    char err[256];
    const char *server = mosaic_config_get_server_url(config);
    bool offline = !server || !*server;
    bool kept = offline && host && host->records_offline && host->records_offline(config);
    if (!kept && mosaic_config_validate(config, err, sizeof err) != MOSAIC_OK) {
        kit_log(who, "the event waits in the spool, not sent: %s", err);
        return;
    }
    if (host && host->start_flush)
        host->start_flush(host, dir);
}
