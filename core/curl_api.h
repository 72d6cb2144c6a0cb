/* libcurl, loaded on first use. A process that never sends (a harness's hook appending to the
 * spool, a plugin that only builds events) then never loads libcurl and its dozen dependencies,
 * which cost a hook about 3.5 ms of start-up here. */
#ifndef MT_CURL_API_H
#define MT_CURL_API_H

#include <curl/curl.h>
#include <stddef.h>

typedef struct mt_curl_api {
    const char *(*easy_strerror)(CURLcode code);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *easy, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *easy, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *easy);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_add_handle)(CURLM *multi, CURL *easy);
    CURLMcode (*multi_remove_handle)(CURLM *multi, CURL *easy);
    CURLMcode (*multi_perform)(CURLM *multi, int *running);
    CURLMcode (*multi_poll)(CURLM *multi, struct curl_waitfd extra[], unsigned int n,
                            int timeout_ms, int *numfds);
    CURLMsg *(*multi_info_read)(CURLM *multi, int *left);
    CURLMcode (*multi_wakeup)(CURLM *multi);
    CURLMcode (*multi_cleanup)(CURLM *multi);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
    void (*slist_free_all)(struct curl_slist *list);
    curl_version_info_data *(*version_info)(CURLversion age);
} mt_curl_api;

/* The loaded and initialised libcurl (thread-safe, once per process), or NULL with the reason
 * in why. */
const mt_curl_api *mt_curl_api_get(char *why, size_t len);

#endif
