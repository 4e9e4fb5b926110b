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
 * Small helpers the handlers share: ids, times, random secrets, and the
 * paginated list answer.
 */

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "api_util.h"

void
api_time_rfc3339(time_t t, char *out, size_t len)
{
	struct tm tm;

	(void)gmtime_r(&t, &tm);
	(void)strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
api_time_sql(time_t t, char *out, size_t len)
{
	struct tm tm;

	(void)gmtime_r(&t, &tm);
	(void)strftime(out, len, "%Y-%m-%d %H:%M:%S", &tm);
}

size_t
api_evidence_aad(int64_t tenant, const char *idhex, char *out, size_t len)
{
	int n;

	n = snprintf(out, len, "torwart-read:%" PRId64 ":%s", tenant, idhex);

	return (n > 0 && (size_t)n < len ? (size_t)n : 0);
}

int
api_random_hex(unsigned char *raw, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	size_t            i;

	if (pseudo_random(raw, n) == -1)
		return (-1);
	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[raw[i] >> 4];
		hex[2 * i + 1] = digits[raw[i] & 0x0f];
	}
	hex[2 * n] = '\0';

	return (0);
}

/* Column c of row r as a JSON value: a string, or null. */
void
api_buf_col(struct kore_buf *b, struct sql_result *r, size_t row, size_t c)
{
	if (sql_result_null(r, row, c))
		kore_buf_appendf(b, "null");
	else
		api_buf_str(b, sql_result_text(r, row, c, NULL));
}

/* Column c as a JSON boolean (an integer, non-zero is true). */
void
api_buf_bool(struct kore_buf *b, struct sql_result *r, size_t row, size_t c)
{
	int64_t v = 0;

	(void)sql_result_int(r, row, c, &v);
	kore_buf_appendf(b, "%s", v != 0 ? "true" : "false");
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/*
 * Decode the query value v[0..vlen) ("%41"; "+" stays "+", as RFC 3986
 * has it, so times keep their offsets) into out[0..len), NUL-terminated.
 * -1 (out "") when it does not fit, or holds a bad or a NUL escape.
 */
static int
url_decode(const char *v, size_t vlen, char *out, size_t len)
{
	size_t i, o = 0;
	int    hi, lo;

	for (i = 0; i < vlen; i++) {
		if (o + 1 >= len)
			goto bad;
		if (v[i] == '%') {
			if (i + 2 >= vlen)
				goto bad;
			if ((hi = hexval(v[i + 1])) == -1 ||
			    (lo = hexval(v[i + 2])) == -1 || (hi | lo) == 0)
				goto bad;
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[o++] = v[i];
		}
	}
	out[o] = '\0';

	return (1);
bad:
	if (len > 0)
		out[0] = '\0';

	return (-1);
}

/*
 * kore keeps only query arguments that a params block of its
 * configuration declares, so the API reads the query string itself.
 */
int
api_query(struct api_ctx *ctx, const char *name, char *out, size_t len)
{
	const char *q = ctx->req->query_string, *v, *end;
	size_t      n = strlen(name), vlen;

	while (q != NULL && *q != '\0') {
		end = strchr(q, '&');
		if (end == NULL)
			end = q + strlen(q);
		if ((size_t)(end - q) > n && strncmp(q, name, n) == 0 &&
		    q[n] == '=') {
			v = q + n + 1;
			vlen = (size_t)(end - v);
			return (url_decode(v, vlen, out, len));
		}
		q = *end == '&' ? end + 1 : end;
	}

	return (0);
}

int
api_body_take(struct api_ctx *ctx, size_t max, char **out, size_t *outlen)
{
	size_t  len = ctx->req->http_body_length, off = 0;
	ssize_t n;
	char   *b;

	*out = NULL;
	*outlen = 0;
	if (len > max) {
		api_error(ctx->req, HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE,
		    "body_too_large", NULL, "the body is larger than allowed");
		return (0);
	}
	if ((b = malloc(len + 1)) == NULL)
		fatalx("%s: out of memory", __func__);
	if (len > 0 && http_body_rewind(ctx->req) == KORE_RESULT_ERROR) {
		free(b);
		api_error(ctx->req, 500, "internal", NULL,
		    "cannot read the body");
		return (0);
	}
	while (
	    off < len && (n = http_body_read(ctx->req, b + off, len - off)) > 0)
		off += (size_t)n;
	if (ctx->req->http_body != NULL)
		explicit_bzero(ctx->req->http_body->data,
		    ctx->req->http_body->length);
	b[off] = '\0';
	if (off != len) {
		api_body_free(b, off);
		api_error(ctx->req, 400, "bad_body", NULL,
		    "the body is shorter than its length");
		return (0);
	}
	*out = b;
	*outlen = off;

	return (1);
}

void
api_body_free(char *b, size_t len)
{
	if (b == NULL)
		return;
	explicit_bzero(b, len);
	free(b);
}

int
api_query_limit(struct api_ctx *ctx, int64_t *limit, int64_t *cursor)
{
	char      s[32], *end;
	long long v;

	*limit = API_LIST_DEFAULT;
	*cursor = 0;
	if (api_query(ctx, "limit", s, sizeof(s))) {
		v = strtoll(s, &end, 10);
		if (*s == '\0' || *end != '\0' || v < 1 || v > API_LIST_MAX) {
			api_error(ctx->req, 400, "invalid_value", "limit",
			    "must be an integer from 1 to 500");
			return (0);
		}
		*limit = v;
	}
	if (api_query(ctx, "cursor", s, sizeof(s))) {
		v = strtoll(s, &end, 10);
		if (*s == '\0' || *end != '\0' || v < 1) {
			api_error(ctx->req, 400, "invalid_value", "cursor",
			    "not a cursor this server gave out");
			return (0);
		}
		*cursor = v;
	}

	return (1);
}

void
api_list_send(struct api_ctx *ctx, int64_t limit,
    void (*item)(struct kore_buf *, struct sql_result *, size_t))
{
	struct sql_result *r = api_result(ctx);
	struct kore_buf   *b;
	size_t             i, n;
	int64_t            last = 0;

	n = r != NULL ? sql_result_rows(r) : 0;
	b = kore_buf_alloc(1024);
	kore_buf_appendf(b, "{\"items\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			kore_buf_appendf(b, ",");
		item(b, r, i);
		(void)sql_result_int(r, i, 0, &last);
	}
	kore_buf_appendf(b, "]");
	if ((int64_t)n == limit && last > 0)
		kore_buf_appendf(b, ",\"next_cursor\":\"%" PRId64 "\"", last);
	else
		kore_buf_appendf(b, ",\"next_cursor\":null");
	kore_buf_appendf(b, "}");
	api_buf_send(ctx, 200, b);
}

/*
 * A user name: 3 to 64 of A-Z a-z 0-9 . _ @ -, starting with a letter or
 * digit.
 */
int
api_username_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 3 || n > 64)
		return (0);
	for (i = 0; i < n; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (i > 0 && strchr("._@-", s[i]) != NULL)
			continue;
		return (0);
	}

	return (1);
}

void
api_buf_list(struct kore_buf *b, const char *s)
{
	size_t len;
	char   one[64];

	kore_buf_appendf(b, "[");
	while (*s != '\0') {
		len = strcspn(s, ",");
		(void)snprintf(one, sizeof(one), "%.*s", (int)len, s);
		api_buf_str(b, one);
		s += len;
		if (*s == ',') {
			s++;
			kore_buf_appendf(b, ",");
		}
	}
	kore_buf_appendf(b, "]");
}
