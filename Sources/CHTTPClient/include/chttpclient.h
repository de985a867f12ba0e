#ifndef MEMHIST_CHTTPCLIENT_H
#define MEMHIST_CHTTPCLIENT_H

#include <stddef.h>

/// The outcome of one HTTP GET (memhist_http_get). `body` and `error` are malloc'd (or NULL);
/// free them with memhist_http_result_free.
typedef struct memhist_http_result {
    /// 0: a response was received (any HTTP status); 1: libcurl could not be loaded;
    /// 2: the transfer failed (connect, TLS, timeout …); 3: the body exceeded the size cap.
    int outcome;
    /// The HTTP status code, 0 when no response arrived.
    long status;
    /// The response body (not NUL-terminated; `body_length` bytes).
    char *body;
    size_t body_length;
    /// A one-line description of what failed, NUL-terminated; NULL on success.
    char *error;
} memhist_http_result;

/// Performs `GET url` with libcurl, loaded with dlopen at the first call (libcurl.so.4, or
/// libcurl.4.dylib on macOS), so that a program that never calls it neither loads nor needs it.
///
/// - header_lines: `header_count` lines like "Authorization: Bearer …" sent with the request.
/// - ca_file: a PEM file of the certificate authorities to trust, or NULL for the system's.
/// - insecure: nonzero skips verifying the server's certificate and name.
/// - timeout_ms: the whole transfer's limit.
/// - max_body: the largest body accepted.
/// Only http and https are allowed; redirects are not followed.
memhist_http_result memhist_http_get(
    const char *url, const char *const *header_lines, int header_count, const char *ca_file, int insecure,
    long timeout_ms, size_t max_body);

/// Frees what a result holds.
void memhist_http_result_free(memhist_http_result *result);

#endif
