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
 * api/api_subject.c: a data subject's tokens cover every key version and
 * every epoch of the window, and nothing beyond it.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../api/api_subject.h"

#define NOW    1795000000LL /* 2026-11-19, a Thursday */
#define DAY    86400LL
#define TENANT 7
#define SKEL   "8A8123"

static struct pseudo_key          master, master2;
static struct api_subject_version vs[API_SUBJECT_VERSIONS_MAX + 1];

/* Versions 1..n, all under master. */
static const struct api_subject_version *
vers(size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		vs[i].version = (uint32_t)i + 1;
		vs[i].master = &master;
	}
	return (vs);
}

/* The hex form of the token a record stored so would carry. */
static void
stored_under(const struct pseudo_key *m, const char *purpose, uint32_t version,
    enum pseudo_epoch mode, int64_t at, const char *skel,
    char hex[2 * PSEUDO_TOKEN_LEN + 3])
{
	static const char d[] = "0123456789abcdef";
	struct pseudo_key k;
	unsigned char     tok[PSEUDO_TOKEN_LEN];
	size_t            i;

	assert_int_equal(pseudo_key_derive(m, purpose, TENANT, version, &k), 0);
	assert_int_equal(pseudo_token(&k, mode, pseudo_epoch(mode, at), skel,
	                     tok),
	    0);
	hex[0] = '"';
	for (i = 0; i < PSEUDO_TOKEN_LEN; i++) {
		hex[1 + 2 * i] = d[tok[i] >> 4];
		hex[2 + 2 * i] = d[tok[i] & 15];
	}
	hex[1 + 2 * PSEUDO_TOKEN_LEN] = '"';
	hex[2 + 2 * PSEUDO_TOKEN_LEN] = '\0';
}

static int
holds(const char *arr, const char *purpose, uint32_t version,
    enum pseudo_epoch mode, int64_t at, const char *skel)
{
	char hex[2 * PSEUDO_TOKEN_LEN + 3];

	stored_under(&master, purpose, version, mode, at, skel, hex);
	return (strstr(arr, hex) != NULL);
}

/* Versions under two masters, one left out (its key file gone). */
static void
test_each_version_under_its_own_master(void **state)
{
	struct api_subject_version v[2] = { { 1, &master }, { 3, &master2 } };
	struct api_subject         s;
	char                       hex[2 * PSEUDO_TOKEN_LEN + 3];

	(void)state;
	assert_int_equal(api_subject_tokens(v, 2, TENANT, SKEL, NOW, 24, &s),
	    0);
	assert_int_equal(s.nmatch, 2);
	assert_true(holds(s.match, "match", 1, PSEUDO_EPOCH_NONE, 0, SKEL));
	stored_under(&master2, "match", 3, PSEUDO_EPOCH_NONE, 0, SKEL, hex);
	assert_non_null(strstr(s.match, hex));
	stored_under(&master2, "read", 3, PSEUDO_EPOCH_DAY, NOW, SKEL, hex);
	assert_non_null(strstr(s.reads, hex));
	/* Version 3 under the old master, and version 2: not searched. */
	assert_false(holds(s.match, "match", 3, PSEUDO_EPOCH_NONE, 0, SKEL));
	assert_false(holds(s.reads, "read", 2, PSEUDO_EPOCH_DAY, NOW, SKEL));
	api_subject_free(&s);
}

static size_t
elements(const char *arr)
{
	size_t n = 1;

	for (; *arr != '\0'; arr++)
		n += *arr == ',';
	return (n);
}

static void
test_every_version_and_epoch_of_the_window(void **state)
{
	struct api_subject s;
	uint32_t           v;

	(void)state;
	assert_int_equal(api_subject_tokens(vers(3), 3, TENANT, SKEL, NOW, 720,
	                     &s),
	    0);
	assert_int_equal(s.reads[0], '[');
	assert_int_equal(s.reads[strlen(s.reads) - 1], ']');
	assert_int_equal(elements(s.reads), s.nreads);
	assert_int_equal(elements(s.match), s.nmatch);
	assert_int_equal(s.nmatch, 3);
	for (v = 1; v <= 3; v++) {
		assert_true(
		    holds(s.match, "match", v, PSEUDO_EPOCH_NONE, 0, SKEL));
		assert_true(
		    holds(s.reads, "read", v, PSEUDO_EPOCH_NONE, 0, SKEL));
		assert_true(
		    holds(s.reads, "read", v, PSEUDO_EPOCH_DAY, NOW, SKEL));
		/* Stored 30 days ago, kept 720 hours: still there. */
		assert_true(holds(s.reads, "read", v, PSEUDO_EPOCH_DAY,
		    NOW - 30 * DAY + 60, SKEL));
		assert_true(holds(s.reads, "read", v, PSEUDO_EPOCH_WEEK,
		    NOW - 30 * DAY, SKEL));
		assert_true(holds(s.reads, "read", v, PSEUDO_EPOCH_MONTH,
		    NOW - 30 * DAY, SKEL));
		/* Long gone by its retention: not searched. */
		assert_false(holds(s.reads, "read", v, PSEUDO_EPOCH_DAY,
		    NOW - 40 * DAY, SKEL));
	}
	/* A version never used, another plate, a match token as a read. */
	assert_false(holds(s.reads, "read", 4, PSEUDO_EPOCH_DAY, NOW, SKEL));
	assert_false(
	    holds(s.reads, "read", 1, PSEUDO_EPOCH_DAY, NOW, "8A8124"));
	assert_false(holds(s.reads, "match", 1, PSEUDO_EPOCH_NONE, 0, SKEL));
	/* 1 + 32 days + 5 or 6 weeks + 2 months, each version. */
	assert_true(s.nreads >= 3 * (1 + 32 + 5 + 2));
	assert_true(s.nreads <= 3 * (1 + 32 + 6 + 2));
	api_subject_free(&s);
	assert_null(s.reads);
	assert_null(s.match);
}

static void
test_a_longer_retention_searches_further(void **state)
{
	struct api_subject s;

	(void)state;
	assert_int_equal(api_subject_tokens(vers(1), 1, TENANT, SKEL, NOW,
	                     87600, &s),
	    0);
	assert_true(holds(s.reads, "read", 1, PSEUDO_EPOCH_DAY,
	    NOW - 3650 * DAY, SKEL));
	assert_true(holds(s.reads, "read", 1, PSEUDO_EPOCH_MONTH,
	    NOW - 3650 * DAY, SKEL));
	assert_true(s.nreads > 3650);
	api_subject_free(&s);

	/* Nothing kept: still today's and yesterday's epochs. */
	assert_int_equal(api_subject_tokens(vers(1), 1, TENANT, SKEL, NOW, 0,
	                     &s),
	    0);
	assert_true(
	    holds(s.reads, "read", 1, PSEUDO_EPOCH_DAY, NOW - DAY, SKEL));
	assert_false(
	    holds(s.reads, "read", 1, PSEUDO_EPOCH_DAY, NOW - 3 * DAY, SKEL));
	api_subject_free(&s);
}

static void
test_bad_arguments(void **state)
{
	struct api_subject s;

	(void)state;
	assert_int_equal(api_subject_tokens(vers(1), 0, TENANT, SKEL, NOW, 24,
	                     &s),
	    -1);
	assert_null(s.reads);
	assert_int_equal(api_subject_tokens(vers(API_SUBJECT_VERSIONS_MAX + 1),
	                     API_SUBJECT_VERSIONS_MAX + 1, TENANT, SKEL, NOW,
	                     24, &s),
	    -1);
	assert_int_equal(api_subject_tokens(vers(1), 1, 0, SKEL, NOW, 24, &s),
	    -1);
	assert_int_equal(api_subject_tokens(vers(1), 1, TENANT, "", NOW, 24,
	                     &s),
	    -1);
	assert_int_equal(api_subject_tokens(NULL, 1, TENANT, SKEL, NOW, 24, &s),
	    -1);
	vs[0].master = NULL;
	assert_int_equal(api_subject_tokens(vs, 1, TENANT, SKEL, NOW, 24, &s),
	    -1);
	assert_null(s.match);
	api_subject_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_version_and_epoch_of_the_window),
		cmocka_unit_test(test_a_longer_retention_searches_further),
		cmocka_unit_test(test_each_version_under_its_own_master),
		cmocka_unit_test(test_bad_arguments),
	};
	size_t i;

	for (i = 0; i < sizeof(master.bytes); i++)
		master.bytes[i] = (unsigned char)(i * 7 + 1);
	for (i = 0; i < sizeof(master2.bytes); i++)
		master2.bytes[i] = (unsigned char)(i * 5 + 3);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
