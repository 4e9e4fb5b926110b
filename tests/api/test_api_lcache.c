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
 * api/api_lcache.c: a tenant's list tokens found by token and site as the
 * database's list lookup finds them; checked against a linear scan of
 * the same rows over many random tokens, and at its limits.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_lcache.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Token k: k's bytes, repeated; distinct for distinct k. */
static void
token(unsigned char *t, unsigned int k)
{
	size_t i;

	for (i = 0; i < PSEUDO_TOKEN_LEN; i++)
		t[i] = (unsigned char)(k >> (8 * (i % 4)));
}

static struct api_lc_row
row(const unsigned char *t, int64_t entry, int64_t list, int64_t site)
{
	struct api_lc_row r;

	memset(&r, 0, sizeof(r));
	r.token = t;
	r.entry = entry;
	r.list = list;
	r.site = site;
	r.priority = (int)list;

	return (r);
}

static void
test_lcache_finds_by_token_and_site(void **state)
{
	unsigned char     t[4][PSEUDO_TOKEN_LEN], q[3][PSEUDO_TOKEN_LEN];
	char              spec[32];
	struct api_lc    *lc;
	struct api_lc_row r, out[8];
	size_t            n;

	(void)state;
	token(t[0], 1);
	token(t[1], 2);
	token(t[2], 3);
	token(t[3], 4);
	assert_non_null(lc = api_lc_new(0));
	/* List 10 for every site, list 11 for site 5 only. */
	r = row(t[0], 100, 10, 0);
	r.exact = 1;
	r.deny = 1;
	r.fuzzy = 1;
	r.fuzzy_open = 1;
	r.valid_from = 1000;
	r.valid_to = 2000;
	(void)snprintf(spec, sizeof(spec), "%s", "w1@0800-1800");
	r.profile = 7;
	r.spec = spec;
	assert_int_equal(api_lc_add(lc, &r), 0);
	r = row(t[1], 100, 10, 0);
	assert_int_equal(api_lc_add(lc, &r), 0);
	r = row(t[1], 101, 11, 5);
	r.shadow = 1;
	assert_int_equal(api_lc_add(lc, &r), 0);
	r = row(t[2], 102, 11, 5);
	assert_int_equal(api_lc_add(lc, &r), 0);
	/* The spec was copied. */
	(void)snprintf(spec, sizeof(spec), "%s", "garbage");
	api_lc_seal(lc);
	assert_int_equal(api_lc_size(lc), 4);

	/* Token 2 twice, token 4 unknown; at site 5 both lists count. */
	memcpy(q[0], t[1], sizeof(q[0]));
	memcpy(q[1], t[3], sizeof(q[1]));
	memcpy(q[2], t[1], sizeof(q[2]));
	n = api_lc_find(lc, (const unsigned char(*)[PSEUDO_TOKEN_LEN])q, 3, 5,
	    out, NELEM(out));
	assert_int_equal(n, 2);
	assert_int_equal(out[0].entry, 100);
	assert_int_equal(out[0].list, 10);
	assert_int_equal(out[0].site, 0);
	assert_int_equal(out[1].entry, 101);
	assert_int_equal(out[1].site, 5);
	assert_int_equal(out[1].shadow, 1);
	assert_memory_equal(out[1].token, t[1], PSEUDO_TOKEN_LEN);
	/* At site 6 only the list for every site. */
	n = api_lc_find(lc, (const unsigned char(*)[PSEUDO_TOKEN_LEN])q, 3, 6,
	    out, NELEM(out));
	assert_int_equal(n, 1);
	assert_int_equal(out[0].entry, 100);
	/* Everything the row had comes back. */
	n = api_lc_find(lc, (const unsigned char(*)[PSEUDO_TOKEN_LEN])t, 1, 6,
	    out, NELEM(out));
	assert_int_equal(n, 1);
	assert_int_equal(out[0].exact, 1);
	assert_int_equal(out[0].deny, 1);
	assert_int_equal(out[0].fuzzy, 1);
	assert_int_equal(out[0].fuzzy_open, 1);
	assert_int_equal(out[0].priority, 10);
	assert_int_equal(out[0].valid_from, 1000);
	assert_int_equal(out[0].valid_to, 2000);
	assert_int_equal(out[0].profile, 7);
	assert_string_equal(out[0].spec, "w1@0800-1800");
	/* Entries' own tokens come first, whatever the order asked in. */
	memcpy(q[0], t[1], sizeof(q[0]));
	memcpy(q[1], t[0], sizeof(q[1]));
	n = api_lc_find(lc, (const unsigned char(*)[PSEUDO_TOKEN_LEN])q, 2, 6,
	    out, NELEM(out));
	assert_int_equal(n, 2);
	assert_int_equal(out[0].exact, 1);
	assert_memory_equal(out[0].token, t[0], PSEUDO_TOKEN_LEN);
	assert_int_equal(out[1].exact, 0);
	assert_memory_equal(out[1].token, t[1], PSEUDO_TOKEN_LEN);
	/* Without a profile, no spec. */
	n = api_lc_find(lc, (const unsigned char(*)[PSEUDO_TOKEN_LEN])t + 2, 1,
	    5, out, NELEM(out));
	assert_int_equal(n, 1);
	assert_int_equal(out[0].profile, 0);
	assert_null(out[0].spec);
	/* At most max rows. */
	n = api_lc_find(lc, (const unsigned char(*)[PSEUDO_TOKEN_LEN])t, 3, 5,
	    out, 2);
	assert_int_equal(n, 2);
	api_lc_free(lc);
}

/* Random rows and queries against a plain scan of the same rows. */
static void
test_lcache_matches_a_linear_scan(void **state)
{
	enum { ROWS = 5000, KEYS = 1500, QUERIES = 3000 };
	static unsigned char tok[ROWS][PSEUDO_TOKEN_LEN];
	static int64_t       list[ROWS], site[ROWS];
	unsigned char        q[4][PSEUDO_TOKEN_LEN];
	struct api_lc       *lc;
	struct api_lc_row    r, out[64];
	size_t               i, j, k, n, want, got;
	int64_t              s;

	(void)state;
	srand(42);
	assert_non_null(lc = api_lc_new(0));
	for (i = 0; i < ROWS; i++) {
		token(tok[i], (unsigned int)(rand() % KEYS));
		list[i] = 1 + rand() % 20;
		site[i] = list[i] % 3; /* lists 3, 6, …: every site */
		r = row(tok[i], (int64_t)i + 1, list[i], site[i]);
		assert_int_equal(api_lc_add(lc, &r), 0);
	}
	api_lc_seal(lc);
	for (k = 0; k < QUERIES; k++) {
		for (j = 0; j < NELEM(q); j++)
			token(q[j], (unsigned int)(rand() % (KEYS + 100)));
		s = rand() % 3;
		n = api_lc_find(lc, (const unsigned char(*)[PSEUDO_TOKEN_LEN])q,
		    NELEM(q), s, out, NELEM(out));
		/* The same rows as a scan: count, and each one found. */
		want = 0;
		for (i = 0; i < ROWS; i++) {
			for (j = 0; j < NELEM(q); j++) {
				if (memcmp(tok[i], q[j], PSEUDO_TOKEN_LEN) == 0)
					break;
			}
			if (j == NELEM(q) || (site[i] != 0 && site[i] != s))
				continue;
			want++;
			for (got = 0; got < n; got++) {
				if (out[got].entry == (int64_t)i + 1)
					break;
			}
			if (got == n && n < NELEM(out))
				fail_msg("query %zu: entry %zu missing", k,
				    i + 1);
		}
		assert_int_equal(n, want < NELEM(out) ? want : NELEM(out));
		for (got = 0; got < n; got++) {
			i = (size_t)out[got].entry - 1;
			assert_memory_equal(out[got].token, tok[i],
			    PSEUDO_TOKEN_LEN);
			assert_int_equal(out[got].list, list[i]);
		}
	}
	api_lc_free(lc);
}

static void
test_lcache_refuses_beyond_its_limits(void **state)
{
	unsigned char     t[PSEUDO_TOKEN_LEN];
	char              spec[16];
	struct api_lc    *lc;
	struct api_lc_row r;
	int64_t           i;

	(void)state;
	token(t, 9);
	assert_non_null(lc = api_lc_new(3));
	for (i = 1; i <= API_LC_LISTS_MAX; i++) {
		r = row(t, i, i, 0);
		assert_int_equal(api_lc_add(lc, &r), 0);
	}
	r = row(t, i, i, 0);
	assert_int_equal(api_lc_add(lc, &r), -1);
	api_lc_free(lc);

	assert_non_null(lc = api_lc_new(3));
	(void)snprintf(spec, sizeof(spec), "%s", "w1@0000-2400");
	for (i = 1; i <= API_LC_PROFILES_MAX; i++) {
		r = row(t, i, 1, 0);
		r.profile = i;
		r.spec = spec;
		assert_int_equal(api_lc_add(lc, &r), 0);
	}
	r = row(t, i, 1, 0);
	r.profile = i;
	r.spec = spec;
	assert_int_equal(api_lc_add(lc, &r), -1);
	/* A known profile still goes in. */
	r.profile = 1;
	assert_int_equal(api_lc_add(lc, &r), 0);
	api_lc_free(lc);

	assert_non_null(lc = api_lc_new(3));
	for (i = 0; i < API_LC_TOKENS_MAX; i++) {
		r = row(t, i, 1, 0);
		assert_int_equal(api_lc_add(lc, &r), 0);
	}
	r = row(t, i, 1, 0);
	assert_int_equal(api_lc_add(lc, &r), -1);
	api_lc_free(lc);
	api_lc_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lcache_finds_by_token_and_site),
		cmocka_unit_test(test_lcache_matches_a_linear_scan),
		cmocka_unit_test(test_lcache_refuses_beyond_its_limits),
	};

	return (cmocka_run_group_tests_name("api_lcache", tests, NULL, NULL));
}
