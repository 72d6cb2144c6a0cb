/*
 * TEST DOUBLE — fake_transport: an mt_transport that does no I/O at all. It answers each send
 * with the next entry of a scripted list of replies (the last entry repeats once the list runs
 * out), or with whatever a responder callback decides, and records every request it was given
 * so that a test can look at the URL, body, bearer and deadline the policy code passed down.
 */
#ifndef TEST_FAKE_TRANSPORT_H
#define TEST_FAKE_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"

typedef struct fake_reply {
    long status;             /* 0: no HTTP answer (network error) */
    const char *retry_after; /* NULL or "": no Retry-After header */
    bool cut;                /* the transfer was ended by the deadline */
    const char *body;        /* NULL: empty body */
} fake_reply;

typedef struct fake_request {
    char *url;
    char *body;
    char *bearer; /* NULL when no Authorization header would be sent */
    const _Atomic int64_t *deadline_ms;
} fake_request;

/* Decides the reply to one request (instead of the script). */
typedef fake_reply (*fake_responder)(const mt_http_request *request, void *user);

typedef struct fake_transport {
    mt_transport base; /* first member: the code under test only sees an mt_transport * */
    const fake_reply *script;
    size_t script_len, next;
    fake_responder responder;
    void *responder_user;
    fake_request *requests;
    size_t n_requests, cap_requests;
} fake_transport;

void fake_transport_init(fake_transport *t, const fake_reply *script, size_t script_len);
void fake_transport_set_responder(fake_transport *t, fake_responder fn, void *user);
void fake_transport_free(fake_transport *t);

/* How many times needle occurs in haystack (non-overlapping). */
size_t count_substr(const char *haystack, const char *needle);

#endif
