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
 * pseudo/pseudo_token.c: epoch numbers (expected values from Python's
 * datetime) and tokens (a known answer from the openssl command, and every
 * input that must change a token).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../pseudo/pseudo.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void set_key(struct pseudo_key *, unsigned char);
static void token(const struct pseudo_key *, enum pseudo_epoch, uint32_t,
    const char *, unsigned char *);

static void
test_epoch_parse_and_name(void **state)
{
	static const char *const bad[] = { "", "Day", "days", "hour", "none ",
		"weekly" };
	size_t                   i;

	(void)state;
	assert_int_equal(pseudo_epoch_parse("none"), PSEUDO_EPOCH_NONE);
	assert_int_equal(pseudo_epoch_parse("day"), PSEUDO_EPOCH_DAY);
	assert_int_equal(pseudo_epoch_parse("week"), PSEUDO_EPOCH_WEEK);
	assert_int_equal(pseudo_epoch_parse("month"), PSEUDO_EPOCH_MONTH);
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(pseudo_epoch_parse(bad[i]), -1);
	assert_int_equal(pseudo_epoch_parse(NULL), -1);

	assert_string_equal(pseudo_epoch_name(PSEUDO_EPOCH_NONE), "none");
	assert_string_equal(pseudo_epoch_name(PSEUDO_EPOCH_DAY), "day");
	assert_string_equal(pseudo_epoch_name(PSEUDO_EPOCH_WEEK), "week");
	assert_string_equal(pseudo_epoch_name(PSEUDO_EPOCH_MONTH), "month");
	assert_null(pseudo_epoch_name((enum pseudo_epoch)4));
}

/*
 * Expected values from Python: t // 86400, (t // 86400 + 3) // 7 and
 * (year - 1970) * 12 + month - 1 of datetime(1970, 1, 1) + timedelta(t),
 * each & 0xffffffff.
 */
static void
test_epoch_numbers_at_boundaries(void **state)
{
	static const struct {
		int64_t  t;
		uint32_t day, week, month;
	} cases[] = {
		{ 0, 0, 0, 0 }, /* 1970-01-01 Thu */
		{ 86399, 0, 0, 0 },
		{ 86400, 1, 0, 0 },
		{ 345599, 3, 0, 0 }, /* Sun 23:59:59 */
		{ 345600, 4, 1, 0 }, /* Mon 1970-01-05 */
		{ -1, 4294967295U, 0, 4294967295U }, /* 1969-12-31 */
		{ -86400, 4294967295U, 0, 4294967295U },
		{ -86401, 4294967294U, 0, 4294967295U },
		{ -259200, 4294967293U, 0, 4294967295U }, /* Mon 1969-12-29 */
		{ -259201, 4294967292U, 4294967295U, 4294967295U },
		{ -2678400, 4294967265U, 4294967292U, 4294967295U }, /* 12-01 */
		{ -2678401, 4294967264U, 4294967291U, 4294967294U },
		{ 1704067199, 19722, 2817, 647 }, /* 2023-12-31 Sun */
		{ 1704067200, 19723, 2818, 648 }, /* 2024-01-01 Mon */
		{ 1709164800, 19782, 2826, 649 }, /* 2024-02-29 */
		{ 1709251199, 19782, 2826, 649 },
		{ 1709251200, 19783, 2826, 650 }, /* 2024-03-01 */
		{ 4107456000LL, 47540, 6791, 1561 }, /* 2100-02-28 */
		{ 4107542400LL, 47541, 6792, 1562 }, /* 2100-03-01 */
		{ -2208988800LL, 4294941729U, 4294963644U, 4294966456U },
		{ 253402300799LL, 2932896, 418985, 96359 }, /* 9999-12-31 */
		{ -62135596800LL, 4294248134U, 4294864559U, 4294943668U },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		assert_int_equal(pseudo_epoch(PSEUDO_EPOCH_NONE, cases[i].t),
		    0);
		if (pseudo_epoch(PSEUDO_EPOCH_DAY, cases[i].t) !=
		        cases[i].day ||
		    pseudo_epoch(PSEUDO_EPOCH_WEEK, cases[i].t) !=
		        cases[i].week ||
		    pseudo_epoch(PSEUDO_EPOCH_MONTH, cases[i].t) !=
		        cases[i].month)
			fail_msg("t = %lld", (long long)cases[i].t);
	}
	/* The extremes compute something, without overflow (UBSan). */
	(void)pseudo_epoch(PSEUDO_EPOCH_MONTH, INT64_MIN);
	(void)pseudo_epoch(PSEUDO_EPOCH_MONTH, INT64_MAX);
	(void)pseudo_epoch(PSEUDO_EPOCH_WEEK, INT64_MIN);
	(void)pseudo_epoch(PSEUDO_EPOCH_DAY, INT64_MAX);
}

/* A key of the bytes first, first + 1, ... (0: the known-answer key). */
static void
set_key(struct pseudo_key *k, unsigned char first)
{
	size_t i;

	for (i = 0; i < sizeof(k->bytes); i++)
		k->bytes[i] = (unsigned char)(first + i);
}

static void
token(const struct pseudo_key *k, enum pseudo_epoch mode, uint32_t epoch,
    const char *skeleton, unsigned char *out)
{
	assert_int_equal(pseudo_token(k, mode, epoch, skeleton, out), 0);
}

/*
 * Computed with the openssl command (key 00 01 ... 1f; message
 * "torwart-token-v1" 00, mode, epoch be32, "8A81234"), first 16 bytes:
 *   printf 746f72776172742d746f6b656e2d7631000100004d0b38413831323334 |
 *     xxd -r -p | openssl dgst -sha256 -mac HMAC -macopt \
 *     hexkey:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
 * (mode 01 = day, epoch 0x4d0b = 19723, 2024-01-01), and the same with
 * 00 00000000 (none, 0).
 */
static void
test_token_known_answers(void **state)
{
	static const unsigned char none[PSEUDO_TOKEN_LEN] = { 0x8e, 0xa9, 0x62,
		0x63, 0x07, 0x09, 0xbc, 0x03, 0x68, 0x6f, 0xe3, 0x01, 0x6f,
		0xeb, 0x5f, 0x56 };
	static const unsigned char day[PSEUDO_TOKEN_LEN] = { 0xca, 0x62, 0xd2,
		0x81, 0xbe, 0xf3, 0x67, 0xcf, 0xe8, 0x91, 0xe3, 0x1f, 0xa3,
		0xa3, 0xeb, 0x8e };
	struct pseudo_key          k;
	unsigned char              out[PSEUDO_TOKEN_LEN];

	(void)state;
	set_key(&k, 0);
	token(&k, PSEUDO_EPOCH_NONE, 0, "8A81234", out);
	assert_memory_equal(out, none, sizeof(out));
	token(&k, PSEUDO_EPOCH_DAY, pseudo_epoch(PSEUDO_EPOCH_DAY, 1704067200),
	    "8A81234", out);
	assert_memory_equal(out, day, sizeof(out));
	/* Stable: the same again. */
	token(&k, PSEUDO_EPOCH_NONE, 0, "8A81234", out);
	assert_memory_equal(out, none, sizeof(out));
}

static void
test_token_changes_with_every_input(void **state)
{
	struct pseudo_key k, other;
	unsigned char     a[PSEUDO_TOKEN_LEN], b[PSEUDO_TOKEN_LEN];

	(void)state;
	set_key(&k, 0);
	token(&k, PSEUDO_EPOCH_NONE, 0, "8A81234", a);
	/* Key. */
	other = k;
	other.bytes[31] ^= 1;
	token(&other, PSEUDO_EPOCH_NONE, 0, "8A81234", b);
	assert_memory_not_equal(a, b, sizeof(a));
	/* Skeleton, also a prefix of it. */
	token(&k, PSEUDO_EPOCH_NONE, 0, "8A81235", b);
	assert_memory_not_equal(a, b, sizeof(a));
	token(&k, PSEUDO_EPOCH_NONE, 0, "8A8123", b);
	assert_memory_not_equal(a, b, sizeof(a));
	/* Mode: none/0 and day/0, day/5 and week/5. */
	token(&k, PSEUDO_EPOCH_DAY, 0, "8A81234", b);
	assert_memory_not_equal(a, b, sizeof(a));
	token(&k, PSEUDO_EPOCH_DAY, 5, "8A81234", a);
	token(&k, PSEUDO_EPOCH_WEEK, 5, "8A81234", b);
	assert_memory_not_equal(a, b, sizeof(a));
	token(&k, PSEUDO_EPOCH_MONTH, 5, "8A81234", a);
	assert_memory_not_equal(a, b, sizeof(a));
}

static void
test_token_rotates_with_the_epoch(void **state)
{
	struct pseudo_key k;
	unsigned char     a[PSEUDO_TOKEN_LEN], b[PSEUDO_TOKEN_LEN];
	const int64_t     t = 1704067200; /* 2024-01-01 00:00 UTC */

	(void)state;
	set_key(&k, 7);
	/* The same day: the same token. */
	token(&k, PSEUDO_EPOCH_DAY, pseudo_epoch(PSEUDO_EPOCH_DAY, t), "5T", a);
	token(&k, PSEUDO_EPOCH_DAY, pseudo_epoch(PSEUDO_EPOCH_DAY, t + 86399),
	    "5T", b);
	assert_memory_equal(a, b, sizeof(a));
	/* The next day: another. */
	token(&k, PSEUDO_EPOCH_DAY, pseudo_epoch(PSEUDO_EPOCH_DAY, t + 86400),
	    "5T", b);
	assert_memory_not_equal(a, b, sizeof(a));
	/* Weeks: Monday to Sunday, then another. */
	token(&k, PSEUDO_EPOCH_WEEK, pseudo_epoch(PSEUDO_EPOCH_WEEK, t), "5T",
	    a);
	token(&k, PSEUDO_EPOCH_WEEK,
	    pseudo_epoch(PSEUDO_EPOCH_WEEK, t + 7 * 86400 - 1), "5T", b);
	assert_memory_equal(a, b, sizeof(a));
	token(&k, PSEUDO_EPOCH_WEEK,
	    pseudo_epoch(PSEUDO_EPOCH_WEEK, t + 7 * 86400), "5T", b);
	assert_memory_not_equal(a, b, sizeof(a));
}

/* Keys derived for two tenants, two purposes, two versions differ. */
static void
test_token_separates_tenants_and_purposes(void **state)
{
	static const struct {
		const char *purpose;
		uint64_t    tenant;
		uint32_t    version;
	} keys[] = {
		{ "match", 1, 1 },
		{ "match", 2, 1 },
		{ "read", 1, 1 },
		{ "stats", 1, 1 },
		{ "match", 1, 2 },
	};
	struct pseudo_key master, k;
	unsigned char     out[NELEM(keys)][PSEUDO_TOKEN_LEN];
	size_t            i, j;

	(void)state;
	set_key(&master, 42);
	for (i = 0; i < NELEM(keys); i++) {
		assert_int_equal(pseudo_key_derive(&master, keys[i].purpose,
		                     keys[i].tenant, keys[i].version, &k),
		    0);
		token(&k, PSEUDO_EPOCH_NONE, 0, "8A81234", out[i]);
		for (j = 0; j < i; j++)
			assert_memory_not_equal(out[i], out[j], sizeof(out[i]));
	}
	pseudo_key_wipe(&k);
}

static void
test_token_refuses_bad_arguments(void **state)
{
	static const char *const bad[] = { "", "8a81234", "8A8 1234",
		"8A8-1234", "ABCDEFGHIJKLMNOPQ", "Ä", NULL };
	struct pseudo_key        k;
	unsigned char            out[PSEUDO_TOKEN_LEN], zero[PSEUDO_TOKEN_LEN];
	size_t                   i;

	(void)state;
	set_key(&k, 0);
	memset(zero, 0, sizeof(zero));
	for (i = 0; i < NELEM(bad); i++) {
		memset(out, 0xaa, sizeof(out));
		assert_int_equal(pseudo_token(&k, PSEUDO_EPOCH_NONE, 0, bad[i],
		                     out),
		    -1);
		assert_memory_equal(out, zero, sizeof(out));
	}
	/* 16 characters are fine. */
	assert_int_equal(pseudo_token(&k, PSEUDO_EPOCH_NONE, 0,
	                     "ABCDEFGHIJKLMNOP", out),
	    0);
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(pseudo_token(NULL, PSEUDO_EPOCH_NONE, 0, "A1", out),
	    -1);
	assert_memory_equal(out, zero, sizeof(out));
	assert_int_equal(pseudo_token(&k, (enum pseudo_epoch)4, 0, "A1", out),
	    -1);
	assert_int_equal(pseudo_token(&k, PSEUDO_EPOCH_NONE, 1, "A1", out), -1);
	assert_int_equal(pseudo_token(&k, PSEUDO_EPOCH_DAY, 1, "A1", NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_parse_and_name),
		cmocka_unit_test(test_epoch_numbers_at_boundaries),
		cmocka_unit_test(test_token_known_answers),
		cmocka_unit_test(test_token_changes_with_every_input),
		cmocka_unit_test(test_token_rotates_with_the_epoch),
		cmocka_unit_test(test_token_separates_tenants_and_purposes),
		cmocka_unit_test(test_token_refuses_bad_arguments),
	};

	return (cmocka_run_group_tests_name("pseudo_token", tests, NULL, NULL));
}
