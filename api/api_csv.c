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
 * An RFC 4180 reader, strict about what it accepts (the records are
 * list entries an admin uploads), and the field quoting of exports.
 * Pure: no kore, no allocation.
 */

#include <stdint.h>
#include <string.h>

#include "api_csv.h"
#include "api_json.h"

static int put(char *, size_t, size_t *, char);
static int utf8_ok(const char *, size_t, size_t *);

void
api_csv_init(struct api_csv *r, const char *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->off = 0;
	r->line = 1;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		r->off = 3;
}

/* Append c to out[0..outlen) at *o; 0 when there is no room. */
static int
put(char *out, size_t outlen, size_t *o, char c)
{
	if (*o >= outlen)
		return (0);
	out[(*o)++] = c;

	return (1);
}

/*
 * The UTF-8 sequence at s[0..len) (len > 0): its length in *n, 0 when
 * it is not valid UTF-8 or a NUL.
 */
static int
utf8_ok(const char *s, size_t len, size_t *n)
{
	uint32_t cp;

	if ((unsigned char)s[0] < 0x80) {
		*n = 1;
		return (s[0] != '\0');
	}
	*n = api_utf8_decode((const unsigned char *)s, len, &cp);

	return (*n != 0);
}

int
api_csv_next(struct api_csv *r, char *out, size_t outlen, char **field,
    size_t max, size_t *nf, size_t *line, const char **errstr)
{
	const char *s = r->buf;
	size_t      o = 0, n, i = r->off, lines = 0;
	int         quoted = 0, start = 1, closed = 0;

	*nf = 0;
	*line = r->line;
	*errstr = NULL;
	if (i >= r->len)
		return (0);
	if (max == 0 || outlen == 0) {
		*errstr = "no room for a field";
		return (-1);
	}
	field[(*nf)++] = out;

	while (i < r->len) {
		if (start && s[i] == '"') {
			quoted = 1;
			start = 0;
			i++;
			continue;
		}
		start = 0;
		if (quoted) {
			if (s[i] == '"') {
				if (i + 1 < r->len && s[i + 1] == '"') {
					if (!put(out, outlen, &o, '"'))
						goto toolong;
					i += 2;
					continue;
				}
				quoted = 0;
				closed = 1;
				i++;
				continue;
			}
		} else if (s[i] == ',') {
			if (!put(out, outlen, &o, '\0'))
				goto toolong;
			if (*nf == max) {
				*errstr = "too many fields";
				goto fail;
			}
			field[(*nf)++] = out + o;
			start = 1;
			closed = 0;
			i++;
			continue;
		} else if (s[i] == '\n' ||
		    (s[i] == '\r' && i + 1 < r->len && s[i + 1] == '\n')) {
			i += s[i] == '\r' ? 2 : 1;
			lines++;
			break;
		} else if (s[i] == '\r') {
			*errstr = "a CR without LF";
			goto fail;
		} else if (closed) {
			*errstr = "text after a closing quote";
			goto fail;
		} else if (s[i] == '"') {
			*errstr = "a quote inside an unquoted field";
			goto fail;
		}
		if (!utf8_ok(s + i, r->len - i, &n)) {
			*errstr = "not UTF-8 text (or a NUL byte)";
			goto fail;
		}
		if (s[i] == '\n')
			lines++;
		while (n-- > 0) {
			if (!put(out, outlen, &o, s[i++]))
				goto toolong;
		}
	}
	if (quoted) {
		*errstr = "a quoted field is not closed";
		goto fail;
	}
	if (!put(out, outlen, &o, '\0'))
		goto toolong;
	r->off = i;
	r->line += lines;

	return (1);

toolong:
	*errstr = "the record is too long";
fail:
	r->off = r->len;
	memset(out, 0, outlen);

	return (-1);
}

size_t
api_csv_quote(char *dst, size_t dstlen, const char *s)
{
	size_t len = strlen(s), i, o = 0;
	int    q;

	q = strpbrk(s, ",\"\r\n") != NULL ||
	    (len > 0 && (s[0] == ' ' || s[len - 1] == ' '));
	if (q) {
		if (o + 1 < dstlen)
			dst[o] = '"';
		o++;
	}
	for (i = 0; i < len; i++) {
		if (s[i] == '"') {
			if (o + 1 < dstlen)
				dst[o] = '"';
			o++;
		}
		if (o + 1 < dstlen)
			dst[o] = s[i];
		o++;
	}
	if (q) {
		if (o + 1 < dstlen)
			dst[o] = '"';
		o++;
	}
	if (dstlen > 0)
		dst[o < dstlen ? o : dstlen - 1] = '\0';

	return (o);
}
