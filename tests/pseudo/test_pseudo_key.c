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
 * pseudo/pseudo_key.c: random bytes, HKDF derivation (with a known answer
 * computed by the openssl command, which pins the info layout) and
 * AES-256-GCM sealing, including every way an unseal must fail.
 */

#include <openssl/evp.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../pseudo/pseudo.h"

static void set_key(struct pseudo_key *, unsigned char);
static void seal_msg(const struct pseudo_key *, const char *, size_t,
    unsigned char *, size_t *);

/* A key of the bytes first, first + 1, ... (0: the known-answer key). */
static void
set_key(struct pseudo_key *k, unsigned char first)
{
	size_t i;

	for (i = 0; i < sizeof(k->bytes); i++)
		k->bytes[i] = (unsigned char)(first + i);
}

static const char    aad_row[] = "tenant=7;row=42";
static unsigned char msg[1000];

/* Seal msg[0..len) with aad and check the length. */
static void
seal_msg(const struct pseudo_key *k, const char *aad, size_t len,
    unsigned char *out, size_t *outlen)
{
	assert_int_equal(pseudo_seal(k, aad, strlen(aad), msg, len, out,
	                     len + PSEUDO_SEAL_OVERHEAD, outlen),
	    0);
	assert_int_equal(*outlen, len + PSEUDO_SEAL_OVERHEAD);
}

static void
test_random_fills_and_differs(void **state)
{
	unsigned char a[64], b[64], zero[64];

	(void)state;
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(zero, 0, sizeof(zero));
	assert_int_equal(pseudo_random(a, sizeof(a)), 0);
	assert_int_equal(pseudo_random(b, sizeof(b)), 0);
	assert_memory_not_equal(a, zero, sizeof(a));
	assert_memory_not_equal(a, b, sizeof(a));
	assert_int_equal(pseudo_random(a, 0), 0);
}

static void
test_key_wipe_zeroes(void **state)
{
	struct pseudo_key k;
	unsigned char     zero[PSEUDO_KEY_LEN];

	(void)state;
	set_key(&k, 1);
	memset(zero, 0, sizeof(zero));
	pseudo_key_wipe(&k);
	assert_memory_equal(k.bytes, zero, sizeof(zero));
	pseudo_key_wipe(NULL);
}

/*
 * Produced once with OpenSSL 3.0 (info = "match" 00 tenant be64 version
 * be32, salt = hex of "torwart-hkdf-v1"):
 *   openssl kdf -keylen 32 -kdfopt digest:SHA256 \
 *     -kdfopt hexkey:000102030405060708090a0b0c0d0e0f\
 *                    101112131415161718191a1b1c1d1e1f \
 *     -kdfopt hexsalt:746f72776172742d686b64662d7631 \
 *     -kdfopt hexinfo:6d6174636800010203040506070800000007 HKDF
 */
static void
test_key_derive_known_answer(void **state)
{
	static const unsigned char want[PSEUDO_KEY_LEN] = { 0xab, 0x15, 0x9a,
		0x34, 0x83, 0x34, 0x07, 0x02, 0xeb, 0x09, 0x4f, 0x95, 0x77,
		0x51, 0x91, 0xff, 0x76, 0xf4, 0x6d, 0x8c, 0x8b, 0x52, 0x52,
		0xe7, 0x95, 0x76, 0x38, 0xaf, 0x3a, 0x06, 0x22, 0x11 };
	struct pseudo_key          master, out;

	(void)state;
	set_key(&master, 0);
	assert_int_equal(pseudo_key_derive(&master, "match",
	                     0x0102030405060708ULL, 7, &out),
	    0);
	assert_memory_equal(out.bytes, want, sizeof(want));
}

/*
 * The fingerprint: the first 8 bytes of HKDF with info "fingerprint" ||
 * 0x00 || tenant 0 || version 1, from the same command with
 *   -kdfopt hexinfo:66696e6765727072696e7400000000000000000000000001
 */
static void
test_key_fingerprint_known_answer(void **state)
{
	struct pseudo_key master;
	char              fp[PSEUDO_KEY_FP_LEN + 1], other[sizeof(fp)];

	(void)state;
	set_key(&master, 0);
	assert_int_equal(pseudo_key_fingerprint(&master, fp), 0);
	assert_string_equal(fp, "175105281368b913");
	set_key(&master, 1);
	assert_int_equal(pseudo_key_fingerprint(&master, other), 0);
	assert_int_equal(strlen(other), PSEUDO_KEY_FP_LEN);
	assert_string_not_equal(fp, other);
	assert_int_equal(pseudo_key_fingerprint(NULL, fp), -1);
	assert_string_equal(fp, "");
}

static void
test_key_derive_is_deterministic(void **state)
{
	struct pseudo_key master, a, b;

	(void)state;
	set_key(&master, 9);
	assert_int_equal(pseudo_key_derive(&master, "read", 3, 1, &a), 0);
	assert_int_equal(pseudo_key_derive(&master, "read", 3, 1, &b), 0);
	assert_memory_equal(a.bytes, b.bytes, PSEUDO_KEY_LEN);
	/* out may be the master key itself. */
	assert_int_equal(pseudo_key_derive(&master, "read", 3, 1, &master), 0);
	assert_memory_equal(master.bytes, a.bytes, PSEUDO_KEY_LEN);
}

static void
test_key_derive_separates_inputs(void **state)
{
	static const struct {
		unsigned char master;
		const char   *purpose;
		uint64_t      tenant;
		uint32_t      version;
	} cases[] = {
		{ 0, "match", 1, 1 },
		{ 0, "read", 1, 1 },
		{ 0, "stats", 1, 1 },
		{ 0, "match_", 1, 1 },
		{ 0, "match", 2, 1 },
		{ 0, "match", 1ULL << 32, 1 },
		{ 0, "match", 1, 2 },
		{ 0, "match", 1, 0x01000000 },
		{ 1, "match", 1, 1 },
	};
	struct pseudo_key master, keys[sizeof(cases) / sizeof(cases[0])];
	size_t            i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set_key(&master, cases[i].master);
		assert_int_equal(pseudo_key_derive(&master, cases[i].purpose,
		                     cases[i].tenant, cases[i].version,
		                     &keys[i]),
		    0);
		for (j = 0; j < i; j++)
			assert_memory_not_equal(keys[i].bytes, keys[j].bytes,
			    PSEUDO_KEY_LEN);
	}
}

static void
test_key_derive_rejects_bad_purpose(void **state)
{
	static const char *const bad[] = {
		"", "Match", "match ", "match-1", "m\xc3\xa4tch", "read1",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", /* 33 */
	};
	struct pseudo_key master, out;
	unsigned char     zero[PSEUDO_KEY_LEN];
	size_t            i;

	(void)state;
	set_key(&master, 0);
	memset(zero, 0, sizeof(zero));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(out.bytes, 0xaa, sizeof(out.bytes));
		assert_int_equal(pseudo_key_derive(&master, bad[i], 1, 1, &out),
		    -1);
		assert_memory_equal(out.bytes, zero, sizeof(zero));
	}
	assert_int_equal(pseudo_key_derive(&master, NULL, 1, 1, &out), -1);
	/* The longest allowed purpose still works. */
	assert_int_equal(pseudo_key_derive(&master,
	                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1, 1, &out),
	    0);
}

static void
test_seal_round_trips(void **state)
{
	static const size_t lens[] = { 0, 1, 1000 };
	struct pseudo_key   k;
	unsigned char       sealed[1000 + PSEUDO_SEAL_OVERHEAD], out[1000];
	size_t              i, slen, olen;

	(void)state;
	set_key(&k, 3);
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)(i * 7);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		seal_msg(&k, aad_row, lens[i], sealed, &slen);
		olen = 99;
		assert_int_equal(pseudo_unseal(&k, aad_row, strlen(aad_row),
		                     sealed, slen, out, lens[i], &olen),
		    0);
		assert_int_equal(olen, lens[i]);
		assert_memory_equal(out, msg, lens[i]);
	}
	/* No aad at all. */
	assert_int_equal(pseudo_seal(&k, NULL, 0, msg, 10, sealed,
	                     sizeof(sealed), &slen),
	    0);
	assert_int_equal(pseudo_unseal(&k, NULL, 0, sealed, slen, out,
	                     sizeof(out), &olen),
	    0);
	assert_int_equal(olen, 10);
}

/* Decrypt by hand: the sealed form is nonce(12) || ciphertext || tag(16). */
static void
test_seal_layout_is_nonce_ciphertext_tag(void **state)
{
	struct pseudo_key k;
	EVP_CIPHER_CTX   *ctx;
	unsigned char     sealed[32 + PSEUDO_SEAL_OVERHEAD], out[32 + 16];
	size_t            slen;
	int               n, m;

	(void)state;
	set_key(&k, 5);
	memcpy(msg, "0123456789abcdef0123456789abcdef", 32);
	seal_msg(&k, aad_row, 32, sealed, &slen);

	assert_non_null(ctx = EVP_CIPHER_CTX_new());
	assert_int_equal(EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL,
	                     k.bytes, sealed),
	    1);
	assert_int_equal(EVP_DecryptUpdate(ctx, NULL, &n,
	                     (const unsigned char *)aad_row,
	                     (int)strlen(aad_row)),
	    1);
	assert_int_equal(EVP_DecryptUpdate(ctx, out, &n, sealed + 12, 32), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16,
	                     sealed + 12 + 32),
	    1);
	assert_int_equal(EVP_DecryptFinal_ex(ctx, out + n, &m), 1);
	EVP_CIPHER_CTX_free(ctx);
	assert_int_equal(n + m, 32);
	assert_memory_equal(out, msg, 32);
}

static void
test_seal_twice_differs(void **state)
{
	struct pseudo_key k;
	unsigned char     a[16 + PSEUDO_SEAL_OVERHEAD];
	unsigned char     b[16 + PSEUDO_SEAL_OVERHEAD];
	size_t            alen, blen;

	(void)state;
	set_key(&k, 7);
	memset(msg, 'x', 16);
	seal_msg(&k, aad_row, 16, a, &alen);
	seal_msg(&k, aad_row, 16, b, &blen);
	assert_int_equal(alen, blen);
	/* Nonces differ, and with them ciphertext and tag. */
	assert_memory_not_equal(a, b, PSEUDO_SEAL_NONCE);
	assert_memory_not_equal(a + PSEUDO_SEAL_NONCE, b + PSEUDO_SEAL_NONCE,
	    alen - PSEUDO_SEAL_NONCE);
}

static void
test_seal_rejects_small_output(void **state)
{
	struct pseudo_key k;
	unsigned char     out[10 + PSEUDO_SEAL_OVERHEAD];
	size_t            olen = 5;

	(void)state;
	set_key(&k, 7);
	assert_int_equal(pseudo_seal(&k, NULL, 0, msg, 10, out, sizeof(out) - 1,
	                     &olen),
	    -1);
	assert_int_equal(olen, 0);
}

/* Every single changed bit: nonce, ciphertext or tag. */
static void
test_unseal_rejects_flipped_bits(void **state)
{
	static const struct {
		const char *what;
		size_t      at;
	} cases[] = {
		{ "nonce first", 0 },
		{ "nonce last", PSEUDO_SEAL_NONCE - 1 },
		{ "ciphertext first", PSEUDO_SEAL_NONCE },
		{ "ciphertext last", PSEUDO_SEAL_NONCE + 99 },
		{ "tag first", PSEUDO_SEAL_NONCE + 100 },
		{ "tag last", PSEUDO_SEAL_NONCE + 100 + PSEUDO_SEAL_TAG - 1 },
	};
	struct pseudo_key k;
	unsigned char     sealed[100 + PSEUDO_SEAL_OVERHEAD], out[100];
	unsigned char     zero[100];
	size_t            i, bit, slen, olen;

	(void)state;
	set_key(&k, 11);
	memset(msg, 'p', 100);
	memset(zero, 0, sizeof(zero));
	seal_msg(&k, aad_row, 100, sealed, &slen);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (bit = 0; bit < 8; bit++) {
			sealed[cases[i].at] ^= (unsigned char)(1U << bit);
			olen = 77;
			if (pseudo_unseal(&k, aad_row, strlen(aad_row), sealed,
			        slen, out, sizeof(out), &olen) != -1)
				fail_msg("%s bit %zu accepted", cases[i].what,
				    bit);
			assert_int_equal(olen, 0);
			assert_memory_equal(out, zero, sizeof(out));
			sealed[cases[i].at] ^= (unsigned char)(1U << bit);
		}
	}
	/* Unchanged, it still opens. */
	assert_int_equal(pseudo_unseal(&k, aad_row, strlen(aad_row), sealed,
	                     slen, out, sizeof(out), &olen),
	    0);
}

static void
test_unseal_rejects_wrong_key(void **state)
{
	struct pseudo_key k, other;
	unsigned char     sealed[20 + PSEUDO_SEAL_OVERHEAD], out[20];
	size_t            slen, olen;

	(void)state;
	set_key(&k, 11);
	other = k;
	other.bytes[31] ^= 1;
	seal_msg(&k, aad_row, 20, sealed, &slen);
	assert_int_equal(pseudo_unseal(&other, aad_row, strlen(aad_row), sealed,
	                     slen, out, sizeof(out), &olen),
	    -1);
}

static void
test_unseal_rejects_wrong_aad(void **state)
{
	static const struct {
		const char *aad;
		size_t      len;
	} cases[] = {
		{ "tenant=7;row=43", 15 },
		{ "tenant=7;row=4", 14 },
		{ "tenant=7;row=42\n", 16 },
		{ NULL, 0 },
	};
	struct pseudo_key k;
	unsigned char     sealed[20 + PSEUDO_SEAL_OVERHEAD], out[20];
	size_t            i, slen, olen;

	(void)state;
	set_key(&k, 13);
	seal_msg(&k, aad_row, 20, sealed, &slen);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(pseudo_unseal(&k, cases[i].aad, cases[i].len,
		                     sealed, slen, out, sizeof(out), &olen),
		    -1);
	}
}

static void
test_unseal_rejects_truncated_input(void **state)
{
	static const size_t cut[] = { 1, 16, 20, 27, 28 };
	struct pseudo_key   k;
	unsigned char       sealed[20 + PSEUDO_SEAL_OVERHEAD], out[48];
	size_t              i, slen, olen;

	(void)state;
	set_key(&k, 17);
	seal_msg(&k, aad_row, 20, sealed, &slen);
	for (i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		assert_int_equal(pseudo_unseal(&k, aad_row, strlen(aad_row),
		                     sealed, slen - cut[i], out, sizeof(out),
		                     &olen),
		    -1);
	}
	/* Shorter than the overhead: not even a tag. */
	assert_int_equal(pseudo_unseal(&k, aad_row, strlen(aad_row), sealed,
	                     PSEUDO_SEAL_OVERHEAD - 1, out, sizeof(out), &olen),
	    -1);
	assert_int_equal(pseudo_unseal(&k, aad_row, strlen(aad_row), sealed, 0,
	                     out, sizeof(out), &olen),
	    -1);
}

static void
test_unseal_rejects_small_output(void **state)
{
	struct pseudo_key k;
	unsigned char     sealed[20 + PSEUDO_SEAL_OVERHEAD], out[20];
	size_t            slen, olen = 3;

	(void)state;
	set_key(&k, 19);
	seal_msg(&k, aad_row, 20, sealed, &slen);
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(pseudo_unseal(&k, aad_row, strlen(aad_row), sealed,
	                     slen, out, 19, &olen),
	    -1);
	assert_int_equal(olen, 0);
	assert_int_equal(pseudo_unseal(&k, aad_row, strlen(aad_row), sealed,
	                     slen, out, 20, &olen),
	    0);
}

/* Known answers computed with another implementation (Python's hmac). */
static void
test_mac_known_answers(void **state)
{
	static const unsigned char want1[] = { 0x16, 0xb4, 0x52, 0x48, 0xf3,
		0xb0, 0x2b, 0x26, 0x9c, 0x29, 0xfc, 0x7f, 0x81, 0xb6, 0x05,
		0x36, 0x3e, 0xa7, 0xcd, 0x89, 0xf9, 0x76, 0x41, 0x72, 0xba,
		0x0a, 0xd3, 0x1c, 0xb6, 0xcb, 0x69, 0x56 };
	static const unsigned char want2[] = { 0xd3, 0x8b, 0x42, 0x09, 0x6d,
		0x80, 0xf4, 0x5f, 0x82, 0x6b, 0x44, 0xa9, 0xd5, 0x60, 0x7d,
		0xe7, 0x24, 0x96, 0xa4, 0x15, 0xd3, 0xf4, 0xa1, 0xa8, 0xc8,
		0x8e, 0x3b, 0xb9, 0xda, 0x8d, 0xc1, 0xcb };
	struct pseudo_key          key;
	unsigned char              out[PSEUDO_MAC_LEN];
	size_t                     i;

	(void)state;
	for (i = 0; i < sizeof(key.bytes); i++)
		key.bytes[i] = (unsigned char)i;

	assert_int_equal(pseudo_mac(&key, "torwart", 7, out), 0);
	assert_memory_equal(out, want1, sizeof(want1));
	assert_int_equal(pseudo_mac(&key, "", 0, out), 0);
	assert_memory_equal(out, want2, sizeof(want2));

	/* Another key, another MAC. */
	key.bytes[31] ^= 1;
	assert_int_equal(pseudo_mac(&key, "torwart", 7, out), 0);
	assert_memory_not_equal(out, want1, sizeof(want1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_fills_and_differs),
		cmocka_unit_test(test_key_wipe_zeroes),
		cmocka_unit_test(test_key_derive_known_answer),
		cmocka_unit_test(test_key_fingerprint_known_answer),
		cmocka_unit_test(test_key_derive_is_deterministic),
		cmocka_unit_test(test_key_derive_separates_inputs),
		cmocka_unit_test(test_key_derive_rejects_bad_purpose),
		cmocka_unit_test(test_seal_round_trips),
		cmocka_unit_test(test_seal_layout_is_nonce_ciphertext_tag),
		cmocka_unit_test(test_seal_twice_differs),
		cmocka_unit_test(test_seal_rejects_small_output),
		cmocka_unit_test(test_unseal_rejects_flipped_bits),
		cmocka_unit_test(test_unseal_rejects_wrong_key),
		cmocka_unit_test(test_unseal_rejects_wrong_aad),
		cmocka_unit_test(test_unseal_rejects_truncated_input),
		cmocka_unit_test(test_unseal_rejects_small_output),
		cmocka_unit_test(test_mac_known_answers),
	};

	return (cmocka_run_group_tests_name("pseudo_key", tests, NULL, NULL));
}
