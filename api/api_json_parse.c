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
 * Strict JSON parsing of request bodies (RFC 8259).  Recursive descent,
 * bounded by API_JSON_DEPTH_MAX; values and decoded strings live in one
 * arena of growing blocks that api_json_free() wipes and frees.  Time is
 * linear in the input: strings are scanned once to size them and once to
 * decode, and a member name is compared with at most
 * API_JSON_MEMBERS_MAX - 1 others, by length and hash first, so even
 * names crafted to collide cost at most that factor.  Pure C, no kore.
 */

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.h"

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define IS_WS(c)    ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r')

#define BLOCK_MIN 4096
#define BLOCK_MAX (1024 * 1024)

/* The strictest alignment a value needs. */
union align {
	void   *p;
	int64_t i;
	double  d;
};

struct block {
	struct block *next;
	size_t        size; /* bytes in data */
	size_t        used;
	union align   data[];
};

struct api_jdoc {
	struct block      *blocks; /* the newest first */
	size_t             nextsize;
	struct api_jvalue *root;
};

/* A value and what the parser keeps about it (the public part first). */
struct node {
	struct api_jvalue v;
	uint64_t          keyhash; /* FNV-1a of the member name */
};

struct parser {
	const unsigned char *buf;
	size_t               len;
	size_t               pos;
	struct api_jdoc     *doc;
	struct api_jerror   *err;
};

static void *arena_alloc(struct api_jdoc *, size_t, size_t);
static void  skip_ws(struct parser *);
static int   unexpected(struct parser *);
static int   parse_value(struct parser *, int, struct node **);
static int   parse_array(struct parser *, int, struct node *);
static int   parse_object(struct parser *, int, struct node *);
static int   parse_member(struct parser *, int, struct node *, struct node **);
static int check_name(struct parser *, const struct node *, const struct node *,
    size_t);
static int parse_literal(struct parser *, struct node *);
static int parse_number(struct parser *, struct node *);
static size_t scan_digits(struct parser *);
static int    parse_string(struct parser *, const char **, size_t *);
static size_t parse_escape(struct parser *, size_t, unsigned char *, size_t *);
static int    hex4(const unsigned char *, uint32_t *);
static size_t utf8_encode(uint32_t, unsigned char *);
static size_t utf8_valid(const unsigned char *, size_t);
static void   quote_name(char *, size_t, const char *, size_t);

static int seterr(struct parser *, size_t, const char *, ...)
    __attribute__((__format__(__printf__, 3, 4)));

struct api_jdoc *
api_json_parse(const char *buf, size_t len, struct api_jerror *err)
{
	struct api_jerror dummy;
	struct parser     p;
	struct node      *root;

	if (err == NULL)
		err = &dummy;
	err->offset = 0;
	err->message[0] = '\0';

	memset(&p, 0, sizeof(p));
	p.buf = (const unsigned char *)buf;
	p.len = len;
	p.err = err;
	if ((p.doc = calloc(1, sizeof(*p.doc))) == NULL) {
		seterr(&p, 0, "out of memory");
		return (NULL);
	}
	p.doc->nextsize = BLOCK_MIN;

	if (buf == NULL && len > 0) {
		seterr(&p, 0, "no input");
		goto fail;
	}
	skip_ws(&p);
	if (parse_value(&p, 0, &root) == -1)
		goto fail;
	skip_ws(&p);
	if (p.pos != p.len) {
		unexpected(&p);
		goto fail;
	}
	p.doc->root = &root->v;

	return (p.doc);

fail:
	api_json_free(p.doc);
	return (NULL);
}

const struct api_jvalue *
api_json_root(const struct api_jdoc *doc)
{
	if (doc == NULL)
		return (NULL);
	return (doc->root);
}

void
api_json_free(struct api_jdoc *doc)
{
	struct block *b, *next;

	if (doc == NULL)
		return;
	for (b = doc->blocks; b != NULL; b = next) {
		next = b->next;
		explicit_bzero(b->data, b->used);
		free(b);
	}
	free(doc);
}

const struct api_jvalue *
api_json_get(const struct api_jvalue *o, const char *key)
{
	const struct api_jvalue *m;

	if (o == NULL || o->type != API_JOBJECT || key == NULL)
		return (NULL);
	for (m = o->child; m != NULL; m = m->next) {
		if (strcmp(m->key, key) == 0)
			return (m);
	}

	return (NULL);
}

/*
 * n bytes aligned to align (1 or sizeof(union align)) from the newest
 * block, or from a new one twice as big as the last, up to BLOCK_MAX, or
 * as big as n.  The memory is zeroed.  NULL when out of memory.
 */
static void *
arena_alloc(struct api_jdoc *doc, size_t n, size_t align)
{
	struct block  *b = doc->blocks;
	size_t         at, size;
	unsigned char *mem;

	if (b != NULL) {
		at = (b->used + align - 1) / align * align;
		if (at <= b->size && b->size - at >= n) {
			b->used = at + n;
			mem = (unsigned char *)b->data + at;
			return (mem);
		}
	}

	size = doc->nextsize;
	if (doc->nextsize < BLOCK_MAX)
		doc->nextsize *= 2;
	if (size < n)
		size = n;
	if (size > SIZE_MAX - sizeof(*b))
		return (NULL);
	if ((b = calloc(1, sizeof(*b) + size)) == NULL)
		return (NULL);
	b->size = size;
	b->used = n;
	b->next = doc->blocks;
	doc->blocks = b;

	return (b->data);
}

/* Record the error at offset; returns -1 for the caller to pass on. */
static int
seterr(struct parser *p, size_t offset, const char *fmt, ...)
{
	va_list ap;

	p->err->offset = offset;
	va_start(ap, fmt);
	(void)vsnprintf(p->err->message, sizeof(p->err->message), fmt, ap);
	va_end(ap);

	return (-1);
}

static void
skip_ws(struct parser *p)
{
	while (p->pos < p->len && IS_WS(p->buf[p->pos]))
		p->pos++;
}

/* The error for a byte that cannot start or continue anything here. */
static int
unexpected(struct parser *p)
{
	unsigned char c;

	if (p->pos >= p->len)
		return (seterr(p, p->len, "unexpected end of input"));
	c = p->buf[p->pos];
	if (c == '\0')
		return (seterr(p, p->pos, "NUL byte"));
	if (c > 0x20 && c < 0x7f)
		return (seterr(p, p->pos, "unexpected character '%c'", c));

	return (seterr(p, p->pos, "unexpected byte 0x%02x", c));
}

/*
 * Parse the value at p->pos (whitespace already skipped), which sits
 * inside depth arrays and objects, into a new node *out.
 */
static int
parse_value(struct parser *p, int depth, struct node **out)
{
	struct node *n;

	if ((n = arena_alloc(p->doc, sizeof(*n), sizeof(union align))) == NULL)
		return (seterr(p, p->pos, "out of memory"));
	*out = n;

	if (p->pos >= p->len)
		return (unexpected(p));
	switch (p->buf[p->pos]) {
	case '[':
		return (parse_array(p, depth, n));
	case '{':
		return (parse_object(p, depth, n));
	case '"':
		n->v.type = API_JSTRING;
		return (parse_string(p, &n->v.str, &n->v.len));
	case 't':
	case 'f':
	case 'n':
		return (parse_literal(p, n));
	default:
		if (p->buf[p->pos] == '-' || IS_DIGIT(p->buf[p->pos]))
			return (parse_number(p, n));
		return (unexpected(p));
	}
}

static int
parse_array(struct parser *p, int depth, struct node *n)
{
	struct node       *elem;
	struct api_jvalue *last = NULL;

	if (depth >= API_JSON_DEPTH_MAX)
		return (seterr(p, p->pos, "nesting deeper than %d",
		    API_JSON_DEPTH_MAX));
	n->v.type = API_JARRAY;
	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->buf[p->pos] == ']') {
		p->pos++;
		return (0);
	}

	for (;;) {
		skip_ws(p);
		if (p->pos < p->len && p->buf[p->pos] == ']')
			return (seterr(p, p->pos, "trailing comma"));
		if (parse_value(p, depth + 1, &elem) == -1)
			return (-1);
		if (last == NULL)
			n->v.child = &elem->v;
		else
			last->next = &elem->v;
		last = &elem->v;
		n->v.count++;

		skip_ws(p);
		if (p->pos >= p->len)
			return (unexpected(p));
		if (p->buf[p->pos] == ']')
			break;
		if (p->buf[p->pos] != ',')
			return (seterr(p, p->pos, "expected ',' or ']'"));
		p->pos++;
	}
	p->pos++;

	return (0);
}

static int
parse_object(struct parser *p, int depth, struct node *n)
{
	struct node       *m;
	struct api_jvalue *last = NULL;

	if (depth >= API_JSON_DEPTH_MAX)
		return (seterr(p, p->pos, "nesting deeper than %d",
		    API_JSON_DEPTH_MAX));
	n->v.type = API_JOBJECT;
	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->buf[p->pos] == '}') {
		p->pos++;
		return (0);
	}

	for (;;) {
		skip_ws(p);
		if (p->pos < p->len && p->buf[p->pos] == '}')
			return (seterr(p, p->pos, "trailing comma"));
		if (n->v.count == API_JSON_MEMBERS_MAX)
			return (seterr(p, p->pos, "more than %d members",
			    API_JSON_MEMBERS_MAX));
		if (parse_member(p, depth, n, &m) == -1)
			return (-1);
		if (last == NULL)
			n->v.child = &m->v;
		else
			last->next = &m->v;
		last = &m->v;
		n->v.count++;

		skip_ws(p);
		if (p->pos >= p->len)
			return (unexpected(p));
		if (p->buf[p->pos] == '}')
			break;
		if (p->buf[p->pos] != ',')
			return (seterr(p, p->pos, "expected ',' or '}'"));
		p->pos++;
	}
	p->pos++;

	return (0);
}

/* One "name": value of object o into *out; the name must be new in o. */
static int
parse_member(struct parser *p, int depth, struct node *o, struct node **out)
{
	struct node probe;
	const char *key;
	size_t      keylen, keyoff, i;
	uint64_t    h = 14695981039346656037ULL; /* FNV-1a */

	if (p->pos >= p->len || p->buf[p->pos] != '"') {
		if (p->pos >= p->len)
			return (unexpected(p));
		return (seterr(p, p->pos, "expected member name"));
	}
	keyoff = p->pos;
	if (parse_string(p, &key, &keylen) == -1)
		return (-1);
	for (i = 0; i < keylen; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;

	memset(&probe, 0, sizeof(probe));
	probe.v.key = key;
	probe.v.keylen = keylen;
	probe.keyhash = h;
	if (check_name(p, o, &probe, keyoff) == -1)
		return (-1);

	skip_ws(p);
	if (p->pos >= p->len)
		return (unexpected(p));
	if (p->buf[p->pos] != ':')
		return (seterr(p, p->pos, "expected ':'"));
	p->pos++;
	skip_ws(p);
	if (parse_value(p, depth + 1, out) == -1)
		return (-1);
	(*out)->v.key = key;
	(*out)->v.keylen = keylen;
	(*out)->keyhash = h;

	return (0);
}

/*
 * Refuse the name of m, which starts at keyoff in the input, when a
 * member of o has it already.  At most API_JSON_MEMBERS_MAX - 1
 * comparisons, nearly all ending at the length or the hash.
 */
static int
check_name(struct parser *p, const struct node *o, const struct node *m,
    size_t keyoff)
{
	const struct api_jvalue *v;
	const struct node       *x;
	char                     name[56];

	for (v = o->v.child; v != NULL; v = v->next) {
		x = (const struct node *)v;
		if (x->v.keylen != m->v.keylen || x->keyhash != m->keyhash ||
		    memcmp(x->v.key, m->v.key, m->v.keylen) != 0)
			continue;
		quote_name(name, sizeof(name), m->v.key, m->v.keylen);
		return (seterr(p, keyoff, "duplicate member %s", name));
	}

	return (0);
}

static int
parse_literal(struct parser *p, struct node *n)
{
	static const struct {
		const char    *text;
		size_t         len;
		enum api_jtype type;
	} lits[] = {
		{ "true", 4, API_JTRUE },
		{ "false", 5, API_JFALSE },
		{ "null", 4, API_JNULL },
	};
	size_t i;

	for (i = 0; i < sizeof(lits) / sizeof(lits[0]); i++) {
		if (p->buf[p->pos] != (unsigned char)lits[i].text[0])
			continue;
		if (p->len - p->pos < lits[i].len ||
		    memcmp(p->buf + p->pos, lits[i].text, lits[i].len) != 0)
			break;
		n->v.type = lits[i].type;
		p->pos += lits[i].len;
		return (0);
	}

	return (seterr(p, p->pos, "invalid literal"));
}

/*
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, nothing else: strtod(3)
 * alone would take "+1", " 1", "0x1p3", "inf" and "nan".
 */
static int
parse_number(struct parser *p, struct node *n)
{
	size_t start = p->pos;
	int    integer = 1;
	char  *text;

	n->v.type = API_JNUMBER;
	if (p->buf[p->pos] == '-')
		p->pos++;
	if (p->pos < p->len && p->buf[p->pos] == '0') {
		p->pos++;
		if (p->pos < p->len && IS_DIGIT(p->buf[p->pos]))
			return (seterr(p, p->pos - 1, "leading zero"));
	} else if (scan_digits(p) == 0) {
		return (seterr(p, p->pos, "digit expected"));
	}
	if (p->pos < p->len && p->buf[p->pos] == '.') {
		integer = 0;
		p->pos++;
		if (scan_digits(p) == 0)
			return (seterr(p, p->pos, "digit expected after '.'"));
	}
	if (p->pos < p->len &&
	    (p->buf[p->pos] == 'e' || p->buf[p->pos] == 'E')) {
		integer = 0;
		p->pos++;
		if (p->pos < p->len &&
		    (p->buf[p->pos] == '+' || p->buf[p->pos] == '-'))
			p->pos++;
		if (scan_digits(p) == 0)
			return (seterr(p, p->pos, "exponent needs a digit"));
	}

	n->v.len = p->pos - start;
	if ((text = arena_alloc(p->doc, n->v.len + 1, 1)) == NULL)
		return (seterr(p, start, "out of memory"));
	memcpy(text, p->buf + start, n->v.len);
	text[n->v.len] = '\0';
	n->v.str = text;

	n->v.d = strtod(text, NULL);
	if (!isfinite(n->v.d))
		return (seterr(p, start, "number out of range"));
	if (integer) {
		errno = 0;
		n->v.i = strtoll(text, NULL, 10);
		if (errno == 0)
			n->v.is_int = 1;
		else
			n->v.i = 0;
	}

	return (0);
}

/* Skip [0-9]*; returns how many. */
static size_t
scan_digits(struct parser *p)
{
	size_t start = p->pos;

	while (p->pos < p->len && IS_DIGIT(p->buf[p->pos]))
		p->pos++;

	return (p->pos - start);
}

/*
 * The string at p->pos (its opening quote) decoded into the arena: *out
 * is NUL-terminated, *outlen its length.  A first pass finds the closing
 * quote; the decoded text is never longer than the source.
 */
static int
parse_string(struct parser *p, const char **out, size_t *outlen)
{
	size_t         start = p->pos, end, n;
	unsigned char *dst, c;

	for (end = start + 1; end < p->len && p->buf[end] != '"'; end++) {
		if (p->buf[end] == '\\')
			end++;
	}
	if (end >= p->len)
		return (seterr(p, start, "unterminated string"));
	if ((dst = arena_alloc(p->doc, end - start, 1)) == NULL)
		return (seterr(p, start, "out of memory"));
	*out = (const char *)dst;
	*outlen = 0;

	for (p->pos = start + 1; p->pos < end; p->pos += n) {
		c = p->buf[p->pos];
		if (c == '\\') {
			if ((n = parse_escape(p, end, dst, outlen)) == 0)
				return (-1);
			continue;
		}
		if (c == '\0')
			return (seterr(p, p->pos, "NUL byte in string"));
		if (c < 0x20)
			return (seterr(p, p->pos, "control character"));
		if ((n = utf8_valid(p->buf + p->pos, end - p->pos)) == 0)
			return (seterr(p, p->pos, "invalid UTF-8"));
		memcpy(dst + *outlen, p->buf + p->pos, n);
		*outlen += n;
	}
	dst[*outlen] = '\0';
	p->pos = end + 1;

	return (0);
}

/*
 * Decode the escape at p->pos (a backslash before end, the closing
 * quote) onto dst[*dstlen].  Returns the length of its source, 0 on
 * error.
 */
static size_t
parse_escape(struct parser *p, size_t end, unsigned char *dst, size_t *dstlen)
{
	static const char    from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const unsigned char *s = p->buf + p->pos;
	const char          *e;
	uint32_t             cp, lo;

	if (s[1] != 'u') {
		if (s[1] == '\0' || (e = strchr(from, s[1])) == NULL) {
			seterr(p, p->pos, "invalid escape");
			return (0);
		}
		dst[(*dstlen)++] = (unsigned char)to[e - from];
		return (2);
	}

	if (end - p->pos < 6 || hex4(s + 2, &cp) == -1) {
		seterr(p, p->pos, "invalid \\u escape");
		return (0);
	}
	if (cp == 0) {
		seterr(p, p->pos, "\\u0000 is not allowed");
		return (0);
	}
	if (cp >= 0xdc00 && cp <= 0xdfff) {
		seterr(p, p->pos, "lone low surrogate");
		return (0);
	}
	if (cp < 0xd800 || cp > 0xdbff) {
		*dstlen += utf8_encode(cp, dst + *dstlen);
		return (6);
	}

	/* A high surrogate: its low half must follow at once. */
	if (end - p->pos < 12 || s[6] != '\\' || s[7] != 'u' ||
	    hex4(s + 8, &lo) == -1 || lo < 0xdc00 || lo > 0xdfff) {
		seterr(p, p->pos, "lone high surrogate");
		return (0);
	}
	cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	*dstlen += utf8_encode(cp, dst + *dstlen);

	return (12);
}

static int
hex4(const unsigned char *s, uint32_t *cp)
{
	size_t i;

	*cp = 0;
	for (i = 0; i < 4; i++) {
		*cp <<= 4;
		if (IS_DIGIT(s[i]))
			*cp |= s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			*cp |= s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			*cp |= s[i] - 'A' + 10;
		else
			return (-1);
	}

	return (0);
}

/* Write cp (not a surrogate, at most U+10FFFF) as UTF-8; its length. */
static size_t
utf8_encode(uint32_t cp, unsigned char *d)
{
	if (cp < 0x80) {
		d[0] = cp;
		return (1);
	}
	if (cp < 0x800) {
		d[0] = 0xc0 | (cp >> 6);
		d[1] = 0x80 | (cp & 0x3f);
		return (2);
	}
	if (cp < 0x10000) {
		d[0] = 0xe0 | (cp >> 12);
		d[1] = 0x80 | ((cp >> 6) & 0x3f);
		d[2] = 0x80 | (cp & 0x3f);
		return (3);
	}
	d[0] = 0xf0 | (cp >> 18);
	d[1] = 0x80 | ((cp >> 12) & 0x3f);
	d[2] = 0x80 | ((cp >> 6) & 0x3f);
	d[3] = 0x80 | (cp & 0x3f);

	return (4);
}

/*
 * Length of the valid UTF-8 sequence at s[0..len) (s[0] >= 0x20), or 0:
 * no overlong forms, no surrogates, nothing past U+10FFFF.
 */
static size_t
utf8_valid(const unsigned char *s, size_t len)
{
	uint32_t c;

	if (s[0] < 0x80)
		return (1);

	return (api_utf8_decode(s, len, &c));
}

/*
 * "name" into buf for an error message: cut at a character boundary
 * with "..." when long, control characters, quotes and backslashes
 * shown as '?'.  name is valid UTF-8.
 */
static void
quote_name(char *buf, size_t size, const char *name, size_t len)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t               n = 0, i, max = size - 6; /* "", "...", NUL */
	int                  cut = 0;

	if (len > max) {
		len = max;
		while (len > 0 && (s[len] & 0xc0) == 0x80)
			len--;
		cut = 1;
	}
	buf[n++] = '"';
	for (i = 0; i < len; i++) {
		if (s[i] < 0x20 || s[i] == 0x7f || s[i] == '"' || s[i] == '\\')
			buf[n++] = '?';
		else
			buf[n++] = s[i];
	}
	if (cut) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n++] = '"';
	buf[n] = '\0';
}
