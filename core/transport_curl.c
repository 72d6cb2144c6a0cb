/* libcurl behind the transport seam. The multi interface is used for one easy handle at a time
 * so that the wait can be woken from another thread (curl_multi_wakeup) and the deadline checked
 * between polls: stop() cuts a hung transfer within milliseconds, not at the next second. */
/* CURLOPT_PROTOCOLS is deprecated, and still what a libcurl before 7.85 understands. */
#define CURL_DISABLE_DEPRECATION
#include "transport_curl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "curl_api.h"
#include "protocol.h"

#define POLL_SLICE_MS 200

typedef struct curl_transport {
    mt_transport base;
    CURLM *multi;
    CURL *easy; /* kept between requests: its connection cache is the reused connection */
    int64_t request_timeout_ms;
    char *ca_bundle;
    char *proxy;
    const mt_logger *log;
    const mt_curl_api *curl; /* libcurl, loaded by the first transport made */
} curl_transport;

void mt_http_response_reset(mt_http_response *response)
{
    mt_buf_clear(&response->body);
    response->status = 0;
    response->retry_after[0] = '\0';
    response->error[0] = '\0';
    response->cut = false;
}

static size_t on_body(char *data, size_t size, size_t count, void *user)
{
    mt_http_response *response = user;
    size_t len = size * count;
    if (response->body.len + len > MT_MAX_RESPONSE_BYTES ||
        !mt_buf_append(&response->body, data, len))
        return 0; /* makes libcurl fail the transfer: an answer that large is not ours */
    return len;
}

static size_t on_header(char *line, size_t size, size_t count, void *user)
{
    mt_http_response *response = user;
    size_t len = size * count;
    static const char name[] = "retry-after:";
    if (len > sizeof name - 1 && strncasecmp(line, name, sizeof name - 1) == 0) {
        const char *value = line + sizeof name - 1;
        size_t value_len = len - (sizeof name - 1);
        while (value_len > 0 && (value[value_len - 1] == '\r' || value[value_len - 1] == '\n'))
            value_len--;
        if (value_len >= sizeof response->retry_after)
            value_len = sizeof response->retry_after - 1;
        memcpy(response->retry_after, value, value_len);
        response->retry_after[value_len] = '\0';
    }
    return len;
}

static struct curl_slist *request_headers(const curl_transport *t, const mt_http_request *request)
{
    struct curl_slist *headers = NULL, *next;
    char auth[128];
    const char *lines[] = {"Content-Type: " MT_CONTENT_TYPE, "Accept: " MT_CONTENT_TYPE,
                           "Expect:", NULL};
    if (request->bearer) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", request->bearer);
        lines[3] = auth;
    }
    for (size_t i = 0; i < sizeof lines / sizeof *lines && lines[i]; i++) {
        next = t->curl->slist_append(headers, lines[i]);
        if (!next) {
            t->curl->slist_free_all(headers);
            return NULL;
        }
        headers = next;
    }
    return headers;
}

static void set_options(curl_transport *t, const mt_http_request *request,
                        struct curl_slist *headers, mt_http_response *response)
{
    CURL *easy = t->easy;
    t->curl->easy_setopt(easy, CURLOPT_URL, request->url);
    t->curl->easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    t->curl->easy_setopt(easy, CURLOPT_POSTFIELDS, request->body);
    t->curl->easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->body_len);
    t->curl->easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    t->curl->easy_setopt(easy, CURLOPT_WRITEDATA, response);
    t->curl->easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    t->curl->easy_setopt(easy, CURLOPT_HEADERDATA, response);
}

/* Only http and https, on every libcurl this library accepts (7.68 on): CURLOPT_PROTOCOLS_STR
 * came in 7.85; before it, the bitmask (deprecated since, still honoured). false when neither
 * took: then nothing is sent, since the rule would not hold. */
static bool restrict_protocols(curl_transport *t)
{
    if (t->curl->easy_setopt(t->easy, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK)
        return true;
    return t->curl->easy_setopt(t->easy, CURLOPT_PROTOCOLS,
                                (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) == CURLE_OK;
}

/* Options that do not change between requests; false when a required one was refused. */
static bool set_fixed_options(curl_transport *t)
{
    CURL *easy = t->easy;
    if (!restrict_protocols(t))
        return false;
    t->curl->easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    t->curl->easy_setopt(easy, CURLOPT_USERAGENT, MT_USER_AGENT);
    t->curl->easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    t->curl->easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L); /* always: there is no switch */
    t->curl->easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    t->curl->easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, (long)MT_CONNECT_TIMEOUT_MS);
    t->curl->easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    /* Without it, removing a transfer cut short waits for a name lookup still running in
     * libcurl's resolver thread: stop() would overrun its deadline by the lookup's time. Before
     * 7.87 it is unknown, and that wait is what such a libcurl costs (docs/protocol.md). */
    t->curl->easy_setopt(easy, CURLOPT_QUICK_EXIT, 1L);
    if (t->ca_bundle)
        t->curl->easy_setopt(easy, CURLOPT_CAINFO, t->ca_bundle);
    if (t->proxy)
        t->curl->easy_setopt(easy, CURLOPT_PROXY, t->proxy);
    return true;
}

/* The caller's deadline, read afresh: another thread may have pulled it in. */
static int64_t caller_deadline(const mt_http_request *request)
{
    return request->deadline_ms ? atomic_load(request->deadline_ms) : INT64_MAX;
}

/* Drives the transfer until it completes or a deadline passes. */
static CURLcode run_transfer(curl_transport *t, const mt_http_request *request, bool *cut)
{
    int64_t started = mt_monotonic_ms();
    int64_t request_end = started + t->request_timeout_ms;
    for (;;) {
        int running = 0;
        CURLMcode mc = t->curl->multi_perform(t->multi, &running);
        if (mc != CURLM_OK)
            return CURLE_FAILED_INIT;
        if (!running)
            break;
        int64_t now = mt_monotonic_ms();
        int64_t caller_end = caller_deadline(request);
        int64_t end = caller_end < request_end ? caller_end : request_end;
        if (now >= end) {
            *cut = caller_end <= request_end;
            return CURLE_OPERATION_TIMEDOUT;
        }
        int64_t slice = end - now < POLL_SLICE_MS ? end - now : POLL_SLICE_MS;
        t->curl->multi_poll(t->multi, NULL, 0, (int)slice, NULL);
    }
    CURLMsg *msg;
    int left;
    while ((msg = t->curl->multi_info_read(t->multi, &left)))
        if (msg->msg == CURLMSG_DONE)
            return msg->data.result;
    return CURLE_FAILED_INIT;
}

static void curl_send(mt_transport *base, const mt_http_request *request,
                      mt_http_response *response)
{
    curl_transport *t = (curl_transport *)base;
    mt_http_response_reset(response);
    struct curl_slist *headers = request_headers(t, request);
    if (!headers) {
        snprintf(response->error, sizeof response->error, "out of memory for headers");
        return;
    }
    set_options(t, request, headers, response);
    t->curl->multi_add_handle(t->multi, t->easy);
    CURLcode result = run_transfer(t, request, &response->cut);
    t->curl->multi_remove_handle(t->multi, t->easy);
    t->curl->slist_free_all(headers);
    if (result == CURLE_OK) {
        t->curl->easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &response->status);
        return;
    }
    snprintf(response->error, sizeof response->error, "%s%s", t->curl->easy_strerror(result),
             response->cut ? " (deadline reached)" : "");
}

static void curl_wake(mt_transport *base)
{
    curl_transport *t = (curl_transport *)base;
    t->curl->multi_wakeup(t->multi);
}

static void curl_destroy(mt_transport *base)
{
    curl_transport *t = (curl_transport *)base;
    if (!t)
        return;
    if (t->easy)
        t->curl->easy_cleanup(t->easy);
    if (t->multi)
        t->curl->multi_cleanup(t->multi);
    free(t->ca_bundle);
    free(t->proxy);
    free(t);
}

static const mt_transport_ops CURL_OPS = {curl_send, curl_wake, curl_destroy};

mt_transport *mt_transport_curl_new(const mosaic_config *config, const mt_logger *log)
{
    char why[200];
    const mt_curl_api *curl = mt_curl_api_get(why, sizeof why);
    if (!curl) {
        mt_log(log, MOSAIC_LOG_ERROR, "%s", why);
        return NULL;
    }
    return mt_transport_curl_over(curl, config, log);
}

mt_transport *mt_transport_curl_over(const mt_curl_api *curl, const mosaic_config *config,
                                     const mt_logger *log)
{
    curl_transport *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->curl = curl;
    t->base.ops = &CURL_OPS;
    t->log = log;
    t->request_timeout_ms = (int64_t)(config->request_timeout_seconds * 1000.0);
    t->multi = t->curl->multi_init();
    t->easy = t->curl->easy_init();
    t->ca_bundle = config->ca_bundle ? strdup(config->ca_bundle) : NULL;
    t->proxy = config->proxy ? strdup(config->proxy) : NULL;
    if (!t->multi || !t->easy || (config->ca_bundle && !t->ca_bundle) ||
        (config->proxy && !t->proxy)) {
        curl_destroy(&t->base);
        mt_log(log, MOSAIC_LOG_ERROR, "libcurl handles could not be created");
        return NULL;
    }
    if (!set_fixed_options(t)) {
        curl_destroy(&t->base);
        mt_log(log, MOSAIC_LOG_ERROR,
               "libcurl refused to be limited to http and https: nothing will be sent");
        return NULL;
    }
    return &t->base;
}
