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
 * Responses every handler shares: the API's one error format, JSON
 * bodies, method checks, and the JSON 404 for paths no route serves.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <string.h>

#include "api.h"

void
api_json_response(struct http_request *req, int status, const char *body,
    size_t len)
{
	http_response_header(req, "content-type", "application/json");
	http_response_header(req, "cache-control", "no-store");
	http_response(req, status, body, len);
}

void
api_error(struct http_request *req, int status, const char *code,
    const char *field, const char *message)
{
	struct kore_buf buf;

	kore_buf_init(&buf, 256);
	kore_buf_appendf(&buf, "{\"error\":{\"code\":");
	api_buf_str(&buf, code);
	kore_buf_appendf(&buf, ",\"message\":");
	api_buf_str(&buf, message);
	if (field != NULL) {
		kore_buf_appendf(&buf, ",\"field\":");
		api_buf_str(&buf, field);
	}
	kore_buf_appendf(&buf, "}}");

	api_json_response(req, status, (const char *)buf.data, buf.offset);
	kore_buf_cleanup(&buf);
}

int
api_method_allowed(struct http_request *req, int allowed)
{
	struct kore_buf  buf;
	static const int methods[] = { HTTP_METHOD_GET, HTTP_METHOD_HEAD,
		HTTP_METHOD_POST, HTTP_METHOD_PUT, HTTP_METHOD_DELETE,
		HTTP_METHOD_PATCH };
	size_t           i;

	if (req->method & allowed)
		return (1);

	kore_buf_init(&buf, 64);
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		if (!(allowed & methods[i]))
			continue;
		kore_buf_appendf(&buf, "%s%s", buf.offset > 0 ? ", " : "",
		    http_method_text(methods[i]));
	}
	kore_buf_stringify(&buf, NULL);
	http_response_header(req, "allow", (const char *)buf.data);
	api_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
	    NULL, "this method is not allowed on this resource");
	kore_buf_cleanup(&buf);

	return (0);
}

int
api_not_found(struct http_request *req)
{
	api_error(req, HTTP_STATUS_NOT_FOUND, "not_found", NULL,
	    "no such resource");

	return (KORE_RESULT_OK);
}

void
api_buf_str(struct kore_buf *buf, const char *s)
{
	char   small[256], *big;
	size_t len, need;

	len = strlen(s);
	need = api_json_escape(small, sizeof(small), s, len);
	if (need < sizeof(small)) {
		kore_buf_append(buf, small, need);
		return;
	}
	big = kore_malloc(need + 1);
	(void)api_json_escape(big, need + 1, s, len);
	kore_buf_append(buf, big, need);
	kore_free(big);
}
