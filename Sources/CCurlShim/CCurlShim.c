#include "CCurlShim.h"
#include "CurlLoader.h"

// libcurl is loaded on first use (CurlLoader.c): each wrapper calls its variadic function
// through the resolved address, with the one argument of the type the option takes.

CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return ccurl_easy_setopt_variadic()(handle, option, value);
}
CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return ccurl_easy_setopt_variadic()(handle, option, value);
}
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return ccurl_easy_setopt_variadic()(handle, option, value);
}
CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return ccurl_easy_setopt_variadic()(handle, option, value);
}
CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return ccurl_easy_setopt_variadic()(handle, option, value);
}
CURLcode ccurl_easy_setopt_data_callback(CURL *handle, CURLoption option, ccurl_data_callback value) {
    return ccurl_easy_setopt_variadic()(handle, option, value);
}
CURLcode ccurl_easy_setopt_opensocket_callback(CURL *handle, ccurl_opensocket_callback value) {
    return ccurl_easy_setopt_variadic()(handle, CURLOPT_OPENSOCKETFUNCTION, value);
}
CURLcode ccurl_easy_setopt_prereq_callback(CURL *handle, ccurl_prereq_callback value) {
    return ccurl_easy_setopt_variadic()(handle, CURLOPT_PREREQFUNCTION, value);
}
CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return ccurl_easy_getinfo_variadic()(handle, info, value);
}
CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return ccurl_easy_getinfo_variadic()(handle, info, value);
}
CURLcode ccurl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return ccurl_easy_getinfo_variadic()(handle, info, value);
}
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return ccurl_multi_setopt_variadic()(multi, option, value);
}
