/* The real transport: libcurl, one connection kept alive and reused between requests. */
#ifndef MT_TRANSPORT_CURL_H
#define MT_TRANSPORT_CURL_H

#include "config.h"
#include "http.h"

/* NULL when libcurl cannot be set up (logged). Opens no socket until the first send. */
mt_transport *mt_transport_curl_new(const mosaic_config *config, const mt_logger *log);

#endif
