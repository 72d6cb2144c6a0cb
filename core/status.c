/* Status strings, the version, and the one deallocator for strings the library returns. */
#include <stdlib.h>

#include "mosaic/telemetry.h"

MOSAIC_API const char *mosaic_status_str(mosaic_status status)
{
    switch (status) {
    case MOSAIC_OK: return "ok";
    case MOSAIC_ERR_INVALID_ARGUMENT: return "invalid argument";
    case MOSAIC_ERR_INVALID_CONFIG: return "invalid config";
    case MOSAIC_ERR_INVALID_EVENT: return "invalid event";
    case MOSAIC_ERR_NO_MEMORY: return "out of memory";
    case MOSAIC_ERR_TIMEOUT: return "timeout";
    case MOSAIC_ERR_DISABLED: return "telemetry disabled";
    case MOSAIC_ERR_NETWORK: return "network error";
    case MOSAIC_ERR_HTTP: return "server answered an error status";
    case MOSAIC_ERR_PARSE: return "malformed JSON";
    case MOSAIC_ERR_UNKNOWN_VALUE: return "unknown enum value";
    case MOSAIC_ERR_PENDING: return "events kept for a later flush";
    case MOSAIC_ERR_STOPPED: return "client stopped";
    case MOSAIC_ERR_SYSTEM: return "system error";
    }
    return "unknown status";
}

MOSAIC_API const char *mosaic_version(void)
{
    return MOSAIC_VERSION;
}

MOSAIC_API void mosaic_free(void *ptr)
{
    free(ptr);
}
