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
 * pseudo/pseudo_totp.c: the RFC 6238 Appendix B SHA-1 vectors, the
 * verification window and its counter, input checks, and base32 against
 * the RFC 4648 section 10 vectors.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../pseudo/pseudo.h"

/* RFC 6238 Appendix B: the SHA-1 seed, 20 ASCII bytes. */
static const unsigned char rfc_secret[] = "12345678901234567890";
#define RFC_SECRET_LEN 20
#define STEP           30

static const struct {
	uint64_t    t;
	const char *code8;
	const char *code6;
} rfc_vectors[] = {
	{ 59ULL, "94287082", "287082" },
	{ 1111111109ULL, "07081804", "081804" },
	{ 1111111111ULL, "14050471", "050471" },
	{ 1234567890ULL, "89005924", "005924" },
	{ 2000000000ULL, "69279037", "279037" },
	{ 20000000000ULL, "65353130", "353130" },
};
#define NVECTORS (sizeof(rfc_vectors) / sizeof(rfc_vectors[0]))

/* RFC 4648 section 10, without padding. */
static const struct {
	const char *plain;
	const char *b32;
} b32_vectors[] = {
	{ "", "" },
	{ "f", "MY" },
	{ "fo", "MZXQ" },
	{ "foo", "MZXW6" },
	{ "foob", "MZXW6YQ" },
	{ "fooba", "MZXW6YTB" },
	{ "foobar", "MZXW6YTBOI" },
};
#define NB32 (sizeof(b32_vectors) / sizeof(b32_vectors[0]))

static void
test_totp_code_matches_rfc6238_vectors(void **state)
{
	char   out[9];
	size_t i;

	(void)state;
	for (i = 0; i < NVECTORS; i++) {
		assert_int_equal(pseudo_totp_code(rfc_secret, RFC_SECRET_LEN,
		                     rfc_vectors[i].t, STEP, 8, out,
		                     sizeof(out)),
		    0);
		assert_string_equal(out, rfc_vectors[i].code8);
	}
}

static void
test_totp_code_truncates_to_six_digits(void **state)
{
	char   out[7];
	size_t i;

	(void)state;
	for (i = 0; i < NVECTORS; i++) {
		assert_int_equal(pseudo_totp_code(rfc_secret, RFC_SECRET_LEN,
		                     rfc_vectors[i].t, STEP, 6, out,
		                     sizeof(out)),
		    0);
		assert_string_equal(out, rfc_vectors[i].code6);
	}
}

static void
test_totp_code_rejects_bad_arguments(void **state)
{
	static const struct {
		size_t       secretlen;
		unsigned int step;
		unsigned int digits;
		size_t       outsize;
	} cases[] = {
		{ 0, STEP, 8, 9 },
		{ RFC_SECRET_LEN, 0, 8, 9 },
		{ RFC_SECRET_LEN, STEP, 5, 9 },
		{ RFC_SECRET_LEN, STEP, 9, 10 },
		{ RFC_SECRET_LEN, STEP, 8, 8 },
		{ RFC_SECRET_LEN, STEP, 6, 6 },
	};
	char   out[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(pseudo_totp_code(rfc_secret,
		                     cases[i].secretlen, 59, cases[i].step,
		                     cases[i].digits, out, cases[i].outsize),
		    -1);
	}
}

static void
test_totp_verify_accepts_rfc6238_vectors(void **state)
{
	uint64_t counter;
	size_t   i;

	(void)state;
	for (i = 0; i < NVECTORS; i++) {
		counter = 0;
		assert_int_equal(pseudo_totp_verify(rfc_secret, RFC_SECRET_LEN,
		                     rfc_vectors[i].code8, rfc_vectors[i].t,
		                     STEP, 8, 0, &counter),
		    1);
		assert_int_equal(counter, rfc_vectors[i].t / STEP);
		assert_int_equal(pseudo_totp_verify(rfc_secret, RFC_SECRET_LEN,
		                     rfc_vectors[i].code6, rfc_vectors[i].t,
		                     STEP, 6, 0, &counter),
		    1);
	}
}

/* Window 1 takes the neighbours and reports their counter; 2 away fails. */
static void
test_totp_verify_window_reports_counter(void **state)
{
	static const struct {
		int offset; /* steps from now to when the code was made */
		int want;
	} cases[] = {
		{ -2, 0 },
		{ -1, 1 },
		{ 0, 1 },
		{ 1, 1 },
		{ 2, 0 },
	};
	const uint64_t now = 1111111111ULL;
	char           code[9];
	uint64_t       counter, t;
	size_t         i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = now + (uint64_t)((int64_t)cases[i].offset * STEP);
		assert_int_equal(pseudo_totp_code(rfc_secret, RFC_SECRET_LEN, t,
		                     STEP, 8, code, sizeof(code)),
		    0);
		counter = 12345;
		assert_int_equal(pseudo_totp_verify(rfc_secret, RFC_SECRET_LEN,
		                     code, now, STEP, 8, 1, &counter),
		    cases[i].want);
		if (cases[i].want == 1)
			assert_int_equal(counter, t / STEP);
		else
			assert_int_equal(counter, 12345);
	}
}

/* No counter below 0 or above UINT64_MAX, and the loop ends. */
static void
test_totp_verify_window_at_counter_limits(void **state)
{
	char     code[9];
	uint64_t counter;

	(void)state;
	assert_int_equal(pseudo_totp_code(rfc_secret, RFC_SECRET_LEN, 0, STEP,
	                     8, code, sizeof(code)),
	    0);
	assert_int_equal(pseudo_totp_verify(rfc_secret, RFC_SECRET_LEN, code,
	                     15, STEP, 8, 3, &counter),
	    1);
	assert_int_equal(counter, 0);

	assert_int_equal(pseudo_totp_code(rfc_secret, RFC_SECRET_LEN,
	                     UINT64_MAX, 1, 8, code, sizeof(code)),
	    0);
	assert_int_equal(pseudo_totp_verify(rfc_secret, RFC_SECRET_LEN, code,
	                     UINT64_MAX - 1, 1, 8, 2, &counter),
	    1);
	assert_int_equal(counter, UINT64_MAX);

	/* The window does not wrap around: 0 and UINT64_MAX are far apart. */
	assert_int_equal(pseudo_totp_verify(rfc_secret, RFC_SECRET_LEN, code, 0,
	                     1, 8, 2, &counter),
	    0);
	assert_int_equal(pseudo_totp_code(rfc_secret, RFC_SECRET_LEN, 0, 1, 8,
	                     code, sizeof(code)),
	    0);
	assert_int_equal(pseudo_totp_verify(rfc_secret, RFC_SECRET_LEN, code,
	                     UINT64_MAX - 1, 1, 8, 2, &counter),
	    0);
}

/*
 * Counters 910737 and 910738 share the 6-digit code 911617 for the RFC
 * secret (found by searching; checked with Python's hmac): the lowest
 * matching counter is reported, so a replayed code is refused.
 */
static void
test_totp_verify_reports_lowest_matching_counter(void **state)
{
	uint64_t counter;

	(void)state;
	assert_int_equal(pseudo_totp_verify(rfc_secret, RFC_SECRET_LEN,
	                     "911617", 910738ULL * STEP, STEP, 6, 1, &counter),
	    1);
	assert_int_equal(counter, 910737);
	assert_int_equal(pseudo_totp_verify(rfc_secret, RFC_SECRET_LEN,
	                     "911617", 910739ULL * STEP, STEP, 6, 1, &counter),
	    1);
	assert_int_equal(counter, 910738);
}

static void
test_totp_verify_rejects_bad_codes(void **state)
{
	static const struct {
		const char *code;
		int         want;
	} cases[] = {
		{ "14050471", 1 }, { "14050472", 0 }, { "00000000", 0 },
		{ "1405047", -1 }, { "140504711", -1 }, { "", -1 },
		{ "1405047a", -1 }, { " 4050471", -1 }, { "14050471 ", -1 },
		{ "+4050471", -1 },
		{ "1405\331\24147", -1 }, /* Arabic-Indic one */
	};
	uint64_t counter;
	size_t   i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (pseudo_totp_verify(rfc_secret, RFC_SECRET_LEN,
		        cases[i].code, 1111111111ULL, STEP, 8, 1,
		        &counter) != cases[i].want)
			fail_msg("\"%s\": want %d", cases[i].code,
			    cases[i].want);
	}
}

static void
test_totp_verify_rejects_bad_arguments(void **state)
{
	static const struct {
		size_t       secretlen;
		unsigned int step;
		unsigned int digits;
		unsigned int window;
	} cases[] = {
		{ 0, STEP, 8, 1 },
		{ RFC_SECRET_LEN, 0, 8, 1 },
		{ RFC_SECRET_LEN, STEP, 5, 1 },
		{ RFC_SECRET_LEN, STEP, 9, 1 },
		{ RFC_SECRET_LEN, STEP, 8, PSEUDO_TOTP_WINDOW_MAX + 1 },
	};
	uint64_t counter;
	size_t   i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(pseudo_totp_verify(rfc_secret,
		                     cases[i].secretlen, "14050471",
		                     1111111111ULL, cases[i].step,
		                     cases[i].digits, cases[i].window,
		                     &counter),
		    -1);
	}
	assert_int_equal(pseudo_totp_verify(rfc_secret, RFC_SECRET_LEN,
	                     "14050471", 1111111111ULL, STEP, 8, 0, NULL),
	    -1);
	assert_int_equal(pseudo_totp_verify(rfc_secret, RFC_SECRET_LEN, NULL,
	                     1111111111ULL, STEP, 8, 0, &counter),
	    -1);
}

static void
test_base32_encode_matches_rfc4648(void **state)
{
	char   out[32];
	size_t i;

	(void)state;
	for (i = 0; i < NB32; i++) {
		assert_int_equal(pseudo_base32_encode((const unsigned char *)
		                                          b32_vectors[i]
		                                              .plain,
		                     strlen(b32_vectors[i].plain), out,
		                     sizeof(out)),
		    0);
		assert_string_equal(out, b32_vectors[i].b32);
	}
}

static void
test_base32_decode_matches_rfc4648(void **state)
{
	unsigned char out[32];
	size_t        i, len;

	(void)state;
	for (i = 0; i < NB32; i++) {
		len = 99;
		assert_int_equal(pseudo_base32_decode(b32_vectors[i].b32, out,
		                     sizeof(out), &len),
		    0);
		assert_int_equal(len, strlen(b32_vectors[i].plain));
		assert_memory_equal(out, b32_vectors[i].plain, len);
	}
}

static void
test_base32_decode_accepts_lower_case_padding_spaces(void **state)
{
	static const char *const in[] = {
		"mzxw6ytboi",
		"MZXW6YTBOI======",
		"mZxW6yTbOi======",
		"MZXW 6YTB OI",
		" mzxw6ytb oi== ",
	};
	unsigned char out[16];
	size_t        i, len;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		assert_int_equal(pseudo_base32_decode(in[i], out, sizeof(out),
		                     &len),
		    0);
		assert_int_equal(len, 6);
		assert_memory_equal(out, "foobar", 6);
	}
}

static void
test_base32_decode_rejects_invalid_input(void **state)
{
	static const char *const bad[] = {
		"MZXW1",
		"MZXW0",
		"MZXW8",
		"MZXW6!",
		"MZXW6YTBOI\n",
		"MZXW6\tYTBOI",
		"MZXW-6YTB",
		"M\xc3\x9cXW6",
		"A", /* 1, 3 or 6 symbols are no whole bytes */
		"MYA",
		"MZXW6A",
		"MZXW6YTBA",
		"MZ", /* bits left over that are not zero */
		"MZXW7",
	};
	unsigned char out[16];
	unsigned char zero[16];
	size_t        i, len;

	(void)state;
	memset(zero, 0, sizeof(zero));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(out, 0xaa, sizeof(out));
		if (pseudo_base32_decode(bad[i], out, sizeof(out), &len) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_memory_equal(out, zero, sizeof(out));
	}
}

static void
test_base32_rejects_small_output(void **state)
{
	unsigned char bin[6];
	char          text[11];
	size_t        len;

	(void)state;
	/* "foobar": 10 characters and the NUL; 6 bytes back. */
	assert_int_equal(pseudo_base32_encode((const unsigned char *)"foobar",
	                     6, text, 10),
	    -1);
	assert_int_equal(pseudo_base32_encode((const unsigned char *)"foobar",
	                     6, text, 11),
	    0);
	assert_int_equal(pseudo_base32_decode(text, bin, 5, &len), -1);
	assert_int_equal(pseudo_base32_decode(text, bin, 6, &len), 0);
	assert_int_equal(len, 6);
}

/* The otpauth:// form of the RFC secret decodes to it. */
static void
test_base32_decodes_rfc6238_secret(void **state)
{
	unsigned char out[32];
	char          text[64];
	size_t        len;

	(void)state;
	assert_int_equal(
	    pseudo_base32_decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", out,
	        sizeof(out), &len),
	    0);
	assert_int_equal(len, RFC_SECRET_LEN);
	assert_memory_equal(out, rfc_secret, RFC_SECRET_LEN);
	assert_int_equal(pseudo_base32_encode(out, len, text, sizeof(text)), 0);
	assert_string_equal(text, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totp_code_matches_rfc6238_vectors),
		cmocka_unit_test(test_totp_code_truncates_to_six_digits),
		cmocka_unit_test(test_totp_code_rejects_bad_arguments),
		cmocka_unit_test(test_totp_verify_accepts_rfc6238_vectors),
		cmocka_unit_test(test_totp_verify_window_reports_counter),
		cmocka_unit_test(test_totp_verify_window_at_counter_limits),
		cmocka_unit_test(
		    test_totp_verify_reports_lowest_matching_counter),
		cmocka_unit_test(test_totp_verify_rejects_bad_codes),
		cmocka_unit_test(test_totp_verify_rejects_bad_arguments),
		cmocka_unit_test(test_base32_encode_matches_rfc4648),
		cmocka_unit_test(test_base32_decode_matches_rfc4648),
		cmocka_unit_test(
		    test_base32_decode_accepts_lower_case_padding_spaces),
		cmocka_unit_test(test_base32_decode_rejects_invalid_input),
		cmocka_unit_test(test_base32_rejects_small_output),
		cmocka_unit_test(test_base32_decodes_rfc6238_secret),
	};

	return (cmocka_run_group_tests_name("pseudo_totp", tests, NULL, NULL));
}
