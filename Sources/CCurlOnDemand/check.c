// A check of the forwarding functions for the tests (see the header).
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <string.h>
#include "CCurlOnDemand.h"

static size_t discard(char *data, size_t size, size_t count, void *context) {
    (void)data; (void)context;
    return size * count;
}

int storyloom_curl_on_demand_check(void) {
    const char *version = curl_version();
    if (!version || strncmp(version, "libcurl/", 8) != 0) return 1;
    CURL *handle = curl_easy_init();
    if (!handle) return 2;
    int failed = 0;
    static int marker;
    void *back = NULL;
    if (curl_easy_setopt(handle, CURLOPT_TIMEOUT, 5L) != CURLE_OK) failed = 3;
    else if (curl_easy_setopt(handle, CURLOPT_PRIVATE, (void *)&marker) != CURLE_OK) failed = 4;
    else if (curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, discard) != CURLE_OK) failed = 5;
    else if (curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)1 << 40) != CURLE_OK) failed = 6;
    else if (curl_easy_getinfo(handle, CURLINFO_PRIVATE, &back) != CURLE_OK || back != &marker) failed = 7;
    curl_easy_cleanup(handle);
    return failed;
}
