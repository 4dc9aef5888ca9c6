// libcurl's variadic functions, resolved on first use (CurlLoader.c). Internal to CCurlShim.
#ifndef CCURLSHIM_CURLLOADER_H
#define CCURLSHIM_CURLLOADER_H

#include <curl/curl.h>

typedef CURLcode (*ccurl_easy_setopt_function)(CURL *handle, CURLoption option, ...);
typedef CURLcode (*ccurl_easy_getinfo_function)(CURL *handle, CURLINFO info, ...);
typedef CURLMcode (*ccurl_multi_setopt_function)(CURLM *multi, CURLMoption option, ...);

ccurl_easy_setopt_function ccurl_easy_setopt_variadic(void);
ccurl_easy_getinfo_function ccurl_easy_getinfo_variadic(void);
ccurl_multi_setopt_function ccurl_multi_setopt_variadic(void);

#endif
