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
 * JSON string escaping for everything the API writes.  kore 4.1's
 * kore_json_item_tobuf() writes strings as they are, so no output goes
 * through it: it goes through here.  Pure C, unit tested without kore.
 */

#include <stddef.h>
#include <stdint.h>

#include "api_json.h"

static size_t put(char *, size_t, size_t, const char *, size_t);

static const char hex[] = "0123456789abcdef";

size_t
api_json_escape(char *dst, size_t dstlen, const char *src, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	char                 u[7];
	size_t               i, n, out = 0;
	uint32_t             cp;

	out = put(dst, dstlen, out, "\"", 1);
	for (i = 0; i < len; i += n) {
		n = 1;
		switch (s[i]) {
		case '"':
			out = put(dst, dstlen, out, "\\\"", 2);
			continue;
		case '\\':
			out = put(dst, dstlen, out, "\\\\", 2);
			continue;
		case '\n':
			out = put(dst, dstlen, out, "\\n", 2);
			continue;
		case '\r':
			out = put(dst, dstlen, out, "\\r", 2);
			continue;
		case '\t':
			out = put(dst, dstlen, out, "\\t", 2);
			continue;
		default:
			break;
		}

		if (s[i] < 0x20 || s[i] == 0x7f || s[i] == '<' || s[i] == '>' ||
		    s[i] == '&') {
			u[0] = '\\';
			u[1] = 'u';
			u[2] = '0';
			u[3] = '0';
			u[4] = hex[s[i] >> 4];
			u[5] = hex[s[i] & 0xf];
			out = put(dst, dstlen, out, u, 6);
			continue;
		}
		if (s[i] < 0x80) {
			out = put(dst, dstlen, out, (const char *)&s[i], 1);
			continue;
		}

		if ((n = api_utf8_decode(&s[i], len - i, &cp)) == 0) {
			/* One bad byte becomes one U+FFFD. */
			n = 1;
			out = put(dst, dstlen, out, "\xef\xbf\xbd", 3);
		} else if (cp == 0x2028 || cp == 0x2029) {
			out = put(dst, dstlen, out,
			    cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
		} else {
			out = put(dst, dstlen, out, (const char *)&s[i], n);
		}
	}
	out = put(dst, dstlen, out, "\"", 1);

	if (dstlen > 0)
		dst[out < dstlen ? out : dstlen - 1] = '\0';

	return (out);
}

/* Append p[0..n) at dst[at] as far as it fits; return the new length. */
static size_t
put(char *dst, size_t dstlen, size_t at, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (dstlen > 0 && at + i < dstlen - 1)
			dst[at + i] = p[i];
	}

	return (at + n);
}

size_t
api_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t   n, i;
	uint32_t c, min;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		return (0);
	}
	if (len < n)
		return (0);

	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return (0);
	*cp = c;

	return (n);
}
