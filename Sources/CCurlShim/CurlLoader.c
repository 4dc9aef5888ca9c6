// libcurl, loaded on first use. The binary does not link libcurl: this file defines the libcurl
// functions that the Swift code and CCurlShim.c call, under their own names and signatures, and
// forwards each to libcurl.so.4's, resolved once (dlopen, then dlsym for every function at once,
// so that a missing one is reported before any transfer starts). The variadic setopt and getinfo
// are not defined here: only CCurlShim.c's typed wrappers call them, through their addresses
// (ccurl_easy_setopt_variadic() and the like, below).
#include "CCurlShim.h"
#include "CurlLoader.h"

#include <CLazyLoad.h>

// The functions, as LAZY_LIBRARY lists them (CLazyLoad.h); the variadic ones by address only.
#define CURL_FUNCTIONS(X, XV, XA)                                                                   \
    X(CURL *, curl_easy_init, (void), ())                                                           \
    XV(curl_easy_cleanup, (CURL *curl), (curl))                                                    \
    X(CURLcode, curl_easy_perform, (CURL *curl), (curl))                                           \
    X(const char *, curl_easy_strerror, (CURLcode code), (code))                                    \
    X(const struct curl_easyoption *, curl_easy_option_by_id, (CURLoption id), (id))                \
    XV(curl_free, (void *p), (p))                                                                   \
    X(CURLcode, curl_global_init, (long flags), (flags))                                            \
    X(CURLM *, curl_multi_init, (void), ())                                                         \
    X(CURLMcode, curl_multi_cleanup, (CURLM *multi), (multi))                                      \
    X(CURLMcode, curl_multi_add_handle, (CURLM *multi, CURL *easy), (multi, easy))                \
    X(CURLMcode, curl_multi_remove_handle, (CURLM *multi, CURL *easy), (multi, easy))             \
    X(CURLMcode, curl_multi_perform, (CURLM *multi, int *running), (multi, running))               \
    X(CURLMcode, curl_multi_poll,                                                                   \
      (CURLM *multi, struct curl_waitfd extra_fds[], unsigned int extra_nfds, int timeout_ms,      \
       int *ret),                                                                                   \
      (multi, extra_fds, extra_nfds, timeout_ms, ret))                                              \
    X(CURLMcode, curl_multi_wakeup, (CURLM *multi), (multi))                                       \
    X(CURLMsg *, curl_multi_info_read, (CURLM *multi, int *queued), (multi, queued))               \
    X(struct curl_slist *, curl_slist_append, (struct curl_slist *list, const char *data),         \
      (list, data))                                                                                 \
    XV(curl_slist_free_all, (struct curl_slist *list), (list))                                     \
    X(CURLU *, curl_url, (void), ())                                                                \
    XV(curl_url_cleanup, (CURLU *url), (url))                                                      \
    X(CURLUcode, curl_url_get, (CURLU *url, CURLUPart what, char **part, unsigned int flags),      \
      (url, what, part, flags))                                                                     \
    X(CURLUcode, curl_url_set, (CURLU *url, CURLUPart what, const char *part, unsigned int flags), \
      (url, what, part, flags))                                                                     \
    XA(curl_easy_setopt)                                                                            \
    XA(curl_easy_getinfo)                                                                           \
    XA(curl_multi_setopt)

LAZY_LIBRARY("libcurl.so.4", "libcurl4", CURL_FUNCTIONS)

ccurl_easy_setopt_function ccurl_easy_setopt_variadic(void) {
    return (ccurl_easy_setopt_function)lazy_function(lazy_slot_curl_easy_setopt);
}
ccurl_easy_getinfo_function ccurl_easy_getinfo_variadic(void) {
    return (ccurl_easy_getinfo_function)lazy_function(lazy_slot_curl_easy_getinfo);
}
ccurl_multi_setopt_function ccurl_multi_setopt_variadic(void) {
    return (ccurl_multi_setopt_function)lazy_function(lazy_slot_curl_multi_setopt);
}
