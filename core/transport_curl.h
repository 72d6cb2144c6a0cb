/* The real transport: libcurl, one connection kept alive and reused between requests. */
#ifndef MT_TRANSPORT_CURL_H
#define MT_TRANSPORT_CURL_H

#include "config.h"
#include "curl_api.h"
#include "http.h"

/* NULL when libcurl cannot be set up (logged). Opens no socket until the first send. */
mt_transport *mt_transport_curl_new(const mosaic_config *config, const mt_logger *log);

/* The same over a given libcurl: the one loaded, or a test's stand-in for a libcurl of another
 * version. */
mt_transport *mt_transport_curl_over(const mt_curl_api *curl, const mosaic_config *config,
                                     const mt_logger *log);

#endif
