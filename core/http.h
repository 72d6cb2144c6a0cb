/* The seam between policy and I/O: one HTTP POST in, status + Retry-After + body out.
 * transport_curl.c is the real one; unit tests drive the policy with a test double. */
#ifndef MT_HTTP_H
#define MT_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

typedef struct mt_http_request {
    const char *url;
    const char *body;
    size_t body_len;
    const char *bearer; /* NULL: no Authorization header */
    /* Monotonic ms after which the transfer is cut short; read again while the transfer runs so
     * another thread can pull it in (stop with a deadline). NULL: only the request timeout. */
    const _Atomic int64_t *deadline_ms;
} mt_http_request;

typedef struct mt_http_response {
    long status; /* 0: no HTTP answer (see error) */
    mt_buf body;
    char retry_after[64]; /* "" when absent */
    char error[256];      /* why there was no answer */
    bool cut;             /* ended by the deadline rather than by the server */
} mt_http_response;

typedef struct mt_transport mt_transport;
typedef struct mt_transport_ops {
    /* Performs the request; fills response (whose body the caller frees). Not thread-safe: one
     * request at a time per transport. */
    void (*send)(mt_transport *transport, const mt_http_request *request,
                 mt_http_response *response);
    /* Thread-safe: makes a transfer in flight look at its deadline again at once. */
    void (*wake)(mt_transport *transport);
    void (*destroy)(mt_transport *transport);
} mt_transport_ops;

struct mt_transport {
    const mt_transport_ops *ops;
};

void mt_http_response_reset(mt_http_response *response);

#endif
