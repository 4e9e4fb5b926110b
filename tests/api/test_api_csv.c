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
 * api/api_csv.c: RFC 4180 records (quotes, doubled quotes, line breaks
 * in quotes, CRLF and LF, a BOM, line numbers), what is refused, and
 * quoting for export, which reads back as it was.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_csv.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* All records of s as "line:f1|f2;line:f1" (or "error@line: why"). */
static void
records(const char *s, size_t len, char *out, size_t outlen)
{
	struct api_csv r;
	char           buf[256], *f[8];
	const char    *why;
	size_t         n, line, i, off = 0;
	int            rc;

	out[0] = '\0';
	api_csv_init(&r, s, len);
	while ((rc = api_csv_next(&r, buf, sizeof(buf), f, NELEM(f), &n, &line,
	            &why)) == 1) {
		off += (size_t)snprintf(out + off, outlen - off,
		    "%s%zu:", off > 0 ? ";" : "", line);
		for (i = 0; i < n; i++)
			off += (size_t)snprintf(out + off, outlen - off, "%s%s",
			    i > 0 ? "|" : "", f[i]);
	}
	if (rc == -1)
		(void)snprintf(out + off, outlen - off, "%serror@%zu: %s",
		    off > 0 ? ";" : "", line, why);
}

static void
test_csv_records(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{ "", "" },
		{ "a,b,c", "1:a|b|c" },
		{ "a,b\nc,d\n", "1:a|b;2:c|d" },
		{ "a,b\r\nc,d\r\n", "1:a|b;2:c|d" },
		{ "\xef\xbb\xbf"
		  "a,b\n",
		    "1:a|b" },
		{ "a,,\n", "1:a||" },
		{ "\n\na\n", "1:;2:;3:a" },
		{ "\"a,b\",c\n", "1:a,b|c" },
		{ "\"say \"\"hi\"\"\",x", "1:say \"hi\"|x" },
		{ "\"two\nlines\",x\ny,z", "1:two\nlines|x;3:y|z" },
		{ "\"cr\r\nlf\",x\r\ny", "1:cr\r\nlf|x;3:y" },
		{ "\"\",\"\"", "1:|" },
		{ "M\xc3\x9c-X 1,\xe2\x82\xac",
		    "1:M\xc3\x9c-X 1|\xe2\x82\xac" },
		{ " a , b ", "1: a | b " },
		/* refused */
		{ "a\"b,c", "error@1: a quote inside an unquoted field" },
		{ "\"a\"b,c", "error@1: text after a closing quote" },
		{ "x\n\"open,c\n",
		    "1:x;error@2: a quoted field is not closed" },
		{ "a\rb", "error@1: a CR without LF" },
		{ "a,\xff", "error@1: not UTF-8 text (or a NUL byte)" },
		{ "a,\xc0\xaf", "error@1: not UTF-8 text (or a NUL byte)" },
		{ "1,2,3,4,5,6,7,8,9", "error@1: too many fields" },
	};
	char   out[512];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		records(cases[i].in, strlen(cases[i].in), out, sizeof(out));
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, out,
			    cases[i].want);
	}
}

static void
test_csv_refuses_nul_and_long_records(void **state)
{
	struct api_csv r;
	char           buf[16], *f[4], in[64];
	const char    *why;
	size_t         n, line;

	(void)state;
	api_csv_init(&r, "a\0b,c", 5);
	assert_int_equal(api_csv_next(&r, buf, sizeof(buf), f, 4, &n, &line,
	                     &why),
	    -1);
	/* After an error, the end. */
	assert_int_equal(api_csv_next(&r, buf, sizeof(buf), f, 4, &n, &line,
	                     &why),
	    0);

	memset(in, 'x', sizeof(in));
	api_csv_init(&r, in, sizeof(in));
	assert_int_equal(api_csv_next(&r, buf, sizeof(buf), f, 4, &n, &line,
	                     &why),
	    -1);
	assert_string_equal(why, "the record is too long");
	/* Exactly full: 15 bytes and the NUL. */
	api_csv_init(&r, in, 15);
	assert_int_equal(api_csv_next(&r, buf, sizeof(buf), f, 4, &n, &line,
	                     &why),
	    1);
	assert_int_equal(strlen(f[0]), 15);
}

static void
test_csv_quote_round_trips(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "", "" },
		{ "plain", "plain" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ " lead", "\" lead\"" },
		{ "trail ", "\"trail \"" },
		{ "\xe2\x82\xac", "\xe2\x82\xac" },
	};
	struct api_csv r;
	char           q[64], buf[64], *f[2];
	const char    *why;
	size_t         i, n, line;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		assert_int_equal(api_csv_quote(q, sizeof(q), cases[i].in),
		    strlen(cases[i].want));
		assert_string_equal(q, cases[i].want);
		api_csv_init(&r, q, strlen(q));
		if (cases[i].in[0] == '\0')
			continue;
		assert_int_equal(api_csv_next(&r, buf, sizeof(buf), f, 2, &n,
		                     &line, &why),
		    1);
		assert_int_equal(n, 1);
		assert_string_equal(f[0], cases[i].in);
	}
	/* Cut like snprintf. */
	assert_int_equal(api_csv_quote(q, 4, "a,bcdef"), 9);
	assert_string_equal(q, "\"a,");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_records),
		cmocka_unit_test(test_csv_refuses_nul_and_long_records),
		cmocka_unit_test(test_csv_quote_round_trips),
	};

	return (cmocka_run_group_tests_name("api_csv", tests, NULL, NULL));
}
