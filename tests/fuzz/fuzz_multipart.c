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
 * libFuzzer target for multipart/form-data (api_mp_boundary(),
 * api_mp_parse()).  The input's first line is the Content-Type, the rest
 * the body; when the line gives no boundary the body is split at
 * "boundary" (Hikvision's).  A boundary found has 1 to 70 characters; a
 * failure has a message and no parts; otherwise there are at most
 * API_MP_PARTS_MAX parts, each slice lies inside the body, names are
 * NUL-terminated, not empty and hold no CR, LF or NUL, api_mp_find()
 * finds each name; and the parts written again (CRLF, a fresh boundary,
 * a close delimiter) parse back as the same parts.  Any violation
 * aborts.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../api/api_multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* s[0..size) holds a NUL, and before it no CR or LF; its length. */
static size_t
text(const char *s, size_t size)
{
	const char *nul;

	if ((nul = memchr(s, '\0', size)) == NULL)
		abort();
	if (memchr(s, '\r', (size_t)(nul - s)) != NULL ||
	    memchr(s, '\n', (size_t)(nul - s)) != NULL)
		abort();

	return ((size_t)(nul - s));
}

/* Append s[0..n) to out[0..outlen) at *o. */
static void
put(uint8_t *out, size_t outlen, size_t *o, const void *s, size_t n)
{
	if (*o + n > outlen)
		abort();
	memcpy(out + *o, s, n);
	*o += n;
}

/* Append s as a quoted string, '"' and '\' escaped. */
static void
quoted(uint8_t *out, size_t outlen, size_t *o, const char *s)
{
	put(out, outlen, o, "\"", 1);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			put(out, outlen, o, "\\", 1);
		put(out, outlen, o, s, 1);
	}
	put(out, outlen, o, "\"", 1);
}

/* Whether "--" b occurs in any part's data. */
static int
clash(const struct api_mp *mp, const char *b)
{
	char   d[API_MP_BOUNDARY_MAX + 3];
	size_t i, n;

	n = (size_t)snprintf(d, sizeof(d), "--%s", b);
	for (i = 0; i < mp->n; i++) {
		if (memmem(mp->part[i].data, mp->part[i].len, d, n) != NULL)
			return (1);
	}

	return (0);
}

/* Write mp's parts again and parse them back: the same parts. */
static void
reparse(const struct api_mp *mp)
{
	struct api_mp             again;
	const struct api_mp_part *p, *q;
	uint8_t                  *out;
	char                      b[API_MP_BOUNDARY_MAX + 1];
	const char               *why;
	size_t                    outlen, o = 0, i, k = 0;

	do {
		(void)snprintf(b, sizeof(b), "=_fuzz-%zu_=", k++);
	} while (clash(mp, b));

	outlen = 64;
	for (i = 0; i < mp->n; i++)
		outlen += mp->part[i].len + 1024;
	if ((out = malloc(outlen)) == NULL)
		abort();
	for (i = 0; i < mp->n; i++) {
		p = &mp->part[i];
		put(out, outlen, &o, "--", 2);
		put(out, outlen, &o, b, strlen(b));
		put(out, outlen, &o,
		    "\r\nContent-Disposition: form-data; name=", 39);
		quoted(out, outlen, &o, p->name);
		if (p->has_filename) {
			put(out, outlen, &o, "; filename=", 11);
			quoted(out, outlen, &o, p->filename);
		}
		put(out, outlen, &o, "\r\n", 2);
		if (p->ctype[0] != '\0') {
			put(out, outlen, &o, "Content-Type: ", 14);
			put(out, outlen, &o, p->ctype, strlen(p->ctype));
			put(out, outlen, &o, "\r\n", 2);
		}
		put(out, outlen, &o, "\r\n", 2);
		put(out, outlen, &o, p->data, p->len);
		put(out, outlen, &o, "\r\n", 2);
	}
	put(out, outlen, &o, "--", 2);
	put(out, outlen, &o, b, strlen(b));
	put(out, outlen, &o, "--\r\n", 4);

	if (api_mp_parse(&again, out, o, b, &why) == -1 || !again.closed ||
	    again.n != mp->n)
		abort();
	for (i = 0; i < mp->n; i++) {
		p = &mp->part[i];
		q = &again.part[i];
		if (strcmp(p->name, q->name) != 0 ||
		    strcmp(p->filename, q->filename) != 0 ||
		    p->has_filename != q->has_filename ||
		    strcmp(p->ctype, q->ctype) != 0 || p->len != q->len ||
		    memcmp(p->data, q->data, p->len) != 0)
			abort();
	}
	free(out);
}

static void
check(const uint8_t *body, size_t len, const char *b)
{
	struct api_mp             mp;
	const struct api_mp_part *p;
	const char               *why;
	size_t                    i;

	if (api_mp_parse(&mp, body, len, b, &why) == -1) {
		if (why == NULL || mp.n != 0)
			abort();
		return;
	}
	if (why != NULL || mp.n > API_MP_PARTS_MAX)
		abort();
	for (i = 0; i < mp.n; i++) {
		p = &mp.part[i];
		if (p->data < body || p->len > len ||
		    (size_t)(p->data - body) > len - p->len)
			abort();
		if (text(p->name, sizeof(p->name)) == 0)
			abort();
		(void)text(p->filename, sizeof(p->filename));
		(void)text(p->ctype, sizeof(p->ctype));
		if (!p->has_filename && p->filename[0] != '\0')
			abort();
		if (api_mp_find(&mp, p->name) == NULL ||
		    api_mp_find(&mp, p->name) > p)
			abort();
	}
	reparse(&mp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char           ct[512], b[API_MP_BOUNDARY_MAX + 1];
	const uint8_t *lf;
	const char    *why;
	size_t         n;

	if ((lf = memchr(data, '\n', size)) == NULL)
		return (0);
	n = (size_t)(lf - data);
	if (n >= sizeof(ct))
		n = sizeof(ct) - 1;
	memcpy(ct, data, n);
	ct[n] = '\0';

	if (api_mp_boundary(ct, b, sizeof(b), &why) == 0) {
		if (why != NULL || b[0] == '\0' ||
		    strlen(b) > API_MP_BOUNDARY_MAX)
			abort();
	} else {
		if (why == NULL || b[0] != '\0')
			abort();
		memcpy(b, "boundary", sizeof("boundary"));
	}
	check(lf + 1, size - (size_t)(lf - data) - 1, b);

	return (0);
}
