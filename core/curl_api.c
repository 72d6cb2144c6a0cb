#include "curl_api.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "err.h"

/* The sonames Debian ships libcurl 7/8 under: the OpenSSL build first, then GnuTLS and NSS. */
static const char *const LIBRARIES[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl-nss.so.4"};

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static mt_curl_api api;
static bool loaded;
static char load_error[200];

#define BIND(handle, slot, name) (*(void **)&api.slot = dlsym(handle, name)) != NULL

static bool bind_all(void *handle)
{
    return BIND(handle, easy_strerror, "curl_easy_strerror") &&
           BIND(handle, easy_init, "curl_easy_init") &&
           BIND(handle, easy_setopt, "curl_easy_setopt") &&
           BIND(handle, easy_getinfo, "curl_easy_getinfo") &&
           BIND(handle, easy_cleanup, "curl_easy_cleanup") &&
           BIND(handle, multi_init, "curl_multi_init") &&
           BIND(handle, multi_add_handle, "curl_multi_add_handle") &&
           BIND(handle, multi_remove_handle, "curl_multi_remove_handle") &&
           BIND(handle, multi_perform, "curl_multi_perform") &&
           BIND(handle, multi_poll, "curl_multi_poll") &&
           BIND(handle, multi_info_read, "curl_multi_info_read") &&
           BIND(handle, multi_wakeup, "curl_multi_wakeup") &&
           BIND(handle, multi_cleanup, "curl_multi_cleanup") &&
           BIND(handle, slist_append, "curl_slist_append") &&
           BIND(handle, slist_free_all, "curl_slist_free_all") &&
           BIND(handle, version_info, "curl_version_info");
}

static void load(void)
{
    void *handle = NULL;
    for (size_t i = 0; !handle && i < sizeof LIBRARIES / sizeof *LIBRARIES; i++)
        handle = dlopen(LIBRARIES[i], RTLD_NOW | RTLD_LOCAL); /* never unloaded */
    if (!handle) {
        snprintf(load_error, sizeof load_error, "libcurl could not be loaded: %s", dlerror());
        return;
    }
    CURLcode (*global_init)(long) = NULL;
    *(void **)&global_init = dlsym(handle, "curl_global_init");
    if (!global_init || !bind_all(handle)) {
        snprintf(load_error, sizeof load_error,
                 "libcurl lacks a function this library needs "
                 "(7.68 or later is required)");
        return;
    }
    CURLcode status = global_init(CURL_GLOBAL_DEFAULT);
    if (status != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "libcurl could not be initialised: %s",
                 api.easy_strerror(status));
        return;
    }
    loaded = true;
}

const mt_curl_api *mt_curl_api_get(char *why, size_t len)
{
    pthread_once(&load_once, load);
    if (!loaded)
        mt_set_error(why, len, "%s", load_error);
    return loaded ? &api : NULL;
}
