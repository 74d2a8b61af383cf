// libcurl, loaded the first time one of its functions is called rather than when Storyloom
// starts. Foundation's networking library needs these functions at link time (the preview
// server's HTTP library links it), but Storyloom never fetches anything over the network, so
// they are never called. Linked normally, libcurl and the ~30 libraries it loads (TLS, Kerberos,
// LDAP, ...) cost every command about 4 ms of startup for nothing.
//
// Each function below has libcurl's own signature (checked against its header) and forwards to
// the real one, found with dlsym in libcurl.so.4 on first use.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void *library;
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static void load_library(void) {
    library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
}

// The real `name`; a missing libcurl stops the process with the reason, since its callers
// have no way to report it.
static void *real(const char *name) {
    pthread_once(&loaded, load_library);
    void *function = library ? dlsym(library, name) : NULL;
    if (!function) {
        fprintf(stderr, "storyloom: libcurl's %s is not available: %s\n", name, dlerror());
        abort();
    }
    return function;
}

// Looked up at each call: they are never called, so simple and free of races beats fast.
#define FORWARD(result, name, params, args) \
    result name params { return ((result (*) params)real(#name)) args; }
#define FORWARD_VOID(name, params, args) \
    void name params { ((void (*) params)real(#name)) args; }

FORWARD(CURL *, curl_easy_init, (void), ())
FORWARD_VOID(curl_easy_cleanup, (CURL *handle), (handle))
FORWARD(CURLcode, curl_easy_pause, (CURL *handle, int bitmask), (handle, bitmask))
FORWARD(const char *, curl_easy_strerror, (CURLcode code), (code))
FORWARD_VOID(curl_free, (void *pointer), (pointer))
FORWARD(CURLcode, curl_global_init, (long flags), (flags))
FORWARD(CURLM *, curl_multi_init, (void), ())
FORWARD(CURLMcode, curl_multi_add_handle, (CURLM *multi, CURL *handle), (multi, handle))
FORWARD(CURLMcode, curl_multi_remove_handle, (CURLM *multi, CURL *handle), (multi, handle))
FORWARD(CURLMcode, curl_multi_assign, (CURLM *multi, curl_socket_t socket, void *pointer), (multi, socket, pointer))
FORWARD(CURLMcode, curl_multi_cleanup, (CURLM *multi), (multi))
FORWARD(CURLMsg *, curl_multi_info_read, (CURLM *multi, int *queued), (multi, queued))
FORWARD(CURLMcode, curl_multi_socket_action, (CURLM *multi, curl_socket_t socket, int events, int *running), (multi, socket, events, running))
FORWARD(struct curl_slist *, curl_slist_append, (struct curl_slist *list, const char *text), (list, text))
FORWARD_VOID(curl_slist_free_all, (struct curl_slist *list), (list))
FORWARD(CURLU *, curl_url, (void), ())
FORWARD(CURLUcode, curl_url_get, (CURLU *url, CURLUPart part, char **text, unsigned int flags), (url, part, text, flags))
FORWARD(CURLUcode, curl_url_set, (CURLU *url, CURLUPart part, const char *text, unsigned int flags), (url, part, text, flags))
FORWARD(char *, curl_version, (void), ())
FORWARD(curl_version_info_data *, curl_version_info, (CURLversion version), (version))

// The three variadic functions take one argument after the option, whose type the option's
// number says (libcurl numbers options by type: long, object pointer, function pointer, off_t,
// blob); each is read as that type and passed on.
CURLcode curl_easy_setopt(CURL *handle, CURLoption option, ...) {
    CURLcode (*function)(CURL *, CURLoption, ...) = (CURLcode (*)(CURL *, CURLoption, ...))real("curl_easy_setopt");
    va_list list;
    va_start(list, option);
    CURLcode result;
    if (option < CURLOPTTYPE_OBJECTPOINT) {
        result = function(handle, option, va_arg(list, long));
    } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
        result = function(handle, option, va_arg(list, void *));
    } else if (option < CURLOPTTYPE_OFF_T) {
        result = function(handle, option, va_arg(list, void (*)(void)));
    } else if (option < CURLOPTTYPE_BLOB) {
        result = function(handle, option, va_arg(list, curl_off_t));
    } else {
        result = function(handle, option, va_arg(list, void *));
    }
    va_end(list);
    return result;
}

CURLMcode curl_multi_setopt(CURLM *multi, CURLMoption option, ...) {
    CURLMcode (*function)(CURLM *, CURLMoption, ...) = (CURLMcode (*)(CURLM *, CURLMoption, ...))real("curl_multi_setopt");
    va_list list;
    va_start(list, option);
    CURLMcode result;
    if (option < CURLOPTTYPE_OBJECTPOINT) {
        result = function(multi, option, va_arg(list, long));
    } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
        result = function(multi, option, va_arg(list, void *));
    } else if (option < CURLOPTTYPE_OFF_T) {
        result = function(multi, option, va_arg(list, void (*)(void)));
    } else {
        result = function(multi, option, va_arg(list, curl_off_t));
    }
    va_end(list);
    return result;
}

// Every piece of information is written through a pointer.
CURLcode curl_easy_getinfo(CURL *handle, CURLINFO info, ...) {
    CURLcode (*function)(CURL *, CURLINFO, ...) = (CURLcode (*)(CURL *, CURLINFO, ...))real("curl_easy_getinfo");
    va_list list;
    va_start(list, info);
    CURLcode result = function(handle, info, va_arg(list, void *));
    va_end(list);
    return result;
}
