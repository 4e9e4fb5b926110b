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
 * libFuzzer target for api_json_parse(): a refusal must come with a
 * message and an offset inside the input; a document must keep every
 * promise of api/api_json.h (strings are valid UTF-8 C strings of the
 * stated length, counts match the children, names are unique, nesting
 * stays within API_JSON_DEPTH_MAX, is_int agrees with the text), and
 * writing it out again with api_json_escape() must parse to the same
 * tree.  Any violation aborts, so the fuzzer reports it.
 */

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../api/api_json.h"
#include "fuzz_utf8.h"
#include "../../api/api_json.h"

struct out {
	char  *p;
	size_t len;
	size_t cap;
};

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void check_text(const char *, size_t);
static void check_number(const struct api_jvalue *);
static void check(const struct api_jvalue *, const struct api_jvalue *, int);
static void put(struct out *, const char *, size_t);
static void put_string(struct out *, const char *, size_t);
static void write_value(struct out *, const struct api_jvalue *);
static void same(const struct api_jvalue *, const struct api_jvalue *);

/* s is a C string of len bytes of valid UTF-8. */
static void
check_text(const char *s, size_t len)
{
	size_t i, n;

	if (s == NULL || strlen(s) != len)
		abort();
	for (i = 0; i < len; i += n) {
		if ((n = utf8_len((const unsigned char *)s + i, len - i)) == 0)
			abort();
	}
}

/* The text is RFC 8259 number syntax; is_int and i agree with it. */
static void
check_number(const struct api_jvalue *v)
{
	const char *s = v->str;
	int         integer = 1;
	long long   ll;

	check_text(v->str, v->len);
	if (*s == '-')
		s++;
	if (*s == '0' && s[1] >= '0' && s[1] <= '9')
		abort();
	if (*s < '0' || *s > '9')
		abort();
	while (*s >= '0' && *s <= '9')
		s++;
	if (*s == '.') {
		integer = 0;
		if (*++s < '0' || *s > '9')
			abort();
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		integer = 0;
		if (*++s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			abort();
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s != '\0' || v->d != v->d || v->d - v->d != 0)
		abort(); /* trailing text, NaN, infinity */

	errno = 0;
	ll = strtoll(v->str, NULL, 10);
	if (v->is_int != (integer && errno == 0))
		abort();
	if (v->is_int && (v->i != ll || (double)v->i != v->d))
		abort();
}

/* v, a child of parent (NULL at the top), inside depth containers. */
static void
check(const struct api_jvalue *v, const struct api_jvalue *parent, int depth)
{
	const struct api_jvalue *c, *d;
	size_t                   n;

	if (parent != NULL && parent->type == API_JOBJECT) {
		check_text(v->key, v->keylen);
		if (api_json_get(parent, v->key) != v)
			abort();
	} else if (v->key != NULL) {
		abort();
	}

	switch (v->type) {
	case API_JNULL:
	case API_JFALSE:
	case API_JTRUE:
		if (v->str != NULL)
			abort();
		break;
	case API_JNUMBER:
		check_number(v);
		break;
	case API_JSTRING:
		check_text(v->str, v->len);
		break;
	case API_JARRAY:
	case API_JOBJECT:
		if (v->str != NULL || depth + 1 > API_JSON_DEPTH_MAX)
			abort();
		for (n = 0, c = v->child; c != NULL; c = c->next, n++) {
			check(c, v, depth + 1);
			if (v->type != API_JOBJECT)
				continue;
			for (d = v->child; d != c; d = d->next) {
				if (strcmp(d->key, c->key) == 0)
					abort();
			}
		}
		if (n != v->count ||
		    (v->type == API_JOBJECT && n > API_JSON_MEMBERS_MAX))
			abort();
		return;
	default:
		abort();
	}
	if (v->child != NULL || v->count != 0)
		abort();
}

static void
put(struct out *o, const char *s, size_t n)
{
	char *p;

	if (o->cap - o->len < n) {
		o->cap = (o->len + n) * 2;
		if ((p = realloc(o->p, o->cap)) == NULL)
			abort();
		o->p = p;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void
put_string(struct out *o, const char *s, size_t len)
{
	size_t n;
	char  *p;

	n = api_json_escape(NULL, 0, s, len);
	if ((p = malloc(n + 1)) == NULL)
		abort();
	if (api_json_escape(p, n + 1, s, len) != n)
		abort();
	put(o, p, n);
	free(p);
}

static void
write_value(struct out *o, const struct api_jvalue *v)
{
	const struct api_jvalue *c;

	switch (v->type) {
	case API_JNULL:
		put(o, "null", 4);
		break;
	case API_JFALSE:
		put(o, "false", 5);
		break;
	case API_JTRUE:
		put(o, "true", 4);
		break;
	case API_JNUMBER:
		put(o, v->str, v->len);
		break;
	case API_JSTRING:
		put_string(o, v->str, v->len);
		break;
	case API_JARRAY:
	case API_JOBJECT:
		put(o, v->type == API_JARRAY ? "[" : "{", 1);
		for (c = v->child; c != NULL; c = c->next) {
			if (c != v->child)
				put(o, ", ", 2);
			if (v->type == API_JOBJECT) {
				put_string(o, c->key, c->keylen);
				put(o, " :\n", 3);
			}
			write_value(o, c);
		}
		put(o, v->type == API_JARRAY ? "]" : "}", 1);
		break;
	}
}

/* a and b are the same tree. */
static void
same(const struct api_jvalue *a, const struct api_jvalue *b)
{
	if (a->type != b->type || a->len != b->len || a->count != b->count ||
	    a->keylen != b->keylen || a->is_int != b->is_int || a->i != b->i ||
	    memcmp(&a->d, &b->d, sizeof(a->d)) != 0)
		abort();
	if ((a->key == NULL) != (b->key == NULL) ||
	    (a->key != NULL && memcmp(a->key, b->key, a->keylen) != 0))
		abort();
	if ((a->str == NULL) != (b->str == NULL) ||
	    (a->str != NULL && memcmp(a->str, b->str, a->len) != 0))
		abort();
	for (a = a->child, b = b->child; a != NULL && b != NULL;
	     a = a->next, b = b->next)
		same(a, b);
	if (a != NULL || b != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct api_jdoc  *doc, *again;
	struct api_jerror err;
	struct out        o;

	memset(&err, 'X', sizeof(err));
	if ((doc = api_json_parse((const char *)data, size, &err)) == NULL) {
		if (memchr(err.message, '\0', sizeof(err.message)) == NULL ||
		    err.message[0] == '\0' || err.offset > size)
			abort();
		return (0);
	}
	check(api_json_root(doc), NULL, 0);

	memset(&o, 0, sizeof(o));
	write_value(&o, api_json_root(doc));
	if ((again = api_json_parse(o.p, o.len, &err)) == NULL)
		abort();
	same(api_json_root(doc), api_json_root(again));

	free(o.p);
	api_json_free(again);
	api_json_free(doc);

	return (0);
}
