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
 * A multipart/form-data splitter for camera uploads.  kore 4.1's own
 * parser drops a last part without a close delimiter, quoted boundaries
 * and LF-only bodies, which cameras send; this one takes them, and
 * refuses what is malformed or too large.  It only frames: the parts'
 * data stay in the body, nothing is decoded, nothing nested is entered.
 * Linear in the body (memmem(3) for the delimiters), no recursion, no
 * allocation.  Pure: no kore.
 */

#include <stdint.h>
#include <string.h>

#include "api_multipart.h"

/* A part's header flags. */
#define SEEN_CD   0x01 /* Content-Disposition */
#define SEEN_CT   0x02 /* Content-Type */
#define SEEN_CTE  0x04 /* Content-Transfer-Encoding */
#define SEEN_NAME 0x08 /* name= in Content-Disposition */
#define SEEN_FILE 0x10 /* filename= in Content-Disposition */
#define KEEP      0x20 /* form-data with a name */

/* A delimiter api_mp_parse() found. */
struct delim {
	size_t at; /* its "--" */
	size_t next; /* the first byte after its line */
	int    close; /* "--" boundary "--" */
};

static int    lower(int);
static int    ieq(const char *, size_t, const char *);
static int    tchar(unsigned char);
static int    bchar(unsigned char);
static int    qdtext(unsigned char);
static size_t ows(const char *, size_t, size_t);
static int next_param(const char *, size_t, size_t *, const char **, size_t *,
    const char **, size_t *);
static int unquote(const char *, size_t, char *, size_t, size_t *);
static int boundary_ok(const char *, size_t);
static int delim_end(const uint8_t *, size_t, size_t, struct delim *);
static int find_delim(const uint8_t *, size_t, size_t, const uint8_t *, size_t,
    struct delim *);
static int disposition(const char *, size_t, struct api_mp_part *, int *,
    const char **);
static int header(const char *, size_t, struct api_mp_part *, int *,
    const char **);
static int headers(const uint8_t *, size_t, size_t, struct api_mp_part *, int *,
    size_t *, const char **);
static int part(struct api_mp *, const uint8_t *, size_t, size_t, size_t,
    const char **);

/* ASCII only: tolower(3) follows the locale. */
static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

/* Whether s[0..n) is lit, without regard to ASCII case. */
static int
ieq(const char *s, size_t n, const char *lit)
{
	size_t i;

	if (n != strlen(lit))
		return (0);
	for (i = 0; i < n; i++) {
		if (lower((unsigned char)s[i]) != lower((unsigned char)lit[i]))
			return (0);
	}

	return (1);
}

/* A token's characters (RFC 9110 5.6.2). */
static int
tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return (1);

	return (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* A boundary's characters (RFC 2046 5.1.1). */
static int
bchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return (1);

	return (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
}

/* Characters that stand for themselves in a quoted string (RFC 9110). */
static int
qdtext(unsigned char c)
{
	return (c == '\t' || c == ' ' || c == 0x21 ||
	    (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || c >= 0x80);
}

/* The first index from i on in s[0..len) that is not a space or tab. */
static size_t
ows(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;

	return (i);
}

/*
 * The next parameter of s[0..len) from *off on: *( OWS ";" OWS
 * [ name "=" value ] ) OWS, value a token or a quoted string.  Empty
 * parameters (";;", a ';' at the end) are skipped.  The name and the
 * value as written (quotes and backslashes included) are returned as
 * slices of s.  Returns 1 and moves *off past the parameter, 0 at the
 * end, -1 when s is malformed there.
 */
static int
next_param(const char *s, size_t len, size_t *off, const char **name,
    size_t *namelen, const char **val, size_t *vallen)
{
	size_t i = *off, n;

	for (;;) {
		i = ows(s, len, i);
		if (i == len) {
			*off = i;
			return (0);
		}
		if (s[i] != ';')
			return (-1);
		i = ows(s, len, i + 1);
		if (i < len && s[i] != ';')
			break;
	}

	for (n = i; n < len && tchar((unsigned char)s[n]); n++)
		;
	if (n == i || n == len || s[n] != '=')
		return (-1);
	*name = s + i;
	*namelen = n - i;

	i = n + 1;
	*val = s + i;
	if (i < len && s[i] == '"') {
		for (i++; i < len && s[i] != '"'; i++) {
			if (s[i] == '\\') {
				/* A quoted-pair: HT, SP, VCHAR, obs-text. */
				if (++i == len ||
				    ((unsigned char)s[i] < 0x20 &&
				        s[i] != '\t') ||
				    s[i] == 0x7f)
					return (-1);
			} else if (!qdtext((unsigned char)s[i]))
				return (-1);
		}
		if (i == len)
			return (-1);
		i++;
	} else {
		for (n = i; i < len && tchar((unsigned char)s[i]); i++)
			;
		if (i == n)
			return (-1);
	}
	*vallen = (size_t)(s + i - *val);
	*off = i;

	return (1);
}

/*
 * The value v[0..vlen) as next_param() returned it, unquoted, into
 * out[0..outlen) (outlen > 0) and NUL-terminated, its length in *olen.
 * Returns 0, or -1 when it does not fit.
 */
static int
unquote(const char *v, size_t vlen, char *out, size_t outlen, size_t *olen)
{
	size_t i, o = 0;

	if (vlen >= 2 && v[0] == '"') {
		v++;
		vlen -= 2;
	}
	for (i = 0; i < vlen; i++) {
		/* next_param() saw a character after every backslash. */
		if (v[i] == '\\')
			i++;
		if (o + 1 >= outlen)
			return (-1);
		out[o++] = v[i];
	}
	out[o] = '\0';
	*olen = o;

	return (0);
}

/* Whether b[0..n) is a boundary RFC 2046 allows. */
static int
boundary_ok(const char *b, size_t n)
{
	size_t i;

	if (n < 1 || n > API_MP_BOUNDARY_MAX || b[n - 1] == ' ')
		return (0);
	for (i = 0; i < n; i++) {
		if (!bchar((unsigned char)b[i]))
			return (0);
	}

	return (1);
}

int
api_mp_boundary(const char *ct, char *out, size_t outlen, const char **errstr)
{
	const char *name, *val;
	char        b[API_MP_BOUNDARY_MAX + 1];
	size_t      len, i, n, namelen, vallen, blen = 0;
	int         rc, found = 0;

	*errstr = NULL;
	if (outlen > 0)
		out[0] = '\0';

	/* The media type: tokens cannot hold '/', so compare it whole. */
	len = strlen(ct);
	i = ows(ct, len, 0);
	for (n = i; n < len && (tchar((unsigned char)ct[n]) || ct[n] == '/');
	     n++)
		;
	if (!ieq(ct + i, n - i, "multipart/form-data")) {
		*errstr = API_MP_ETYPE;
		return (-1);
	}

	while ((rc = next_param(ct, len, &n, &name, &namelen, &val, &vallen)) ==
	    1) {
		if (!ieq(name, namelen, "boundary"))
			continue;
		if (found) {
			*errstr = "the boundary is given twice";
			return (-1);
		}
		found = 1;
		if (unquote(val, vallen, b, sizeof(b), &blen) == -1 ||
		    !boundary_ok(b, blen)) {
			*errstr = "the boundary is not one RFC 2046 allows";
			return (-1);
		}
	}
	if (rc == -1) {
		*errstr = "malformed parameters in Content-Type";
		return (-1);
	}
	if (!found) {
		*errstr = "no boundary in Content-Type";
		return (-1);
	}
	if (blen >= outlen) {
		*errstr = "no room for the boundary";
		return (-1);
	}
	memcpy(out, b, blen + 1);

	return (0);
}

/*
 * Whether what follows "--" boundary, from body[q] on, makes it a
 * delimiter: "--" (the close delimiter), or transport padding up to a
 * line break or the end of the body (a CR alone at the very end is taken
 * as a line break cut short).  Fills d->next and d->close when it does.
 */
static int
delim_end(const uint8_t *body, size_t len, size_t q, struct delim *d)
{
	if (len - q >= 2 && body[q] == '-' && body[q + 1] == '-') {
		d->close = 1;
		d->next = len;
		return (1);
	}
	while (q < len && (body[q] == ' ' || body[q] == '\t'))
		q++;
	if (q == len || (body[q] == '\r' && q + 1 == len))
		d->next = len;
	else if (body[q] == '\n')
		d->next = q + 1;
	else if (body[q] == '\r' && body[q + 1] == '\n')
		d->next = q + 2;
	else
		return (0);
	d->close = 0;

	return (1);
}

/*
 * The first delimiter in body[0..len) whose "--" is at from or later,
 * needle[0..nlen) being "\n--" boundary.  A delimiter at from itself
 * needs from to start the body or a line.  Returns 1 with *d filled, 0
 * when there is none.
 */
static int
find_delim(const uint8_t *body, size_t len, size_t from, const uint8_t *needle,
    size_t nlen, struct delim *d)
{
	const uint8_t *p;
	size_t         at;

	if ((from == 0 || body[from - 1] == '\n') && len - from >= nlen - 1 &&
	    memcmp(body + from, needle + 1, nlen - 1) == 0 &&
	    delim_end(body, len, from + nlen - 1, d)) {
		d->at = from;
		return (1);
	}
	while (from < len &&
	    (p = memmem(body + from, len - from, needle, nlen)) != NULL) {
		at = (size_t)(p - body) + 1;
		if (delim_end(body, len, at + nlen - 1, d)) {
			d->at = at;
			return (1);
		}
		/* "--" boundary and more on that line: data. */
		from = at;
	}

	return (0);
}

/*
 * The Content-Disposition value v[0..n) (trimmed) of part pt: the name
 * and filename into pt, KEEP in *flags when it is form-data with a name.
 */
static int
disposition(const char *v, size_t n, struct api_mp_part *pt, int *flags,
    const char **errstr)
{
	const char *name, *val;
	size_t      i, namelen, vallen, l;
	int         rc = 0, form;

	for (i = 0; i < n && tchar((unsigned char)v[i]); i++)
		;
	form = ieq(v, i, "form-data");
	while (i > 0 &&
	    (rc = next_param(v, n, &i, &name, &namelen, &val, &vallen)) == 1) {
		/* "filename*" is another name: RFC 7578 4.2 forbids it. */
		if (ieq(name, namelen, "name")) {
			if ((*flags & SEEN_NAME) != 0) {
				*errstr = "a part's name is given twice";
				return (-1);
			}
			*flags |= SEEN_NAME;
			if (unquote(val, vallen, pt->name, sizeof(pt->name),
			        &l) == -1) {
				*errstr = "a part's name is too long";
				return (-1);
			}
		} else if (ieq(name, namelen, "filename")) {
			if ((*flags & SEEN_FILE) != 0) {
				*errstr = "a part's filename is given twice";
				return (-1);
			}
			*flags |= SEEN_FILE;
			if (unquote(val, vallen, pt->filename,
			        sizeof(pt->filename), &l) == -1) {
				*errstr = "a part's filename is too long";
				return (-1);
			}
			pt->has_filename = 1;
		}
	}
	if (i == 0 || rc == -1) {
		*errstr = "a malformed Content-Disposition in a part";
		return (-1);
	}
	if (form && pt->name[0] != '\0')
		*flags |= KEEP;

	return (0);
}

/* One header line s[0..n) (n > 0, no line break) of part pt. */
static int
header(const char *s, size_t n, struct api_mp_part *pt, int *flags,
    const char **errstr)
{
	size_t i, c, v, e;

	if (s[0] == ' ' || s[0] == '\t') {
		*errstr = "a folded header line in a part";
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') ||
		    s[i] == 0x7f) {
			*errstr = "a control character in a part's headers";
			return (-1);
		}
	}
	for (c = 0; c < n && tchar((unsigned char)s[c]); c++)
		;
	if (c == 0 || c == n || s[c] != ':') {
		*errstr = "a malformed header line in a part";
		return (-1);
	}
	v = ows(s, n, c + 1);
	for (e = n; e > v && (s[e - 1] == ' ' || s[e - 1] == '\t'); e--)
		;

	if (ieq(s, c, "Content-Disposition")) {
		if ((*flags & SEEN_CD) != 0) {
			*errstr = "a part has two Content-Disposition headers";
			return (-1);
		}
		*flags |= SEEN_CD;
		return (disposition(s + v, e - v, pt, flags, errstr));
	}
	if (ieq(s, c, "Content-Type")) {
		if ((*flags & SEEN_CT) != 0) {
			*errstr = "a part has two Content-Type headers";
			return (-1);
		}
		*flags |= SEEN_CT;
		if (e - v > API_MP_CTYPE_MAX) {
			*errstr = "a part's Content-Type is too long";
			return (-1);
		}
		memcpy(pt->ctype, s + v, e - v);
		pt->ctype[e - v] = '\0';
		return (0);
	}
	if (ieq(s, c, "Content-Transfer-Encoding")) {
		if ((*flags & SEEN_CTE) != 0) {
			*errstr = "a part has two Content-Transfer-Encoding "
			          "headers";
			return (-1);
		}
		*flags |= SEEN_CTE;
		/* RFC 7578 4.7: deprecated; nothing here decodes. */
		if (!ieq(s + v, e - v, "7bit") && !ieq(s + v, e - v, "8bit") &&
		    !ieq(s + v, e - v, "binary")) {
			*errstr = "a part's Content-Transfer-Encoding is not "
			          "7bit, 8bit or binary";
			return (-1);
		}
	}

	/* Content-Length (often wrong) and the rest are ignored. */
	return (0);
}

/*
 * The header block of the part in body[start..end) (end: the next
 * delimiter's "--", or the end of the body), into pt and *flags; *hend
 * is where the data begin, after the empty line.  The empty line's line
 * break may be the delimiter's too (a part without data).
 */
static int
headers(const uint8_t *body, size_t start, size_t end, struct api_mp_part *pt,
    int *flags, size_t *hend, const char **errstr)
{
	const uint8_t *lf;
	size_t         i = start, limit, le, lines = 0;

	limit =
	    end - start > API_MP_HEADERS_MAX ? start + API_MP_HEADERS_MAX : end;
	for (;;) {
		if (i == limit ||
		    (lf = memchr(body + i, '\n', limit - i)) == NULL) {
			if (limit < end)
				*errstr = "a part's header block is too long";
			else
				*errstr = "a part's header block does not end "
				          "before the next delimiter";
			return (-1);
		}
		le = (size_t)(lf - body);
		*hend = le + 1;
		if (le > i && body[le - 1] == '\r')
			le--;
		if (le == i)
			return (0);
		if (++lines > API_MP_LINES_MAX) {
			*errstr = "too many header lines in a part";
			return (-1);
		}
		if (header((const char *)body + i, le - i, pt, flags, errstr) ==
		    -1)
			return (-1);
		i = *hend;
	}
}

/*
 * The part in body[start..end) whose data end at dend (its trailing line
 * break left out): into mp->part[mp->n] when it has a name.  An empty
 * part (two delimiters in a row) is skipped.
 */
static int
part(struct api_mp *mp, const uint8_t *body, size_t start, size_t end,
    size_t dend, const char **errstr)
{
	struct api_mp_part *pt = &mp->part[mp->n];
	size_t              hend;
	int                 flags = 0;

	if (start == end)
		return (0);
	if (headers(body, start, end, pt, &flags, &hend, errstr) == -1)
		return (-1);
	if ((flags & KEEP) == 0) {
		memset(pt, 0, sizeof(*pt));
		return (0);
	}
	pt->data = body + hend;
	pt->len = dend > hend ? dend - hend : 0;
	mp->n++;

	return (0);
}

int
api_mp_parse(struct api_mp *mp, const uint8_t *body, size_t len,
    const char *boundary, const char **errstr)
{
	struct delim d;
	uint8_t      needle[3 + API_MP_BOUNDARY_MAX];
	size_t       blen, start, end, dend, count = 0;
	int          found, closed;

	memset(mp, 0, sizeof(*mp));
	*errstr = NULL;

	blen = strnlen(boundary, API_MP_BOUNDARY_MAX + 1);
	if (!boundary_ok(boundary, blen)) {
		*errstr = "the boundary is not one RFC 2046 allows";
		goto fail;
	}
	memcpy(needle, "\n--", 3);
	memcpy(needle + 3, boundary, blen);

	if (len == 0 || !find_delim(body, len, 0, needle, blen + 3, &d)) {
		*errstr = "no multipart delimiter in the body";
		goto fail;
	}
	closed = d.close;
	start = d.next;
	while (!closed && start < len) {
		/* Only a part's bytes tell whether it is kept: count all. */
		if (++count > API_MP_PARTS_MAX) {
			*errstr = API_MP_EPARTS;
			goto fail;
		}
		found = find_delim(body, len, start, needle, blen + 3, &d);
		if (found) {
			/* The line break before the delimiter is its own. */
			end = d.at;
			dend = end > start ? end - 1 : start;
			if (dend > start && body[dend - 1] == '\r')
				dend--;
		} else {
			/*
			 * No delimiter follows: the data run to the end,
			 * less the one line break a sender writes before
			 * the delimiter it then left out.
			 */
			end = dend = len;
			if (dend > start && body[dend - 1] == '\n') {
				dend--;
				if (dend > start && body[dend - 1] == '\r')
					dend--;
			}
		}
		if (part(mp, body, start, end, dend, errstr) == -1)
			goto fail;
		if (!found)
			break;
		closed = d.close;
		start = d.next;
	}
	mp->closed = closed;

	return (0);

fail:
	memset(mp, 0, sizeof(*mp));

	return (-1);
}

const struct api_mp_part *
api_mp_find(const struct api_mp *mp, const char *name)
{
	size_t i;

	for (i = 0; i < mp->n; i++) {
		if (ieq(name, strlen(name), mp->part[i].name))
			return (&mp->part[i]);
	}

	return (NULL);
}
