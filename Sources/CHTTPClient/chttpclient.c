// A GET over libcurl loaded at first use: linking libcurl (or FoundationNetworking) would make
// every start of memhist load it and its dependencies, even `memhist --version`. The few
// constants below are libcurl's stable ABI numbers (curl/curl.h), so no curl headers are needed
// to build.

#include "chttpclient.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void CURL;
struct curl_slist;

enum {
    MEMHIST_CURLE_OK = 0,
    MEMHIST_CURLE_WRITE_ERROR = 23,
    MEMHIST_CURL_GLOBAL_DEFAULT = 3,
    MEMHIST_CURL_ERROR_SIZE = 256,
    MEMHIST_CURLPROTO_HTTP = 1,
    MEMHIST_CURLPROTO_HTTPS = 2,
};

// CURLOPTTYPE_LONG = 0, CURLOPTTYPE_OBJECTPOINT = 10000, CURLOPTTYPE_FUNCTIONPOINT = 20000.
enum {
    MEMHIST_CURLOPT_WRITEDATA = 10001,
    MEMHIST_CURLOPT_URL = 10002,
    MEMHIST_CURLOPT_ERRORBUFFER = 10010,
    MEMHIST_CURLOPT_WRITEFUNCTION = 20011,
    MEMHIST_CURLOPT_USERAGENT = 10018,
    MEMHIST_CURLOPT_HTTPHEADER = 10023,
    MEMHIST_CURLOPT_SSL_VERIFYPEER = 64,
    MEMHIST_CURLOPT_CAINFO = 10065,
    MEMHIST_CURLOPT_SSL_VERIFYHOST = 81,
    MEMHIST_CURLOPT_NOSIGNAL = 99,
    MEMHIST_CURLOPT_ACCEPT_ENCODING = 10102,
    MEMHIST_CURLOPT_TIMEOUT_MS = 155,
    MEMHIST_CURLOPT_PROTOCOLS = 181,
    MEMHIST_CURLOPT_REDIR_PROTOCOLS = 182,
};

// CURLINFO_LONG = 0x200000.
enum { MEMHIST_CURLINFO_RESPONSE_CODE = 0x200002 };

static struct {
    int loaded;
    char error[512];
    int (*global_init)(long);
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(int);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

#ifdef __APPLE__
static const char *const library_name = "libcurl.4.dylib";
#else
static const char *const library_name = "libcurl.so.4";
#endif

static void load_curl(void) {
    void *handle = dlopen(library_name, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(curl.error, sizeof curl.error, "cannot load %s", library_name);
        return;
    }
#define MEMHIST_LOAD(field, symbol)                                                                           \
    do {                                                                                                       \
        *(void **)(&curl.field) = dlsym(handle, symbol);                                                      \
        if (curl.field == NULL) {                                                                              \
            snprintf(curl.error, sizeof curl.error, "%s has no %s", library_name, symbol);                    \
            return;                                                                                            \
        }                                                                                                      \
    } while (0)
    MEMHIST_LOAD(global_init, "curl_global_init");
    MEMHIST_LOAD(easy_init, "curl_easy_init");
    MEMHIST_LOAD(easy_setopt, "curl_easy_setopt");
    MEMHIST_LOAD(easy_perform, "curl_easy_perform");
    MEMHIST_LOAD(easy_getinfo, "curl_easy_getinfo");
    MEMHIST_LOAD(easy_cleanup, "curl_easy_cleanup");
    MEMHIST_LOAD(easy_strerror, "curl_easy_strerror");
    MEMHIST_LOAD(slist_append, "curl_slist_append");
    MEMHIST_LOAD(slist_free_all, "curl_slist_free_all");
#undef MEMHIST_LOAD
    if (curl.global_init(MEMHIST_CURL_GLOBAL_DEFAULT) != MEMHIST_CURLE_OK) {
        snprintf(curl.error, sizeof curl.error, "curl_global_init failed");
        return;
    }
    curl.loaded = 1;
}

/// The body received so far, bounded by `limit`.
struct body_buffer {
    char *bytes;
    size_t length;
    size_t capacity;
    size_t limit;
    int too_large;
};

static size_t write_body(char *data, size_t size, size_t count, void *context) {
    struct body_buffer *body = context;
    size_t bytes = size * count;
    if (bytes > body->limit - body->length) {
        body->too_large = 1;
        return 0;
    }
    if (body->length + bytes > body->capacity) {
        size_t capacity = body->capacity ? body->capacity : 65536;
        while (capacity < body->length + bytes) capacity *= 2;
        char *grown = realloc(body->bytes, capacity);
        if (grown == NULL) {
            body->too_large = 1;
            return 0;
        }
        body->bytes = grown;
        body->capacity = capacity;
    }
    memcpy(body->bytes + body->length, data, bytes);
    body->length += bytes;
    return bytes;
}

static char *copy_text(const char *text) {
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy != NULL) memcpy(copy, text, length + 1);
    return copy;
}

memhist_http_result memhist_http_get(
    const char *url, const char *const *header_lines, int header_count, const char *ca_file, int insecure,
    long timeout_ms, size_t max_body) {
    memhist_http_result result = {0, 0, NULL, 0, NULL};
    pthread_once(&load_once, load_curl);
    if (!curl.loaded) {
        result.outcome = 1;
        result.error = copy_text(curl.error);
        return result;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        result.outcome = 2;
        result.error = copy_text("curl_easy_init failed");
        return result;
    }
    struct curl_slist *headers = NULL;
    for (int index = 0; index < header_count; index++) {
        struct curl_slist *appended = curl.slist_append(headers, header_lines[index]);
        if (appended == NULL) break;
        headers = appended;
    }
    char error[MEMHIST_CURL_ERROR_SIZE + 1] = {0};
    struct body_buffer body = {NULL, 0, 0, max_body, 0};
    curl.easy_setopt(handle, MEMHIST_CURLOPT_URL, url);
    curl.easy_setopt(handle, MEMHIST_CURLOPT_PROTOCOLS, (long)(MEMHIST_CURLPROTO_HTTP | MEMHIST_CURLPROTO_HTTPS));
    curl.easy_setopt(
        handle, MEMHIST_CURLOPT_REDIR_PROTOCOLS, (long)(MEMHIST_CURLPROTO_HTTP | MEMHIST_CURLPROTO_HTTPS));
    curl.easy_setopt(handle, MEMHIST_CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, MEMHIST_CURLOPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, MEMHIST_CURLOPT_ERRORBUFFER, error);
    curl.easy_setopt(handle, MEMHIST_CURLOPT_WRITEFUNCTION, write_body);
    curl.easy_setopt(handle, MEMHIST_CURLOPT_WRITEDATA, (void *)&body);
    curl.easy_setopt(handle, MEMHIST_CURLOPT_USERAGENT, "memhist");
    curl.easy_setopt(handle, MEMHIST_CURLOPT_ACCEPT_ENCODING, "");
    if (headers != NULL) curl.easy_setopt(handle, MEMHIST_CURLOPT_HTTPHEADER, headers);
    if (ca_file != NULL) curl.easy_setopt(handle, MEMHIST_CURLOPT_CAINFO, ca_file);
    if (insecure) {
        curl.easy_setopt(handle, MEMHIST_CURLOPT_SSL_VERIFYPEER, 0L);
        curl.easy_setopt(handle, MEMHIST_CURLOPT_SSL_VERIFYHOST, 0L);
    }
    int code = curl.easy_perform(handle);
    curl.easy_getinfo(handle, MEMHIST_CURLINFO_RESPONSE_CODE, &result.status);
    if (body.too_large) {
        result.outcome = 3;
        result.error = copy_text("the response is larger than the limit");
    } else if (code != MEMHIST_CURLE_OK) {
        result.outcome = 2;
        result.error = copy_text(error[0] != 0 ? error : curl.easy_strerror(code));
    }
    if (result.outcome == 0) {
        result.body = body.bytes;
        result.body_length = body.length;
    } else {
        free(body.bytes);
    }
    if (headers != NULL) curl.slist_free_all(headers);
    curl.easy_cleanup(handle);
    return result;
}

void memhist_http_result_free(memhist_http_result *result) {
    free(result->body);
    free(result->error);
    result->body = NULL;
    result->error = NULL;
}
