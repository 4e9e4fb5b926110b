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
 * api/api_json.c: every string the API writes goes through
 * api_json_escape(), so quotes, control bytes and broken UTF-8 in error
 * messages or stored values can never break out of a JSON string.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_json.h"

static void
test_json_escape_table(void **state)
{
	static const struct {
		const char *in;
		size_t      len;
		const char *want;
	} cases[] = {
		{ "", 0, "\"\"" },
		{ "plain", 5, "\"plain\"" },
		{ "a\"b", 3, "\"a\\\"b\"" },
		{ "a\\b", 3, "\"a\\\\b\"" },
		{ "\n\r\t", 3, "\"\\n\\r\\t\"" },
		{ "\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\"" },
		{ "a\0b", 3, "\"a\\u0000b\"" },
		{ "<script>&", 9, "\"\\u003cscript\\u003e\\u0026\"" },
		/* Valid UTF-8 passes through. */
		{ "K\xc3\xb6ln \xe2\x82\xac \xf0\x9f\x9a\x97", 14,
		    "\"K\xc3\xb6ln \xe2\x82\xac \xf0\x9f\x9a\x97\"" },
		/* Line and paragraph separators break JavaScript. */
		{ "\xe2\x80\xa8\xe2\x80\xa9", 6, "\"\\u2028\\u2029\"" },
		/* Invalid: lone continuation, overlong, surrogate, too big,
		 * truncated sequence, 0xff. */
		{ "\x80", 1, "\"\xef\xbf\xbd\"" },
		{ "\xc0\xaf", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xe0\x80\xaf", 3,
		    "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xed\xa0\x80", 3,
		    "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xf4\x90\x80\x80", 4,
		    "\"\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "a\xe2\x82", 3, "\"a\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xff", 1, "\"\xef\xbf\xbd\"" },
	};
	char   out[128];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = api_json_escape(out, sizeof(out), cases[i].in,
		    cases[i].len);
		assert_string_equal(out, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
	}
}

/* Like snprintf: the needed length comes back, the output is cut safely. */
static void
test_json_escape_truncates_and_reports_length(void **state)
{
	char   out[8];
	size_t n;

	(void)state;
	n = api_json_escape(NULL, 0, "a\"b", 3);
	assert_int_equal(n, 6);

	memset(out, 'X', sizeof(out));
	n = api_json_escape(out, 5, "abcdefgh", 8);
	assert_int_equal(n, 10);
	assert_string_equal(out, "\"abc");
	assert_int_equal(out[5], 'X');

	memset(out, 'X', sizeof(out));
	n = api_json_escape(out, 1, "abc", 3);
	assert_int_equal(n, 5);
	assert_int_equal(out[0], '\0');
	assert_int_equal(out[1], 'X');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escape_table),
		cmocka_unit_test(test_json_escape_truncates_and_reports_length),
	};

	return (cmocka_run_group_tests_name("api_json", tests, NULL, NULL));
}
