/* TEST DOUBLE: see fake_transport.h. */
#include "fake_transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *text, size_t len)
{
    if (!text)
        return NULL;
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, text, len);
        copy[len] = '\0';
    }
    return copy;
}

static void record(fake_transport *t, const mt_http_request *request)
{
    if (t->n_requests == t->cap_requests) {
        size_t cap = t->cap_requests ? t->cap_requests * 2 : 8;
        fake_request *grown = realloc(t->requests, cap * sizeof *grown);
        if (!grown)
            abort();
        t->requests = grown;
        t->cap_requests = cap;
    }
    fake_request *r = &t->requests[t->n_requests++];
    r->url = dup_or_null(request->url, request->url ? strlen(request->url) : 0);
    r->body = dup_or_null(request->body, request->body_len);
    r->bearer = dup_or_null(request->bearer, request->bearer ? strlen(request->bearer) : 0);
    r->deadline_ms = request->deadline_ms;
}

static void fake_send(mt_transport *base, const mt_http_request *request,
                      mt_http_response *response)
{
    fake_transport *t = (fake_transport *)base;
    record(t, request);
    fake_reply reply = {0};
    if (t->responder) {
        reply = t->responder(request, t->responder_user);
    } else if (t->script_len > 0) {
        size_t index = t->next < t->script_len ? t->next : t->script_len - 1;
        reply = t->script[index];
        t->next++;
    }
    mt_http_response_reset(response);
    response->status = reply.status;
    response->cut = reply.cut;
    if (reply.retry_after)
        snprintf(response->retry_after, sizeof response->retry_after, "%s", reply.retry_after);
    if (reply.body)
        mt_buf_append_str(&response->body, reply.body);
    if (reply.status == 0)
        snprintf(response->error, sizeof response->error, "fake: connection refused");
}

static void fake_wake(mt_transport *base)
{
    (void)base;
}

static void fake_destroy(mt_transport *base)
{
    (void)base;
}

static const mt_transport_ops FAKE_OPS = {fake_send, fake_wake, fake_destroy};

void fake_transport_init(fake_transport *t, const fake_reply *script, size_t script_len)
{
    memset(t, 0, sizeof *t);
    t->base.ops = &FAKE_OPS;
    t->script = script;
    t->script_len = script_len;
}

void fake_transport_set_responder(fake_transport *t, fake_responder fn, void *user)
{
    t->responder = fn;
    t->responder_user = user;
}

void fake_transport_free(fake_transport *t)
{
    for (size_t i = 0; i < t->n_requests; i++) {
        free(t->requests[i].url);
        free(t->requests[i].body);
        free(t->requests[i].bearer);
    }
    free(t->requests);
    memset(t, 0, sizeof *t);
}

size_t count_substr(const char *haystack, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    if (!haystack || len == 0)
        return 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + len, needle))
        n++;
    return n;
}
