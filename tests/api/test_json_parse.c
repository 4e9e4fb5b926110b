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
 * api/api_json_parse.c: request bodies come from anyone, so the parser
 * takes exactly RFC 8259 JSON and refuses everything else with an offset
 * and a message, within fixed limits of depth and members.
 */

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_json.h"

/* A literal with its length: some inputs hold NUL bytes. */
#define S(x) x, sizeof(x) - 1

static struct api_jdoc *parse_ok(const char *, size_t);
static void             parse_fails(const char *, size_t, size_t, const char *);
static char *nested(const char *, const char *, const char *, size_t);

static struct api_jdoc *
parse_ok(const char *in, size_t len)
{
	struct api_jdoc  *doc;
	struct api_jerror err;

	if ((doc = api_json_parse(in, len, &err)) == NULL)
		fail_msg("refused %.*s: %s at %zu", (int)len, in, err.message,
		    err.offset);

	return (doc);
}

/* in must fail at offset, with a message that contains what. */
static void
parse_fails(const char *in, size_t len, size_t offset, const char *what)
{
	struct api_jdoc  *doc;
	struct api_jerror err;
	int               show = len > 60 ? 60 : (int)len;

	memset(&err, 'X', sizeof(err));
	doc = api_json_parse(in, len, &err);
	if (doc != NULL) {
		api_json_free(doc);
		fail_msg("accepted %.*s", show, in);
	}
	if (memchr(err.message, '\0', sizeof(err.message)) == NULL ||
	    err.message[0] == '\0')
		fail_msg("no message for %.*s", show, in);
	if (err.offset != offset || strstr(err.message, what) == NULL)
		fail_msg("%.*s: got \"%s\" at %zu, want \"%s\" at %zu", show,
		    in, err.message, err.offset, what, offset);
}

/* open n times, then middle, then close n times; free(3) it. */
static char *
nested(const char *open, const char *middle, const char *close, size_t n)
{
	size_t lo = strlen(open), lm = strlen(middle), lc = strlen(close);
	size_t i;
	char  *s, *p;

	if ((s = malloc(n * (lo + lc) + lm + 1)) == NULL)
		fail_msg("out of memory");
	p = s;
	for (i = 0; i < n; i++, p += lo)
		memcpy(p, open, lo);
	memcpy(p, middle, lm);
	p += lm;
	for (i = 0; i < n; i++, p += lc)
		memcpy(p, close, lc);
	*p = '\0';

	return (s);
}

static void
test_json_parse_accepts_every_type(void **state)
{
	static const struct {
		const char    *in;
		enum api_jtype type;
		const char    *str;
		size_t         count;
	} cases[] = {
		{ "null", API_JNULL, NULL, 0 },
		{ "false", API_JFALSE, NULL, 0 },
		{ "true", API_JTRUE, NULL, 0 },
		{ "42", API_JNUMBER, "42", 0 },
		{ "-1.5e-3", API_JNUMBER, "-1.5e-3", 0 },
		{ "\"\"", API_JSTRING, "", 0 },
		{ "\"AB-123\"", API_JSTRING, "AB-123", 0 },
		{ "\"K\xc3\xb6ln \xe2\x82\xac \xf0\x9f\x9a\x97\"", API_JSTRING,
		    "K\xc3\xb6ln \xe2\x82\xac \xf0\x9f\x9a\x97", 0 },
		{ "[]", API_JARRAY, NULL, 0 },
		{ "{}", API_JOBJECT, NULL, 0 },
		{ "[ 1 , \"a\" , null ]", API_JARRAY, NULL, 3 },
		{ "{\"a\":1,\"b\":2}", API_JOBJECT, NULL, 2 },
		{ " \t\r\n true \t\r\n ", API_JTRUE, NULL, 0 },
		{ "\n[\n]\n", API_JARRAY, NULL, 0 },
	};
	const struct api_jvalue *v;
	struct api_jdoc         *doc;
	size_t                   i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		doc = parse_ok(cases[i].in, strlen(cases[i].in));
		v = api_json_root(doc);
		assert_non_null(v);
		assert_int_equal(v->type, cases[i].type);
		assert_null(v->key);
		assert_null(v->next);
		assert_int_equal(v->count, cases[i].count);
		if (cases[i].str != NULL) {
			assert_string_equal(v->str, cases[i].str);
			assert_int_equal(v->len, strlen(cases[i].str));
		} else {
			assert_null(v->str);
		}
		if (cases[i].count == 0)
			assert_null(v->child);
		api_json_free(doc);
	}
}

static void
test_json_parse_keeps_order_and_nesting(void **state)
{
	static const char in[] =
	    "{\"plate\":\"AB 123\",\"list\":[1,[2,[]],"
	    "{\"x\":null}],\"z\":{\"y\":false,\"a\":true}}";
	const struct api_jvalue *root, *v, *list, *z;
	struct api_jdoc         *doc;

	(void)state;
	doc = parse_ok(S(in));
	root = api_json_root(doc);
	assert_int_equal(root->type, API_JOBJECT);
	assert_int_equal(root->count, 3);

	v = root->child;
	assert_string_equal(v->key, "plate");
	assert_int_equal(v->keylen, 5);
	assert_string_equal(v->str, "AB 123");

	list = v->next;
	assert_string_equal(list->key, "list");
	assert_int_equal(list->type, API_JARRAY);
	assert_int_equal(list->count, 3);
	v = list->child;
	assert_null(v->key);
	assert_int_equal(v->i, 1);
	v = v->next;
	assert_int_equal(v->type, API_JARRAY);
	assert_int_equal(v->count, 2);
	assert_int_equal(v->child->i, 2);
	assert_int_equal(v->child->next->type, API_JARRAY);
	assert_int_equal(v->child->next->count, 0);
	assert_null(v->child->next->next);
	v = v->next;
	assert_int_equal(v->type, API_JOBJECT);
	assert_string_equal(v->child->key, "x");
	assert_int_equal(v->child->type, API_JNULL);
	assert_null(v->next);

	z = list->next;
	assert_string_equal(z->key, "z");
	assert_string_equal(z->child->key, "y");
	assert_int_equal(z->child->type, API_JFALSE);
	assert_string_equal(z->child->next->key, "a");
	assert_int_equal(z->child->next->type, API_JTRUE);
	assert_null(z->next);

	api_json_free(doc);
}

static void
test_json_parse_decodes_escapes(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{ "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t" },
		{ "\"\\u0041\\u00e9\\u00E9\\u20ac\"",
		    "A\xc3\xa9\xc3\xa9\xe2\x82\xac" },
		{ "\"\\u0001\\u001f\\u007f\\u0080\\u07ff\\u0800\\uffff\"",
		    "\x01\x1f\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf" },
		/* Surrogate pairs: U+1F697 (car), U+10000, U+10FFFF. */
		{ "\"\\ud83d\\ude97\"", "\xf0\x9f\x9a\x97" },
		{ "\"\\uD800\\uDC00\"", "\xf0\x90\x80\x80" },
		{ "\"\\udbff\\udfff\"", "\xf4\x8f\xbf\xbf" },
		{ "\"a\\ud83d\\ude97b\\n\"",
		    "a\xf0\x9f\x9a\x97"
		    "b\n" },
		/* Escapes that look like the end of the string. */
		{ "\"\\\\\"", "\\" },
		{ "\"\\\\\\\"\"", "\\\"" },
	};
	const struct api_jvalue *v;
	struct api_jdoc         *doc;
	size_t                   i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		doc = parse_ok(cases[i].in, strlen(cases[i].in));
		v = api_json_root(doc);
		assert_int_equal(v->type, API_JSTRING);
		assert_string_equal(v->str, cases[i].want);
		assert_int_equal(v->len, strlen(cases[i].want));
		api_json_free(doc);
	}

	/* Member names are decoded the same way. */
	doc = parse_ok(S("{\"\\u0070late\\ud83d\\ude97\":1}"));
	v = api_json_root(doc)->child;
	assert_string_equal(v->key, "plate\xf0\x9f\x9a\x97");
	assert_int_equal(v->keylen, 9);
	api_json_free(doc);
}

static void
test_json_parse_numbers_and_int_boundaries(void **state)
{
	static const struct {
		const char *in;
		int         is_int;
		int64_t     i;
		double      d;
	} cases[] = {
		{ "0", 1, 0, 0.0 },
		{ "-0", 1, 0, -0.0 },
		{ "7", 1, 7, 7.0 },
		{ "-123", 1, -123, -123.0 },
		{ "9223372036854775807", 1, INT64_MAX, 9223372036854775807.0 },
		{ "-9223372036854775808", 1, INT64_MIN,
		    -9223372036854775808.0 },
		{ "9223372036854775808", 0, 0, 9223372036854775808.0 },
		{ "-9223372036854775809", 0, 0, -9223372036854775809.0 },
		{ "100000000000000000000000", 0, 0, 1e23 },
		{ "1e3", 0, 0, 1000.0 },
		{ "1E3", 0, 0, 1000.0 },
		{ "1.0", 0, 0, 1.0 },
		{ "0.5", 0, 0, 0.5 },
		{ "-0.0", 0, 0, -0.0 },
		{ "1e+2", 0, 0, 100.0 },
		{ "25e-1", 0, 0, 2.5 },
		{ "0e0", 0, 0, 0.0 },
		{ "1.7976931348623157e308", 0, 0, 1.7976931348623157e308 },
		/* Underflow is a tiny number, not an error. */
		{ "1e-400", 0, 0, 0.0 },
	};
	const struct api_jvalue *v;
	struct api_jdoc         *doc;
	size_t                   i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		doc = parse_ok(cases[i].in, strlen(cases[i].in));
		v = api_json_root(doc);
		assert_int_equal(v->type, API_JNUMBER);
		assert_string_equal(v->str, cases[i].in);
		assert_int_equal(v->len, strlen(cases[i].in));
		if (v->is_int != cases[i].is_int || v->i != cases[i].i)
			fail_msg("%s: is_int %d i %lld", cases[i].in, v->is_int,
			    (long long)v->i);
		if (v->d != cases[i].d || signbit(v->d) != signbit(cases[i].d))
			fail_msg("%s: d %g", cases[i].in, v->d);
		api_json_free(doc);
	}
}

static void
test_json_get_finds_members(void **state)
{
	static const char in[] =
	    "{\"user\":\"anna\",\"password\":\"x\",\"n\":{\"user\":1},\"\":true}";
	const struct api_jvalue *root, *v;
	struct api_jdoc         *doc;

	(void)state;
	doc = parse_ok(S(in));
	root = api_json_root(doc);

	v = api_json_get(root, "user");
	assert_non_null(v);
	assert_string_equal(v->str, "anna");
	v = api_json_get(root, "password");
	assert_string_equal(v->str, "x");
	v = api_json_get(root, "");
	assert_int_equal(v->type, API_JTRUE);
	v = api_json_get(api_json_get(root, "n"), "user");
	assert_int_equal(v->i, 1);

	assert_null(api_json_get(root, "use"));
	assert_null(api_json_get(root, "users"));
	assert_null(api_json_get(root, "USER"));
	assert_null(api_json_get(root->child, "user")); /* a string */
	assert_null(api_json_get(NULL, "user"));
	api_json_free(doc);

	doc = parse_ok(S("[\"user\"]"));
	assert_null(api_json_get(api_json_root(doc), "user"));
	api_json_free(doc);
}

static void
test_json_parse_rejects_bad_input(void **state)
{
	static const struct {
		const char *in;
		size_t      len;
		size_t      offset;
		const char *what;
	} cases[] = {
		/* Whole input: one value, JSON whitespace only. */
		{ S(""), 0, "end of input" },
		{ S(" \t\r\n"), 4, "end of input" },
		{ S("1 2"), 2, "'2'" },
		{ S("{}}"), 2, "'}'" },
		{ S("[]x"), 2, "'x'" },
		{ S("\xef\xbb\xbf{}"), 0, "0xef" },
		{ S("\v1"), 0, "0x0b" },
		{ S("\f1"), 0, "0x0c" },
		{ S("1\xc2\xa0"), 1, "0xc2" },
		{ S("\0"), 0, "NUL" },
		{ S("1\0"), 1, "NUL" },
		{ S("[1,\0]"), 3, "NUL" },
		{ S("'a'"), 0, "'''" },
		/* Literals. */
		{ S("tru"), 0, "literal" },
		{ S("True"), 0, "'T'" },
		{ S("nul"), 0, "literal" },
		{ S("nulll"), 4, "'l'" },
		{ S("falsey"), 5, "'y'" },
		{ S("undefined"), 0, "'u'" },
		/* Numbers. */
		{ S("01"), 0, "leading zero" },
		{ S("-01"), 1, "leading zero" },
		{ S("00"), 0, "leading zero" },
		{ S("+1"), 0, "'+'" },
		{ S(".5"), 0, "'.'" },
		{ S("-"), 1, "digit" },
		{ S("-a"), 1, "digit" },
		{ S("1."), 2, "digit expected after '.'" },
		{ S("1.e3"), 2, "digit expected after '.'" },
		{ S("1e"), 2, "exponent" },
		{ S("1e+"), 3, "exponent" },
		{ S("1E-x"), 3, "exponent" },
		{ S("NaN"), 0, "'N'" },
		{ S("Infinity"), 0, "'I'" },
		{ S("-Infinity"), 1, "digit" },
		{ S("0x10"), 1, "'x'" },
		{ S("1e999"), 0, "out of range" },
		{ S("[-1e999]"), 1, "out of range" },
		/* Arrays and objects. */
		{ S("["), 1, "end of input" },
		{ S("[1"), 2, "end of input" },
		{ S("[1,"), 3, "end of input" },
		{ S("[1,]"), 3, "trailing comma" },
		{ S("[,]"), 1, "','" },
		{ S("[1 2]"), 3, "expected ',' or ']'" },
		{ S("[1}"), 2, "expected ',' or ']'" },
		{ S("{"), 1, "end of input" },
		{ S("{\"a\""), 4, "end of input" },
		{ S("{\"a\" 1}"), 5, "expected ':'" },
		{ S("{\"a\":}"), 5, "'}'" },
		{ S("{\"a\":1,}"), 7, "trailing comma" },
		{ S("{\"a\":1 \"b\":2}"), 7, "expected ',' or '}'" },
		{ S("{a:1}"), 1, "member name" },
		{ S("{1:1}"), 1, "member name" },
		{ S("{\"a\":1]"), 6, "expected ',' or '}'" },
		/* Strings. */
		{ S("\"abc"), 0, "unterminated" },
		{ S("\"abc\\\""), 0, "unterminated" },
		{ S("{\"a"), 1, "unterminated" },
		{ S("\"a\\x\""), 2, "invalid escape" },
		{ S("\"\\'\""), 1, "invalid escape" },
		{ S("\"\\U0041\""), 1, "invalid escape" },
		{ S("\"a\\\0\""), 2, "invalid escape" },
		{ S("\"\\u12\""), 1, "\\u" },
		{ S("\"\\u12G4\""), 1, "\\u" },
		{ S("\"\\u\""), 1, "\\u" },
		{ S("\"\\u0000\""), 1, "\\u0000" },
		{ S("\"ab\\ud83d\""), 3, "lone high surrogate" },
		{ S("\"\\ud83dx\""), 1, "lone high surrogate" },
		{ S("\"\\ud83d\\u0041\""), 1, "lone high surrogate" },
		{ S("\"\\ud83d\\ud83d\""), 1, "lone high surrogate" },
		{ S("\"\\ud83d\\n\""), 1, "lone high surrogate" },
		{ S("\"\\ude97\""), 1, "lone low surrogate" },
		{ S("\"\\ude97\\ud83d\""), 1, "lone low surrogate" },
		{ S("\"a\x01\""), 2, "control character" },
		{ S("\"a\nb\""), 2, "control character" },
		{ S("\"a\tb\""), 2, "control character" },
		{ S("\"\x1f\""), 1, "control character" },
		{ S("\"a\0b\""), 2, "NUL" },
		{ S("{\"a\0\":1}"), 3, "NUL" },
		/* UTF-8: overlong, surrogates, past U+10FFFF, truncated. */
		{ S("\"\xc0\xaf\""), 1, "UTF-8" },
		{ S("\"\xc1\xbf\""), 1, "UTF-8" },
		{ S("\"\xe0\x80\xaf\""), 1, "UTF-8" },
		{ S("\"\xf0\x80\x80\xaf\""), 1, "UTF-8" },
		{ S("\"ab\xed\xa0\x80\""), 3, "UTF-8" },
		{ S("\"\xed\xbf\xbf\""), 1, "UTF-8" },
		{ S("\"\xf4\x90\x80\x80\""), 1, "UTF-8" },
		{ S("\"\xf5\x80\x80\x80\""), 1, "UTF-8" },
		{ S("\"a\xe2\x82\""), 2, "UTF-8" },
		{ S("\"\xf0\x9f\x9a\""), 1, "UTF-8" },
		{ S("\"\x80\""), 1, "UTF-8" },
		{ S("\"\xc3\x28\""), 1, "UTF-8" },
		{ S("\"\xff\""), 1, "UTF-8" },
		{ S("\"\xfe\""), 1, "UTF-8" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		parse_fails(cases[i].in, cases[i].len, cases[i].offset,
		    cases[i].what);
}

static void
test_json_parse_refuses_duplicate_members(void **state)
{
	static const struct {
		const char *in;
		size_t      len;
		size_t      offset;
		const char *what;
	} cases[] = {
		{ S("{\"a\":1,\"a\":2}"), 7, "duplicate member \"a\"" },
		{ S("{\"a\":1,\"b\":2,\"a\":3}"), 13,
		    "duplicate member \"a\"" },
		/* The same name written differently is the same name. */
		{ S("{\"a\":1,\"\\u0061\":2}"), 7, "duplicate member \"a\"" },
		{ S("{\"\":1,\"\":2}"), 6, "duplicate member \"\"" },
		{ S("[{\"x\":{\"k\":1}},{\"y\":1,\"y\":[]}]"), 22,
		    "duplicate member \"y\"" },
		/* Names in messages are cut, controls and quotes hidden. */
		{ S("{\"a\\n\\\"b\":1,\"a\\n\\\"b\":2}"), 12,
		    "duplicate member \"a??b\"" },
		{ S("{\"0123456789012345678901234567890123456789"
		    "0123456789xyz\":1,"
		    "\"0123456789012345678901234567890123456789"
		    "0123456789xyz\":2}"),
		    59,
		    "duplicate member \"0123456789012345678901234567890123456789"
		    "0123456789...\"" },
	};
	static const char fine[] =
	    "{\"a\":{\"a\":1},\"b\":[{\"a\":1},{\"a\":2}],\"ab\":1,\"A\":1}";
	struct api_jdoc *doc;
	size_t           i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		parse_fails(cases[i].in, cases[i].len, cases[i].offset,
		    cases[i].what);

	/* Same names in different objects, and different names, are fine. */
	doc = parse_ok(S(fine));
	api_json_free(doc);
}

static void
test_json_parse_limits_members(void **state)
{
	const struct api_jvalue *v;
	struct api_jdoc         *doc;
	char                    *s, *p;
	size_t                   i, n;

	(void)state;
	if ((s = malloc(16 * (API_JSON_MEMBERS_MAX + 1) + 2)) == NULL)
		fail_msg("out of memory");
	for (n = API_JSON_MEMBERS_MAX; n <= API_JSON_MEMBERS_MAX + 1; n++) {
		p = s;
		*p++ = '{';
		for (i = 0; i < n; i++)
			p += snprintf(p, 16, "%s\"m%zu\":%zu", i > 0 ? "," : "",
			    i, i);
		*p++ = '}';
		*p = '\0';
		if (n == API_JSON_MEMBERS_MAX) {
			doc = parse_ok(s, p - s);
			assert_int_equal(api_json_root(doc)->count, n);
			v = api_json_get(api_json_root(doc), "m255");
			assert_int_equal(v->i, 255);
			api_json_free(doc);
		} else {
			parse_fails(s, p - s, strstr(s, "\"m256\"") - s,
			    "more than 256 members");
		}
	}
	free(s);
}

static void
test_json_parse_limits_depth(void **state)
{
	static const struct {
		const char *open, *middle, *close;
		size_t      n; /* repeats that nest exactly 32 deep */
		size_t      values; /* down the first children */
		size_t      offset; /* of the 33rd opening with n + 1 */
	} cases[] = {
		{ "[", "1", "]", 32, 33, 32 },
		{ "[", "", "]", 32, 32, 32 },
		{ "{\"a\":", "{}", "}", 31, 32, 31 * 5 + 5 },
		{ "[{\"a\":", "0", "}]", 16, 33, 16 * 6 },
	};
	const struct api_jvalue *v;
	struct api_jdoc         *doc;
	size_t                   i, d;
	char                    *s;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = nested(cases[i].open, cases[i].middle, cases[i].close,
		    cases[i].n);
		doc = parse_ok(s, strlen(s));
		for (d = 1, v = api_json_root(doc); v->child != NULL; d++)
			v = v->child;
		assert_int_equal(d, cases[i].values);
		api_json_free(doc);
		free(s);

		s = nested(cases[i].open, cases[i].middle, cases[i].close,
		    cases[i].n + 1);
		parse_fails(s, strlen(s), cases[i].offset,
		    "nesting deeper than 32");
		free(s);
	}
}

/* 100000 '[' are refused at the 33rd, without recursing further. */
static void
test_json_parse_refuses_deep_nesting(void **state)
{
	char  *s;
	size_t n = 100000;

	(void)state;
	if ((s = malloc(2 * n)) == NULL)
		fail_msg("out of memory");
	memset(s, '[', n);
	parse_fails(s, n, 32, "nesting deeper than 32");
	memset(s + n, ']', n);
	parse_fails(s, 2 * n, 32, "nesting deeper than 32");
	memset(s, '{', n);
	parse_fails(s, n, 1, "member name");
	free(s);
}

/* Large bodies parse in linear time: a few MB take milliseconds. */
static void
test_json_parse_large_input(void **state)
{
	const struct api_jvalue *v;
	struct api_jdoc         *doc;
	char                    *s, *p;
	size_t                   n = 1 << 20, i;

	(void)state;
	if ((s = malloc(2 * n + 2)) == NULL)
		fail_msg("out of memory");

	s[0] = '"';
	memset(s + 1, 'a', 2 * n);
	s[2 * n + 1] = '"';
	doc = parse_ok(s, 2 * n + 2);
	assert_int_equal(api_json_root(doc)->len, 2 * n);
	api_json_free(doc);

	s[0] = '[';
	for (i = 1; i < 2 * n; i += 2) {
		s[i] = '0' + i % 10;
		s[i + 1] = ',';
	}
	s[2 * n] = ']';
	doc = parse_ok(s, 2 * n + 1);
	v = api_json_root(doc);
	assert_int_equal(v->count, n);
	for (i = 0, v = v->child; v != NULL; v = v->next, i++)
		assert_int_equal(v->i, (2 * i + 1) % 10);
	assert_int_equal(i, n);
	api_json_free(doc);

	/* The most members, with long names that differ at the end. */
	p = s;
	*p++ = '{';
	for (i = 0; i < API_JSON_MEMBERS_MAX; i++) {
		if (i > 0)
			*p++ = ',';
		*p++ = '"';
		memset(p, 'n', 8000);
		p += 8000;
		p += snprintf(p, 16, "%03zu\":%zu", i, i);
	}
	*p++ = '}';
	doc = parse_ok(s, p - s);
	assert_int_equal(api_json_root(doc)->count, API_JSON_MEMBERS_MAX);
	api_json_free(doc);

	/* The same when they collide: every name is compared in full. */
	p = s;
	*p++ = '{';
	for (i = 0; i < API_JSON_MEMBERS_MAX; i++) {
		if (i > 0)
			*p++ = ',';
		*p++ = '"';
		memset(p, 'n', 8000);
		p += 8000;
		p += snprintf(p, 16, "\":%zu", i);
	}
	*p++ = '}';
	parse_fails(s, p - s, 8006, "duplicate member");
	free(s);
}

static void
test_json_parse_null_arguments(void **state)
{
	struct api_jerror err;

	(void)state;
	api_json_free(NULL);
	assert_null(api_json_root(NULL));
	assert_null(api_json_parse("[", 1, NULL));
	assert_null(api_json_parse(NULL, 0, &err));
	assert_string_equal(err.message, "unexpected end of input");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_parse_accepts_every_type),
		cmocka_unit_test(test_json_parse_keeps_order_and_nesting),
		cmocka_unit_test(test_json_parse_decodes_escapes),
		cmocka_unit_test(test_json_parse_numbers_and_int_boundaries),
		cmocka_unit_test(test_json_get_finds_members),
		cmocka_unit_test(test_json_parse_rejects_bad_input),
		cmocka_unit_test(test_json_parse_refuses_duplicate_members),
		cmocka_unit_test(test_json_parse_limits_members),
		cmocka_unit_test(test_json_parse_limits_depth),
		cmocka_unit_test(test_json_parse_refuses_deep_nesting),
		cmocka_unit_test(test_json_parse_large_input),
		cmocka_unit_test(test_json_parse_null_arguments),
	};

	return (cmocka_run_group_tests_name("json_parse", tests, NULL, NULL));
}
