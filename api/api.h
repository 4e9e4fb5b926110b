/*
 * Copyright (c) 2026 The Torwart authors
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

/*
 * The HTTP side: handlers named in kore's configuration and the helpers
 * they share for JSON output.
 */

#ifndef API_H
#define API_H

#include <stddef.h>

struct http_request;

/*
 * Write s[0..len) as a JSON string literal, quotes included, into
 * dst[0..dstlen), NUL-terminated when dstlen > 0.  Escapes '"', '\\',
 * control characters, DEL, '<', '>', '&', U+2028 and U+2029, and replaces
 * every byte that is not part of valid UTF-8 (overlong forms, surrogates,
 * code points past U+10FFFF) with U+FFFD.  Returns the length the literal
 * needs without the NUL, like snprintf(3): the output was cut when the
 * result is >= dstlen.  Pure: no kore (api_json.c).
 */
size_t api_json_escape(char *, size_t, const char *, size_t);

/*
 * Send the one error format of the API,
 * {"error":{"code":…,"message":…,"field":…}}, with status; field may be
 * NULL.  Every string is escaped.  The handler returns KORE_RESULT_OK
 * afterwards.
 */
void api_error(struct http_request *, int, const char *, const char *,
    const char *);

/* Send body[0..len) as application/json with status. */
void api_json_response(struct http_request *, int, const char *, size_t);

/*
 * 1 when the request's method is one of the HTTP_METHOD_* bits in
 * allowed; else answers 405 with an Allow header and returns 0.
 */
int api_method_allowed(struct http_request *, int);

/* Handlers (kore's configuration names them). */
int api_health(struct http_request *);
int api_not_found(struct http_request *);

#endif /* API_H */
