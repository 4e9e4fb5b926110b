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
 * api/api_import.c: a CSV import all or nothing, every refusal naming
 * line and column (never the plate), the limit of entries, entries
 * sealed to their list and tokenised as one entry at a time is.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_import.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define HEAD     API_IMPORT_HEADER "\n"

static struct pseudo_key master = { { 7, 1, 2, 3 } };

static const struct api_profile_name profiles[] = { { 4, "weekdays" },
	{ 9, "nights" } };

static void
keys(int64_t list, struct api_entry_keys *k)
{
	assert_int_equal(api_entry_keys(&master, 1, 1, list, k), 0);
}

static void
test_import_good_file(void **state)
{
	static const char csv[] =
	    "\xef\xbb\xbf" API_IMPORT_HEADER "\r\n"
	    "B-AB 1234,D,,,,plain\r\n"
	    "\r\n"
	    "\"HH-X 99\",DEU,2026-01-01T00:00:00+01:00,2026-12-31T23:00:00Z,"
	    "weekdays,\"Meier, Hans\"\r\n"
	    "M-QQ 7,,,,nights,\"two\nlines\"";
	struct api_entry_keys k;
	struct api_entry     *e, one;
	struct api_import_err err;
	const char           *why;
	char                  plate[PSEUDO_PLATE_MAX + 1];
	size_t                n;

	(void)state;
	keys(3, &k);
	assert_int_equal(api_import_parse(csv, sizeof(csv) - 1, &k, profiles,
	                     NELEM(profiles), &e, &n, &err),
	    0);
	assert_int_equal(n, 3);
	assert_string_equal(e[0].country, "D");
	assert_string_equal(e[0].label, "plain");
	assert_int_equal(e[0].profile, 0);
	assert_string_equal(e[1].country, "D");
	assert_string_equal(e[1].from, "2025-12-31 23:00:00");
	assert_string_equal(e[1].to, "2026-12-31 23:00:00");
	assert_int_equal(e[1].profile, 4);
	assert_string_equal(e[1].label, "Meier, Hans");
	assert_int_equal(e[2].profile, 9);
	assert_string_equal(e[2].label, "two\nlines");
	assert_string_equal(e[2].from, "");

	/* Sealed to the list: opens with its keys, not another list's. */
	assert_int_equal(api_entry_unseal(&k, e[1].sealed, e[1].sealedlen,
	                     plate, sizeof(plate)),
	    0);
	assert_string_equal(plate, "HHX99");
	/* Tokens as one entry at a time makes them. */
	memset(&one, 0, sizeof(one));
	assert_int_equal(api_entry_plate(&k, "hh x99", 6, "D", &one, &why), 0);
	assert_int_equal(one.ntok, e[1].ntok);
	assert_memory_equal(one.tok, e[1].tok, one.ntok * PSEUDO_TOKEN_LEN);
	api_entry_keys_wipe(&k);
	keys(4, &k);
	assert_int_equal(api_entry_unseal(&k, e[1].sealed, e[1].sealedlen,
	                     plate, sizeof(plate)),
	    -1);
	assert_string_equal(plate, "");
	api_entry_keys_wipe(&k);
	api_import_free(e, n);
}

static void
test_import_refusals_name_line_and_column(void **state)
{
	static const struct {
		const char *csv;
		int         status;
		const char *message;
	} cases[] = {
		{ "", 400,
		    "the CSV is empty: it needs the header " API_IMPORT_HEADER },
		{ "plate;country\n", 400,
		    "line 1: header: must be " API_IMPORT_HEADER },
		{ "plate,country,valid_from,valid_to,profile,label\n", 400,
		    "line 1: header: must be " API_IMPORT_HEADER },
		{ HEAD "AB 1,,,,,\nAB 2,,yesterday,,,\n", 400,
		    "line 3: valid_from: an RFC 3339 time with offset" },
		{ HEAD "AB 1,,2026-01-01T00:00:00,,,\n", 400,
		    "line 2: valid_from: an RFC 3339 time with offset" },
		{ HEAD "AB 1,,,2026-13-01T00:00:00Z,,\n", 400,
		    "line 2: valid_to: an RFC 3339 time with offset" },
		{ HEAD "AB 1,,2026-02-01T00:00:00Z,2026-01-01T00:00:00Z,,\n",
		    400, "line 2: valid_to: after valid_from" },
		{ HEAD "AB 1,XX,,,,\n", 400,
		    "line 2: country: a vehicle registration code (D, NL, GB) "
		    "or an ISO 3166 code" },
		{ HEAD "AB 1,,,,holidays,\n", 422,
		    "line 2: time_profile: no time profile of this name" },
		{ HEAD ",D,,,,\n", 400, "line 2: plate: is required" },
		{ HEAD "AB<1,D,,,,\n", 400,
		    "line 2: plate: a character no plate has" },
		{ HEAD "AB 1,D,,\n", 400,
		    "line 2: time_profile: missing (every line has 6 columns)" },
		{ HEAD "AB 1,D,,,,,\n", 400, "line 2: too many fields" },
		{ HEAD "AB 1,D,,,,\"two\nlines\"\nAB 2,\"D\n", 400,
		    "line 4: a quoted field is not closed" },
		{ HEAD "AB 1,,,,,0123456789012345678901234567890123456789"
		       "0123456789012345678901234567890123456789"
		       "0123456789012345678901234567890123456789"
		       "0123456789012345678901234567890123456789\n",
		    400, "line 2: label: at most 128 bytes" },
	};
	struct api_entry_keys k;
	struct api_entry     *e;
	struct api_import_err err;
	size_t                i, n;

	(void)state;
	keys(3, &k);
	for (i = 0; i < NELEM(cases); i++) {
		e = (struct api_entry *)&k; /* must become NULL */
		n = 99;
		assert_int_equal(api_import_parse(cases[i].csv,
		                     strlen(cases[i].csv), &k, profiles,
		                     NELEM(profiles), &e, &n, &err),
		    -1);
		assert_null(e);
		assert_int_equal(n, 0);
		if (err.status != cases[i].status ||
		    strcmp(err.message, cases[i].message) != 0)
			fail_msg("case %zu: %d \"%s\"", i, err.status,
			    err.message);
	}
	api_entry_keys_wipe(&k);
}

static void
test_import_takes_at_most_20000_entries(void **state)
{
	struct api_entry_keys k;
	struct api_entry     *e;
	struct api_import_err err;
	char                 *csv;
	size_t                len, off, i, n;

	(void)state;
	keys(3, &k);
	len = sizeof(HEAD) + 20001 * 16;
	csv = malloc(len);
	assert_non_null(csv);
	off = (size_t)snprintf(csv, len, "%s", HEAD);
	for (i = 0; i < 20000; i++)
		off +=
		    (size_t)snprintf(csv + off, len - off, "T%05zu,,,,,\n", i);
	assert_int_equal(api_import_parse(csv, off, &k, NULL, 0, &e, &n, &err),
	    0);
	assert_int_equal(n, 20000);
	api_import_free(e, n);
	off += (size_t)snprintf(csv + off, len - off, "T99999,,,,,");
	assert_int_equal(api_import_parse(csv, off, &k, NULL, 0, &e, &n, &err),
	    -1);
	assert_int_equal(err.status, 413);
	assert_string_equal(err.code, "too_many_lines");
	assert_int_equal(err.line, 20002);
	free(csv);
	api_entry_keys_wipe(&k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_good_file),
		cmocka_unit_test(test_import_refusals_name_line_and_column),
		cmocka_unit_test(test_import_takes_at_most_20000_entries),
	};

	return (cmocka_run_group_tests_name("api_import", tests, NULL, NULL));
}
