// libcurl, loaded on first use. The binary does not link libcurl: this file defines the libcurl
// functions that the Swift code and CCurlShim.c call, under their own names and signatures, and
// forwards each to libcurl.so.4's, resolved once (dlopen, then dlsym for every function at once,
// so that a missing one is reported before any transfer starts). The variadic setopt and getinfo
// are not defined here: only CCurlShim.c's typed wrappers call them, through ccurl_variadic().
#include "CCurlShim.h"
#include "CurlLoader.h"

#include <CLazyLoad.h>
#include <pthread.h>

// X(return type, name, parameters, arguments); XV for the functions that return nothing.
#define CURL_FORWARDED(X, XV)                                                                       \
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
      (url, what, part, flags))

#define CURL_VARIADIC(X) X(curl_easy_setopt) X(curl_easy_getinfo) X(curl_multi_setopt)

#define SLOT(type, name, parameters, arguments) slot_##name,
#define SLOT_VOID(name, parameters, arguments) slot_##name,
#define SLOT_VARIADIC(name) slot_##name,
enum { CURL_FORWARDED(SLOT, SLOT_VOID) CURL_VARIADIC(SLOT_VARIADIC) slot_count };

#define NAME(type, name, parameters, arguments) #name,
#define NAME_VOID(name, parameters, arguments) #name,
#define NAME_VARIADIC(name) #name,
static const char *const names[slot_count] = {CURL_FORWARDED(NAME, NAME_VOID) CURL_VARIADIC(NAME_VARIADIC)};

static void *slots[slot_count];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) { lazy_load_or_exit("libcurl.so.4", "libcurl4", names, slots, slot_count); }

static inline void *const *curl_slots(void) {
    pthread_once(&once, load);
    return slots;
}

#define FORWARD(type, name, parameters, arguments)                                                  \
    type name parameters { return ((type(*) parameters)curl_slots()[slot_##name]) arguments; }
#define FORWARD_VOID(name, parameters, arguments)                                                   \
    void name parameters { ((void(*) parameters)curl_slots()[slot_##name]) arguments; }
CURL_FORWARDED(FORWARD, FORWARD_VOID)

ccurl_easy_setopt_function ccurl_easy_setopt_variadic(void) {
    return (ccurl_easy_setopt_function)curl_slots()[slot_curl_easy_setopt];
}
ccurl_easy_getinfo_function ccurl_easy_getinfo_variadic(void) {
    return (ccurl_easy_getinfo_function)curl_slots()[slot_curl_easy_getinfo];
}
ccurl_multi_setopt_function ccurl_multi_setopt_variadic(void) {
    return (ccurl_multi_setopt_function)curl_slots()[slot_curl_multi_setopt];
}
