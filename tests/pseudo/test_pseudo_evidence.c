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
 * pseudo/pseudo_evidence.c and the offline opener pseudo/torwart-open.c:
 * keys are made here with OpenSSL; round trips for X25519 and RSA, the
 * layout checked against pseudo/README.md by opening with plain OpenSSL
 * calls, every way an open must fail, the keys a tenant may not
 * configure, and the opener run as a program (the binary next to this
 * one's ../.., or $TORWART_OPEN) on files this test writes.
 */

#include <sys/stat.h>
#include <sys/wait.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../pseudo/pseudo.h"

#define PEM_BUF   20000
#define OUT_BUF   (256 * 1024)
#define SEALED_16 PSEUDO_EVIDENCE_SEALED_MAX(16)

static size_t                      pem_of(EVP_PKEY *, int, char *);
static struct pseudo_evidence_key *load_pub(EVP_PKEY *);
static struct pseudo_evidence_key *load_priv(EVP_PKEY *);
static void seal(const struct pseudo_evidence_key *, const char *, const char *,
    unsigned char *, size_t *);
static int  open_ok(const struct pseudo_evidence_key *, const char *,
     const unsigned char *, size_t, const char *);
static void gcm_open(const unsigned char *, const unsigned char *, size_t,
    const unsigned char *, size_t, const char *, char *);
static void b64(const unsigned char *, size_t, char *);
static void path_of(const char *, char *);
static void write_file(const char *, const char *, size_t, mode_t);
static void read_file(const char *, char *, size_t);
static int  run_opener(char *const[], const char *, char *, char *);
static void flip_every_bit(const struct pseudo_evidence_key *,
    const unsigned char *, size_t);
static EVP_PKEY *rsa_public(int, unsigned long);
static EVP_PKEY *keygen(const char *);
static size_t    pem_of_der(const unsigned char *, size_t, char *);
static void      replace(char *, const char *, const char *);
static void      append(char *, size_t, const char *);
static char     *put(char *, const char *, const char *);
static void      json_line(char *, size_t, const char *, const char *,
         const unsigned char *, size_t);

static const char aad_a[] = "tenant=7;record=42";
static const char aad_b[] = "tenant=7;record=43";

/* Made once in setup: key pairs, as OpenSSL objects and loaded by us. */
static EVP_PKEY                   *x_a, *x_b, *rsa_a, *rsa_b;
static struct pseudo_evidence_key *pub_xa, *priv_xa, *priv_xb, *pub_xb;
static struct pseudo_evidence_key *pub_ra, *priv_ra, *priv_rb;
static char                        tmpdir[PATH_MAX];
static char                        opener[PATH_MAX];
static char                        out[OUT_BUF], err[OUT_BUF];

static size_t
pem_of(EVP_PKEY *pk, int priv, char *buf)
{
	BIO  *bio;
	char *p;
	long  len;

	assert_non_null(bio = BIO_new(BIO_s_mem()));
	if (priv)
		assert_int_equal(PEM_write_bio_PrivateKey(bio, pk, NULL, NULL,
		                     0, NULL, NULL),
		    1);
	else
		assert_int_equal(PEM_write_bio_PUBKEY(bio, pk), 1);
	len = BIO_get_mem_data(bio, &p);
	assert_true(len > 0 && len < PEM_BUF);
	memcpy(buf, p, (size_t)len);
	buf[len] = '\0';
	BIO_free(bio);

	return ((size_t)len);
}

static struct pseudo_evidence_key *
load_pub(EVP_PKEY *pk)
{
	struct pseudo_evidence_key *key;
	char                        pem[PEM_BUF];
	const char                 *errstr = NULL;
	size_t                      len;

	len = pem_of(pk, 0, pem);
	if (pseudo_evidence_key_load(pem, len, &key, &errstr) == -1)
		fail_msg("public key refused: %s", errstr);

	return (key);
}

static struct pseudo_evidence_key *
load_priv(EVP_PKEY *pk)
{
	struct pseudo_evidence_key *key;
	char                        pem[PEM_BUF];
	const char                 *errstr = NULL;
	size_t                      len;

	len = pem_of(pk, 1, pem);
	if (pseudo_evidence_private_load(pem, len, &key, &errstr) == -1)
		fail_msg("private key refused: %s", errstr);
	OPENSSL_cleanse(pem, sizeof(pem));

	return (key);
}

/* Seal the string plate with aad into buf[0..SEALED_16); exact length. */
static void
seal(const struct pseudo_evidence_key *key, const char *aad, const char *plate,
    unsigned char *buf, size_t *len)
{
	assert_int_equal(pseudo_evidence_seal(key, aad, strlen(aad), plate,
	                     strlen(plate), buf, SEALED_16, len),
	    0);
	assert_int_equal(*len, pseudo_evidence_sealed_len(key, strlen(plate)));
}

/* 1 when in opens with key and aad to want; 0 (out wiped) when it fails. */
static int
open_ok(const struct pseudo_evidence_key *key, const char *aad,
    const unsigned char *in, size_t inlen, const char *want)
{
	unsigned char buf[64], zero[64];
	const char   *errstr = NULL;
	size_t        len = 99;

	memset(buf, 0x5a, sizeof(buf));
	memset(zero, 0, sizeof(zero));
	if (pseudo_evidence_open(key, aad, strlen(aad), in, inlen, buf,
	        sizeof(buf), &len, &errstr) == -1) {
		assert_non_null(errstr);
		assert_int_equal(len, 0);
		assert_memory_equal(buf, zero, sizeof(buf));
		return (0);
	}
	assert_null(errstr);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(buf, want, len);

	return (1);
}

static int
setup(void **state)
{
	const char *env;
	char       *slash;

	(void)state;
	x_a = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	x_b = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	rsa_a = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	rsa_b = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	if (x_a == NULL || x_b == NULL || rsa_a == NULL || rsa_b == NULL)
		return (-1);
	pub_xa = load_pub(x_a);
	pub_xb = load_pub(x_b);
	priv_xa = load_priv(x_a);
	priv_xb = load_priv(x_b);
	pub_ra = load_pub(rsa_a);
	priv_ra = load_priv(rsa_a);
	priv_rb = load_priv(rsa_b);

	if ((env = getenv("TMPDIR")) == NULL || *env == '\0')
		env = "/tmp";
	if (snprintf(tmpdir, sizeof(tmpdir), "%s/test_evidence.XXXXXX", env) >=
	        (int)sizeof(tmpdir) ||
	    mkdtemp(tmpdir) == NULL)
		return (-1);

	/* The opener is built next to this test's directory: obj/tests/x/. */
	if ((env = getenv("TORWART_OPEN")) != NULL && *env != '\0') {
		if (snprintf(opener, sizeof(opener), "%s", env) >=
		    (int)sizeof(opener))
			return (-1);
	} else if ((slash = strrchr(opener, '/')) != NULL) {
		if (snprintf(slash + 1,
		        sizeof(opener) - (size_t)(slash + 1 - opener),
		        "../../torwart-open") >= (int)sizeof(opener))
			return (-1);
	} else
		(void)snprintf(opener, sizeof(opener), "obj/torwart-open");

	return (0);
}

static int
teardown(void **state)
{
	DIR           *d;
	struct dirent *e;
	char           path[PATH_MAX + 256];

	(void)state;
	if ((d = opendir(tmpdir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			(void)snprintf(path, sizeof(path), "%s/%s", tmpdir,
			    e->d_name);
			unlink(path);
		}
		closedir(d);
		rmdir(tmpdir);
	}
	pseudo_evidence_key_free(pub_xa);
	pseudo_evidence_key_free(pub_xb);
	pseudo_evidence_key_free(priv_xa);
	pseudo_evidence_key_free(priv_xb);
	pseudo_evidence_key_free(pub_ra);
	pseudo_evidence_key_free(priv_ra);
	pseudo_evidence_key_free(priv_rb);
	EVP_PKEY_free(x_a);
	EVP_PKEY_free(x_b);
	EVP_PKEY_free(rsa_a);
	EVP_PKEY_free(rsa_b);

	return (0);
}

static void
test_evidence_round_trips_x25519(void **state)
{
	unsigned char buf[SEALED_16];
	size_t        len;

	(void)state;
	assert_string_equal(pseudo_evidence_key_kind(pub_xa), "x25519");
	seal(pub_xa, aad_a, "BAB1234", buf, &len);
	assert_int_equal(len, PSEUDO_EVIDENCE_SEALED_X25519(7));
	assert_true(open_ok(priv_xa, aad_a, buf, len, "BAB1234"));

	/* The longest plate, an empty value and an empty aad. */
	seal(pub_xa, aad_a, "ABCDEFGHIJKLMNOP", buf, &len);
	assert_int_equal(len, 86);
	assert_true(open_ok(priv_xa, aad_a, buf, len, "ABCDEFGHIJKLMNOP"));
	seal(pub_xa, "", "", buf, &len);
	assert_true(open_ok(priv_xa, "", buf, len, ""));

	/* A private key seals too (to its public half). */
	seal(priv_xa, aad_a, "M0123", buf, &len);
	assert_true(open_ok(priv_xa, aad_a, buf, len, "M0123"));
}

static void
test_evidence_round_trips_rsa(void **state)
{
	unsigned char buf[SEALED_16];
	size_t        len;

	(void)state;
	assert_string_equal(pseudo_evidence_key_kind(pub_ra), "rsa");
	seal(pub_ra, aad_a, "BAB1234", buf, &len);
	assert_int_equal(len, PSEUDO_EVIDENCE_SEALED_RSA(2048, 7));
	assert_true(open_ok(priv_ra, aad_a, buf, len, "BAB1234"));

	seal(pub_ra, aad_a, "ABCDEFGHIJKLMNOP", buf, &len);
	assert_int_equal(len, 312);
	assert_true(open_ok(priv_ra, aad_a, buf, len, "ABCDEFGHIJKLMNOP"));
	seal(pub_ra, "", "", buf, &len);
	assert_true(open_ok(priv_ra, "", buf, len, ""));
}

/*
 * Open with OpenSSL alone, following pseudo/README.md: what a third party
 * would write.  AES-256-GCM of key over what follows the header.
 */
static void
gcm_open(const unsigned char *key, const unsigned char *in, size_t hlen,
    const unsigned char *body, size_t bodylen, const char *aad, char *plain)
{
	EVP_CIPHER_CTX *ctx;
	unsigned char   tag[16];
	size_t          ctlen = bodylen - 12 - 16;
	int             n;

	memcpy(tag, body + 12 + ctlen, sizeof(tag));
	assert_non_null(ctx = EVP_CIPHER_CTX_new());
	assert_int_equal(EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key,
	                     body),
	    1);
	/* aad = the header, then the caller's aad. */
	assert_int_equal(EVP_DecryptUpdate(ctx, NULL, &n, in, (int)hlen), 1);
	assert_int_equal(EVP_DecryptUpdate(ctx, NULL, &n,
	                     (const unsigned char *)aad, (int)strlen(aad)),
	    1);
	assert_int_equal(EVP_DecryptUpdate(ctx, (unsigned char *)plain, &n,
	                     body + 12, (int)ctlen),
	    1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16,
	                     tag),
	    1);
	assert_int_equal(EVP_DecryptFinal_ex(ctx, (unsigned char *)plain + n,
	                     &n),
	    1);
	plain[ctlen] = '\0';
	EVP_CIPHER_CTX_free(ctx);
}

static void
test_evidence_x25519_layout_matches_readme(void **state)
{
	unsigned char buf[SEALED_16], ss[32], salt[64], key[32], fp[32];
	unsigned char rpub[32];
	EVP_PKEY     *eph;
	EVP_PKEY_CTX *ctx;
	EVP_KDF      *kdf;
	EVP_KDF_CTX  *kctx;
	OSSL_PARAM    params[5];
	char          plain[32], digest[] = "SHA256";
	char          info[] = "torwart evidence v1";
	size_t        len, n = 32, i;

	(void)state;
	seal(pub_xa, aad_a, "BAB1234", buf, &len);
	assert_int_equal(buf[0], 1);
	assert_int_equal(buf[1], 1);
	for (i = 0; i < 32; i++)
		assert_int_equal(sscanf(pseudo_evidence_key_fingerprint(
		                            pub_xa) +
		                         2 * i,
		                     "%2hhx", &fp[i]),
		    1);
	assert_memory_equal(buf + 2, fp, 8);

	assert_non_null(eph = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL,
	                    buf + 10, 32));
	assert_non_null(ctx = EVP_PKEY_CTX_new(x_a, NULL));
	assert_int_equal(EVP_PKEY_derive_init(ctx), 1);
	assert_int_equal(EVP_PKEY_derive_set_peer(ctx, eph), 1);
	assert_int_equal(EVP_PKEY_derive(ctx, ss, &n), 1);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(eph);

	n = 32;
	assert_int_equal(EVP_PKEY_get_raw_public_key(x_a, rpub, &n), 1);
	memcpy(salt, buf + 10, 32);
	memcpy(salt + 32, rpub, 32);
	params[0] =
	    OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
	params[1] =
	    OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ss, 32);
	params[2] =
	    OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt, 64);
	params[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info,
	    strlen(info));
	params[4] = OSSL_PARAM_construct_end();
	assert_non_null(kdf = EVP_KDF_fetch(NULL, "HKDF", NULL));
	assert_non_null(kctx = EVP_KDF_CTX_new(kdf));
	assert_int_equal(EVP_KDF_derive(kctx, key, sizeof(key), params), 1);
	EVP_KDF_CTX_free(kctx);
	EVP_KDF_free(kdf);

	gcm_open(key, buf, 42, buf + 42, len - 42, aad_a, plain);
	assert_string_equal(plain, "BAB1234");
}

static void
test_evidence_rsa_layout_matches_readme(void **state)
{
	unsigned char buf[SEALED_16], key[256];
	EVP_PKEY_CTX *ctx;
	char          plain[32];
	size_t        len, n = sizeof(key);

	(void)state;
	seal(pub_ra, aad_a, "BAB1234", buf, &len);
	assert_int_equal(buf[0], 1);
	assert_int_equal(buf[1], 2);
	assert_int_equal(buf[10], 0x01); /* 256, big-endian */
	assert_int_equal(buf[11], 0x00);

	assert_non_null(ctx = EVP_PKEY_CTX_new(rsa_a, NULL));
	assert_int_equal(EVP_PKEY_decrypt_init(ctx), 1);
	assert_int_equal(EVP_PKEY_CTX_set_rsa_padding(ctx,
	                     RSA_PKCS1_OAEP_PADDING),
	    1);
	assert_int_equal(EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()), 1);
	assert_int_equal(EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()), 1);
	assert_int_equal(EVP_PKEY_decrypt(ctx, key, &n, buf + 12, 256), 1);
	assert_int_equal(n, 32);
	EVP_PKEY_CTX_free(ctx);

	gcm_open(key, buf, 268, buf + 268, len - 268, aad_a, plain);
	assert_string_equal(plain, "BAB1234");
}

static void
test_evidence_seal_twice_differs(void **state)
{
	unsigned char a[SEALED_16], b[SEALED_16];
	size_t        alen, blen;

	(void)state;
	seal(pub_xa, aad_a, "BAB1234", a, &alen);
	seal(pub_xa, aad_a, "BAB1234", b, &blen);
	assert_int_equal(alen, blen);
	assert_memory_not_equal(a, b, alen);
	/* The same key id, another ephemeral key. */
	assert_memory_equal(a, b, 10);
	assert_memory_not_equal(a + 10, b + 10, 32);

	seal(pub_ra, aad_a, "BAB1234", a, &alen);
	seal(pub_ra, aad_a, "BAB1234", b, &blen);
	assert_int_equal(alen, blen);
	assert_memory_not_equal(a, b, alen);
}

static void
test_evidence_open_rejects_wrong_key(void **state)
{
	unsigned char buf[SEALED_16], out_[64], fp[8];
	const char   *errstr;
	size_t        len, olen, i;

	(void)state;
	seal(pub_xa, aad_a, "BAB1234", buf, &len);
	assert_false(open_ok(priv_xb, aad_a, buf, len, ""));
	assert_int_equal(pseudo_evidence_open(priv_xb, aad_a, strlen(aad_a),
	                     buf, len, out_, sizeof(out_), &olen, &errstr),
	    -1);
	assert_string_equal(errstr, "sealed: to another key");
	assert_int_equal(pseudo_evidence_open(priv_ra, aad_a, strlen(aad_a),
	                     buf, len, out_, sizeof(out_), &olen, &errstr),
	    -1);
	assert_string_equal(errstr, "sealed: for another kind of key");

	/* With the key id forged to match, it still does not open. */
	for (i = 0; i < sizeof(fp); i++)
		assert_int_equal(sscanf(pseudo_evidence_key_fingerprint(
		                            priv_xb) +
		                         2 * i,
		                     "%2hhx", &fp[i]),
		    1);
	memcpy(buf + 2, fp, sizeof(fp));
	assert_false(open_ok(priv_xb, aad_a, buf, len, ""));

	seal(pub_ra, aad_a, "BAB1234", buf, &len);
	assert_false(open_ok(priv_rb, aad_a, buf, len, ""));
	assert_false(open_ok(priv_xa, aad_a, buf, len, ""));

	/* A public key cannot open. */
	assert_int_equal(pseudo_evidence_open(pub_ra, aad_a, strlen(aad_a), buf,
	                     len, out_, sizeof(out_), &olen, &errstr),
	    -1);
	assert_string_equal(errstr, "key: not a private key");
}

static void
flip_every_bit(const struct pseudo_evidence_key *priv,
    const unsigned char *sealed, size_t len)
{
	unsigned char buf[SEALED_16];
	size_t        i;
	int           bit;

	memcpy(buf, sealed, len);
	assert_true(open_ok(priv, aad_a, buf, len, "BAB1234"));
	for (i = 0; i < len; i++) {
		for (bit = 0; bit < 8; bit++) {
			buf[i] ^= (unsigned char)(1 << bit);
			if (open_ok(priv, aad_a, buf, len, ""))
				fail_msg("opened with bit %d of byte %zu "
				         "flipped",
				    bit, i);
			buf[i] ^= (unsigned char)(1 << bit);
		}
	}
	/* A byte less or more. */
	assert_false(open_ok(priv, aad_a, buf, len - 1, ""));
	buf[len] = 0;
	assert_false(open_ok(priv, aad_a, buf, len + 1, ""));
}

static void
test_evidence_open_rejects_flipped_bits_x25519(void **state)
{
	unsigned char buf[SEALED_16];
	size_t        len;

	(void)state;
	seal(pub_xa, aad_a, "BAB1234", buf, &len);
	flip_every_bit(priv_xa, buf, len);
}

static void
test_evidence_open_rejects_flipped_bits_rsa(void **state)
{
	unsigned char buf[SEALED_16];
	size_t        len;

	(void)state;
	seal(pub_ra, aad_a, "BAB1234", buf, &len);
	flip_every_bit(priv_ra, buf, len);
}

static void
test_evidence_open_rejects_wrong_aad(void **state)
{
	unsigned char buf[SEALED_16], small[4], out_[64];
	const char   *errstr;
	size_t        len, olen;

	(void)state;
	seal(pub_xa, aad_a, "BAB1234", buf, &len);
	assert_false(open_ok(priv_xa, aad_b, buf, len, ""));
	assert_false(open_ok(priv_xa, "", buf, len, ""));
	assert_int_equal(pseudo_evidence_open(priv_xa, aad_b, strlen(aad_b),
	                     buf, len, out_, sizeof(out_), &olen, &errstr),
	    -1);
	assert_string_equal(errstr,
	    "sealed: does not open (damaged, or another record's aad)");
	assert_int_equal(pseudo_evidence_open(priv_xa, aad_a, strlen(aad_a),
	                     buf, len, small, sizeof(small), &olen, &errstr),
	    -1);
	assert_string_equal(errstr, "out: too small");

	seal(pub_ra, aad_a, "BAB1234", buf, &len);
	assert_false(open_ok(priv_ra, aad_b, buf, len, ""));
	seal(pub_ra, "", "BAB1234", buf, &len);
	assert_false(open_ok(priv_ra, aad_a, buf, len, ""));
	assert_true(open_ok(priv_ra, "", buf, len, "BAB1234"));

	/* Short and unknown forms. */
	assert_false(open_ok(priv_xa, aad_a, buf, 0, ""));
	assert_false(open_ok(priv_xa, aad_a, buf, 11, ""));
	buf[0] = 2;
	assert_int_equal(pseudo_evidence_open(priv_ra, "", 0, buf, len, small,
	                     sizeof(small), &olen, &errstr),
	    -1);
	assert_string_equal(errstr, "sealed: unknown version");
}

static void
test_evidence_open_rejects_small_order_ephemeral(void **state)
{
	unsigned char buf[SEALED_16];
	size_t        len;

	(void)state;
	/* u = 0 and u = 1: the shared secret is 0 for every private key. */
	seal(pub_xa, aad_a, "BAB1234", buf, &len);
	memset(buf + 10, 0, 32);
	assert_false(open_ok(priv_xa, aad_a, buf, len, ""));
	buf[10] = 1;
	assert_false(open_ok(priv_xa, aad_a, buf, len, ""));
}

static void
test_evidence_seal_rejects_bad_arguments(void **state)
{
	unsigned char buf[SEALED_16 + PSEUDO_EVIDENCE_IN_MAX + 1], zero[16];
	unsigned char aad[PSEUDO_EVIDENCE_AAD_MAX + 1];
	size_t        len = 99;

	(void)state;
	memset(zero, 0, sizeof(zero));
	memset(aad, 'a', sizeof(aad));
	/* One byte short of the exact size. */
	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(pseudo_evidence_seal(pub_xa, "", 0, "BAB1234", 7, buf,
	                     PSEUDO_EVIDENCE_SEALED_X25519(7) - 1, &len),
	    -1);
	assert_int_equal(len, 0);
	assert_int_equal(pseudo_evidence_seal(pub_ra, "", 0, "BAB1234", 7, buf,
	                     PSEUDO_EVIDENCE_SEALED_RSA(2048, 7) - 1, &len),
	    -1);
	assert_int_equal(pseudo_evidence_seal(pub_xa, aad,
	                     PSEUDO_EVIDENCE_AAD_MAX + 1, "B", 1, buf,
	                     sizeof(buf), &len),
	    -1);
	assert_int_equal(pseudo_evidence_seal(pub_xa, aad,
	                     PSEUDO_EVIDENCE_AAD_MAX, "B", 1, buf, sizeof(buf),
	                     &len),
	    0);
	assert_int_equal(pseudo_evidence_seal(pub_xa, "", 0, buf,
	                     PSEUDO_EVIDENCE_IN_MAX + 1, buf, sizeof(buf),
	                     &len),
	    -1);
	assert_int_equal(pseudo_evidence_seal(NULL, "", 0, "B", 1, buf,
	                     sizeof(buf), &len),
	    -1);
	assert_int_equal(pseudo_evidence_seal(pub_xa, NULL, 1, "B", 1, buf,
	                     sizeof(buf), &len),
	    -1);

	assert_int_equal(pseudo_evidence_sealed_len(pub_xa, 16), 86);
	assert_int_equal(pseudo_evidence_sealed_len(pub_ra, 16), 312);
	assert_int_equal(pseudo_evidence_sealed_len(pub_ra,
	                     PSEUDO_EVIDENCE_IN_MAX + 1),
	    0);
	assert_int_equal(pseudo_evidence_sealed_len(NULL, 1), 0);
	assert_int_equal(PSEUDO_EVIDENCE_SEALED_MAX(16), 1080);
}

/*
 * An RSA public key of bits and exponent exp (0: 2^256 + 1) with a
 * random odd modulus: no primes needed to seal.
 */
static EVP_PKEY *
rsa_public(int bits, unsigned long exp)
{
	EVP_PKEY       *pk = NULL;
	EVP_PKEY_CTX   *ctx;
	OSSL_PARAM_BLD *bld;
	OSSL_PARAM     *params;
	BIGNUM         *n, *e;

	assert_non_null(n = BN_new());
	assert_non_null(e = BN_new());
	/* exp 0: 2^256 + 1. */
	if (exp == 0) {
		assert_int_equal(BN_set_word(e, 1), 1);
		assert_int_equal(BN_lshift(e, e, 256), 1);
		assert_int_equal(BN_add_word(e, 1), 1);
	} else
		assert_int_equal(BN_set_word(e, exp), 1);
	assert_int_equal(BN_rand(n, bits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD),
	    1);
	assert_non_null(bld = OSSL_PARAM_BLD_new());
	assert_int_equal(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n),
	    1);
	assert_int_equal(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e),
	    1);
	assert_non_null(params = OSSL_PARAM_BLD_to_param(bld));
	assert_non_null(ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL));
	assert_int_equal(EVP_PKEY_fromdata_init(ctx), 1);
	assert_int_equal(EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY,
	                     params),
	    1);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);

	return (pk);
}

/*
 * RSA-8192 is the largest key, and its seal of a plate is
 * PSEUDO_EVIDENCE_SEALED_MAX(16) bytes.  A random modulus has a small
 * factor five times out of six (the public check refuses it): try again.
 */
static void
test_evidence_rsa_8192_is_the_largest(void **state)
{
	struct pseudo_evidence_key *key = NULL;
	EVP_PKEY                   *pk;
	unsigned char               buf[SEALED_16];
	char                        pem[PEM_BUF];
	const char                 *errstr = NULL;
	size_t                      len;
	int                         i;

	(void)state;
	for (i = 0; i < 200 && key == NULL; i++) {
		pk = rsa_public(8192, 65537);
		len = pem_of(pk, 0, pem);
		EVP_PKEY_free(pk);
		if (pseudo_evidence_key_load(pem, len, &key, &errstr) == -1)
			assert_string_equal(errstr,
			    "key: fails the public key check");
	}
	assert_non_null(key);
	seal(key, aad_a, "ABCDEFGHIJKLMNOP", buf, &len);
	assert_int_equal(len, PSEUDO_EVIDENCE_SEALED_MAX(16));
	pseudo_evidence_key_free(key);

	pk = rsa_public(8200, 65537);
	len = pem_of(pk, 0, pem);
	EVP_PKEY_free(pk);
	assert_int_equal(pseudo_evidence_key_load(pem, len, &key, &errstr), -1);
	assert_string_equal(errstr, "key: RSA longer than 8192 bits");

	/* e = 3 and 2^256 + 1 are outside what SP 800-56B allows. */
	for (i = 0; i < 2; i++) {
		pk = rsa_public(2048, i == 0 ? 3 : 0);
		len = pem_of(pk, 0, pem);
		EVP_PKEY_free(pk);
		assert_int_equal(pseudo_evidence_key_load(pem, len, &key,
		                     &errstr),
		    -1);
		assert_string_equal(errstr,
		    "key: RSA exponent not odd, above 2^16 and below 2^256");
	}
}

/* A key of type: EC is P-256, RSA-PSS 2048 bits. */
static EVP_PKEY *
keygen(const char *type)
{
	EVP_PKEY_CTX *ctx;
	EVP_PKEY     *pk = NULL;

	assert_non_null(ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL));
	assert_int_equal(EVP_PKEY_keygen_init(ctx), 1);
	if (strcmp(type, "EC") == 0)
		assert_int_equal(EVP_PKEY_CTX_set_group_name(ctx, "P-256"), 1);
	if (strcmp(type, "RSA-PSS") == 0)
		assert_int_equal(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048),
		    1);
	assert_int_equal(EVP_PKEY_generate(ctx, &pk), 1);
	EVP_PKEY_CTX_free(ctx);

	return (pk);
}

/* PEM "PUBLIC KEY" of der[0..len) into pem; its length. */
static size_t
pem_of_der(const unsigned char *der, size_t len, char *pem)
{
	BIO  *bio;
	char *p;
	long  n;

	assert_non_null(bio = BIO_new(BIO_s_mem()));
	assert_true(PEM_write_bio(bio, "PUBLIC KEY", "", der, (long)len) > 0);
	n = BIO_get_mem_data(bio, &p);
	memcpy(pem, p, (size_t)n);
	BIO_free(bio);

	return ((size_t)n);
}

/* Replace the first occurrence of from in s (NUL-terminated) with to. */
static void
replace(char *s, const char *from, const char *to)
{
	char  *p;
	size_t fl = strlen(from), tl = strlen(to);

	assert_non_null(p = strstr(s, from));
	memmove(p + tl, p + fl, strlen(p + fl) + 1);
	memcpy(p, to, tl);
}

static void
test_evidence_key_load_refuses(void **state)
{
	static const char *const    kinds[] = { "EC", "ED25519", "RSA-PSS" };
	struct pseudo_evidence_key *key;
	EVP_PKEY                   *pk;
	unsigned char               raw[32], der[64], *p;
	char                        pem[PEM_BUF], *big;
	const char                 *errstr;
	size_t                      len, i;

	(void)state;
#define REFUSED(p, l, want)                                                    \
	do {                                                                   \
		key = (struct pseudo_evidence_key *)1;                         \
		errstr = NULL;                                                 \
		assert_int_equal(pseudo_evidence_key_load(p, l, &key,          \
		                     &errstr),                                 \
		    -1);                                                       \
		assert_null(key);                                              \
		assert_string_equal(errstr, want);                             \
	} while (0)

	REFUSED("", 0, "key: empty");
	REFUSED(NULL, 0, "key: empty");
	REFUSED("hello", 5, "key: not PEM (no BEGIN line at the start)");

	len = pem_of(x_a, 1, pem);
	REFUSED(pem, len, "key: a private key; configure the public key only");
	len = pem_of(rsa_a, 1, pem);
	REFUSED(pem, len, "key: a private key; configure the public key only");

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		pk = keygen(kinds[i]);
		len = pem_of(pk, 0, pem);
		EVP_PKEY_free(pk);
		REFUSED(pem, len, "key: neither X25519 nor RSA");
	}

	assert_non_null(
	    pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024));
	len = pem_of(pk, 0, pem);
	EVP_PKEY_free(pk);
	REFUSED(pem, len, "key: RSA shorter than 2048 bits");

	/* Points of small order: every shared secret would be 0. */
	memset(raw, 0, sizeof(raw));
	for (i = 0; i < 2; i++) {
		raw[0] = (unsigned char)i;
		assert_non_null(
		    pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, raw,
		        sizeof(raw)));
		len = pem_of(pk, 0, pem);
		EVP_PKEY_free(pk);
		REFUSED(pem, len, "key: X25519 point of small order");
	}

	/* Around the PEM block. */
	len = pem_of(x_a, 0, pem);
	memcpy(pem + len, "x", 2);
	REFUSED(pem, len + 1, "key: data after the END line");
	len = pem_of(x_a, 0, pem);
	pem_of(x_b, 0, pem + len);
	REFUSED(pem, strlen(pem), "key: data after the END line");
	len = pem_of(x_a, 0, pem + 2);
	memcpy(pem, "x\n", 2);
	REFUSED(pem, len + 2, "key: not PEM (no BEGIN line at the start)");
	len = pem_of(x_a, 0, pem);
	pem[5] = '\0';
	REFUSED(pem, len, "key: not PEM text");
	len = pem_of(x_a, 0, pem);
	REFUSED(pem, len - 20, "key: not valid PEM");
	len = pem_of(x_a, 0, pem);
	replace(pem, "MCow", "MCox");
	REFUSED(pem, len, "key: not a valid key");

	/* DER: a byte inside the outer SEQUENCE that no key has; after it. */
	p = der;
	assert_int_equal(i2d_PUBKEY(x_a, &p), 44);
	der[1] = 43;
	der[44] = 0;
	len = pem_of_der(der, 45, pem);
	REFUSED(pem, len, "key: not a valid key");
	der[1] = 42;
	len = pem_of_der(der, 45, pem);
	REFUSED(pem, len, "key: data after the key");

	(void)pem_of(rsa_a, 0, pem);
	replace(pem, "BEGIN PUBLIC", "BEGIN RSA PUBLIC");
	replace(pem, "END PUBLIC", "END RSA PUBLIC");
	REFUSED(pem, strlen(pem),
	    "key: PKCS#1; give the SubjectPublicKeyInfo (BEGIN PUBLIC KEY)");
	(void)pem_of(x_a, 0, pem);
	replace(pem, "BEGIN PUBLIC KEY", "BEGIN CERTIFICATE");
	replace(pem, "END PUBLIC KEY", "END CERTIFICATE");
	REFUSED(pem, strlen(pem), "key: not a public key (BEGIN PUBLIC KEY)");
	(void)pem_of(x_a, 0, pem);
	replace(pem, "KEY-----\n", "KEY-----\nProc-Type: 4,ENCRYPTED\n\n");
	REFUSED(pem, strlen(pem), "key: PEM headers (an encrypted key?)");

	/* 16 KiB at most, whitespace or not. */
	assert_non_null(big = malloc(PSEUDO_EVIDENCE_PEM_MAX + 1));
	len = pem_of(x_a, 0, big);
	memset(big + len, '\n', PSEUDO_EVIDENCE_PEM_MAX + 1 - len);
	REFUSED(big, PSEUDO_EVIDENCE_PEM_MAX + 1, "key: longer than 16 KiB");
	assert_int_equal(pseudo_evidence_key_load(big, PSEUDO_EVIDENCE_PEM_MAX,
	                     &key, &errstr),
	    0);
	pseudo_evidence_key_free(key);
	free(big);

	/* Whitespace around the block is fine, and so is CRLF. */
	len = pem_of(x_a, 0, pem + 3);
	memcpy(pem, " \r\n", 3);
	assert_int_equal(pseudo_evidence_key_load(pem, len + 3, &key, &errstr),
	    0);
	assert_string_equal(pseudo_evidence_key_fingerprint(key),
	    pseudo_evidence_key_fingerprint(pub_xa));
	pseudo_evidence_key_free(key);
#undef REFUSED
}

static void
test_evidence_private_load_refuses(void **state)
{
	struct pseudo_evidence_key *key;
	EVP_PKEY                   *pk;
	BIO                        *bio;
	char                        pem[PEM_BUF], *p;
	const char                 *errstr;
	size_t                      len;
	long                        blen;

	(void)state;
#define REFUSED(p, l, want)                                                    \
	do {                                                                   \
		key = (struct pseudo_evidence_key *)1;                         \
		errstr = NULL;                                                 \
		assert_int_equal(pseudo_evidence_private_load(p, l, &key,      \
		                     &errstr),                                 \
		    -1);                                                       \
		assert_null(key);                                              \
		assert_string_equal(errstr, want);                             \
	} while (0)

	REFUSED("", 0, "key: empty");
	len = pem_of(x_a, 0, pem);
	REFUSED(pem, len, "key: a public key; opening needs the private key");
	len = pem_of(x_a, 1, pem);
	memcpy(pem + len, "--", 3);
	REFUSED(pem, len + 2, "key: data after the END line");

	assert_non_null(pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"));
	len = pem_of(pk, 1, pem);
	EVP_PKEY_free(pk);
	REFUSED(pem, len, "key: neither X25519 nor RSA");
	assert_non_null(
	    pk = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024));
	len = pem_of(pk, 1, pem);
	EVP_PKEY_free(pk);
	REFUSED(pem, len, "key: RSA shorter than 2048 bits");

	/* An encrypted PKCS#8 key: refused, and never a prompt. */
	assert_non_null(bio = BIO_new(BIO_s_mem()));
	assert_int_equal(PEM_write_bio_PKCS8PrivateKey(bio, x_a,
	                     EVP_aes_256_cbc(), NULL, 0, NULL, (void *)"pw"),
	    1);
	blen = BIO_get_mem_data(bio, &p);
	REFUSED(p, (size_t)blen,
	    "key: encrypted; decrypt it with openssl pkey");
	BIO_free(bio);
#undef REFUSED
}

static void
test_evidence_fingerprint_is_stable(void **state)
{
	struct pseudo_evidence_key *again;
	unsigned char               md[32], *der = NULL;
	char                        hex[65], pem[PEM_BUF];
	const char                 *fp, *errstr;
	unsigned int                mdlen;
	size_t                      i, len;
	int                         dlen;

	(void)state;
	fp = pseudo_evidence_key_fingerprint(pub_xa);
	assert_int_equal(strlen(fp), PSEUDO_EVIDENCE_FP_HEX);
	for (i = 0; i < PSEUDO_EVIDENCE_FP_HEX; i++)
		assert_non_null(strchr("0123456789abcdef", fp[i]));

	/* SHA-256 of the DER SubjectPublicKeyInfo. */
	assert_true((dlen = i2d_PUBKEY(x_a, &der)) > 0);
	assert_int_equal(EVP_Digest(der, (size_t)dlen, md, &mdlen, EVP_sha256(),
	                     NULL),
	    1);
	OPENSSL_free(der);
	for (i = 0; i < 32; i++)
		(void)snprintf(hex + 2 * i, 3, "%02x", md[i]);
	assert_string_equal(fp, hex);

	/* Loading again, and the private key, give the same. */
	len = pem_of(x_a, 0, pem);
	assert_int_equal(pseudo_evidence_key_load(pem, len, &again, &errstr),
	    0);
	assert_string_equal(pseudo_evidence_key_fingerprint(again), fp);
	pseudo_evidence_key_free(again);
	assert_string_equal(pseudo_evidence_key_fingerprint(priv_xa), fp);
	assert_string_equal(pseudo_evidence_key_fingerprint(priv_ra),
	    pseudo_evidence_key_fingerprint(pub_ra));
	assert_string_not_equal(pseudo_evidence_key_fingerprint(pub_xb), fp);
	assert_string_not_equal(pseudo_evidence_key_fingerprint(priv_rb),
	    pseudo_evidence_key_fingerprint(pub_ra));
}

static void
test_evidence_keyid_is_fingerprint_prefix(void **state)
{
	unsigned char buf[SEALED_16];
	char          id[2 * PSEUDO_EVIDENCE_KEYID_LEN + 1];
	size_t        len;

	(void)state;
	seal(pub_ra, aad_a, "BAB1234", buf, &len);
	assert_int_equal(pseudo_evidence_keyid(buf, len, id), 0);
	assert_int_equal(strlen(id), 16);
	assert_memory_equal(id, pseudo_evidence_key_fingerprint(pub_ra), 16);
	assert_int_equal(pseudo_evidence_keyid(buf, 9, id), -1);
	assert_string_equal(id, "");
	buf[0] = 0;
	assert_int_equal(pseudo_evidence_keyid(buf, len, id), -1);
}

/* The opener, run as a program. */

static void
b64(const unsigned char *in, size_t len, char *outbuf)
{
	EVP_EncodeBlock((unsigned char *)outbuf, in, (int)len);
}

static void
path_of(const char *name, char *path)
{
	assert_true(snprintf(path, PATH_MAX, "%s/%s", tmpdir, name) < PATH_MAX);
}

static void
write_file(const char *name, const char *data, size_t len, mode_t mode)
{
	char path[PATH_MAX];
	int  fd;

	path_of(name, path);
	unlink(path);
	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)) != -1);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static void
read_file(const char *path, char *buf, size_t size)
{
	FILE  *fp;
	size_t n;

	assert_non_null(fp = fopen(path, "r"));
	n = fread(buf, 1, size - 1, fp);
	buf[n] = '\0';
	fclose(fp);
}

/*
 * Run the opener with argv (argv[0] is replaced), stdin from the file
 * named in (NULL: /dev/null); its stdout and stderr into out and err.
 * Returns its exit status, or -1 when it died of a signal.
 */
static int
run_opener(char *const argv[], const char *in, char *o, char *e)
{
	char  inpath[PATH_MAX], opath[PATH_MAX], epath[PATH_MAX];
	char *args[16];
	pid_t pid;
	int   status, fd, i;

	if (access(opener, X_OK) == -1)
		fail_msg("%s: not built (make %s builds it with this test)",
		    opener, opener);
	args[0] = opener;
	for (i = 1; i < 15 && argv[i] != NULL; i++)
		args[i] = argv[i];
	args[i] = NULL;
	if (in != NULL)
		path_of(in, inpath);
	else
		(void)snprintf(inpath, sizeof(inpath), "/dev/null");
	path_of("stdout", opath);
	path_of("stderr", epath);

	fflush(stdout);
	fflush(stderr);
	assert_true((pid = fork()) != -1);
	if (pid == 0) {
		if ((fd = open(inpath, O_RDONLY)) == -1 || dup2(fd, 0) == -1 ||
		    (fd = open(opath, O_WRONLY | O_CREAT | O_TRUNC, 0600)) ==
		        -1 ||
		    dup2(fd, 1) == -1 ||
		    (fd = open(epath, O_WRONLY | O_CREAT | O_TRUNC, 0600)) ==
		        -1 ||
		    dup2(fd, 2) == -1)
			_exit(126);
		execv(opener, args);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	read_file(opath, o, OUT_BUF);
	read_file(epath, e, OUT_BUF);
	if (!WIFEXITED(status))
		return (-1);

	return (WEXITSTATUS(status));
}

/* Append s to buf[0..size). */
static void
append(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf);

	assert_true(len + strlen(s) < size);
	memcpy(buf + len, s, strlen(s) + 1);
}

/* A JSON line for record with aad and the sealed value, into line. */
static void
json_line(char *line, size_t size, const char *record, const char *aad,
    const unsigned char *sealed, size_t len)
{
	char a[256], s[2048];

	b64((const unsigned char *)aad, strlen(aad), a);
	b64(sealed, len, s);
	assert_true((size_t)snprintf(line, size,
	                "{\"record\":\"%s\",\"tenant\":7,\"aad\":\"%s\","
	                "\"sealed\":\"%s\"}\n",
	                record, a, s) < size);
}

static void
test_opener_opens_a_file(void **state)
{
	unsigned char s1[SEALED_16], s2[SEALED_16], s3[SEALED_16];
	char          pem[PEM_BUF], kpath[PATH_MAX], jpath[PATH_MAX];
	char          data[16384], line[4096], a[256], s[2048], want[4096];
	char          id[17];
	size_t        len, l1, l2, l3;
	char *const   argv[] = { NULL, "-k", kpath, jpath, NULL };

	(void)state;
	len = pem_of(x_a, 1, pem);
	write_file("x_a.pem", pem, len, 0600);
	path_of("x_a.pem", kpath);
	path_of("in.jsonl", jpath);

	seal(pub_xa, aad_a, "BAB1234", s1, &l1);
	seal(pub_xa, aad_b, "MAB123E", s2, &l2);
	seal(pub_xb, aad_a, "BAB1234", s3, &l3);

	data[0] = '\0';
	/* 1: plain. */
	json_line(line, sizeof(line), "r-1", aad_a, s1, l1);
	append(data, sizeof(data), line);
	/* 2: members reordered, nested extras, escapes, CRLF, number id. */
	b64((const unsigned char *)aad_b, strlen(aad_b), a);
	b64(s2, l2, s);
	(void)snprintf(line, sizeof(line),
	    "  { \"sealed\" : \"%s\", \"x\":{\"a\":[1,-2.5e3,{\"b\":\"}]\\\"\"}"
	    "],\"c\":null}, \"aad\":\"%s\", \"record\": 42 }\r\n",
	    s, a);
	append(data, sizeof(data), line);
	/* 3: blank lines are skipped. */
	append(data, sizeof(data), "\n   \n");
	/* 5: another record's aad. */
	json_line(line, sizeof(line), "r-3", aad_b, s1, l1);
	append(data, sizeof(data), line);
	/* 6: not JSON. */
	append(data, sizeof(data), "not json\n");
	/* 7: sealed to another key. */
	json_line(line, sizeof(line), "r-5", aad_a, s3, l3);
	append(data, sizeof(data), line);
	/* 8: not base64; 9: escapes in the record, echoed safely. */
	append(data, sizeof(data),
	    "{\"record\":\"r-6\",\"aad\":\"!!!!\",\"sealed\":\"\"}\n");
	json_line(line, sizeof(line), "a\\/b\\u0041\\t\\\\\\u00e9", aad_a, s1,
	    l1);
	append(data, sizeof(data), line);
	write_file("in.jsonl", data, strlen(data), 0600);

	assert_int_equal(pseudo_evidence_keyid(s3, l3, id), 0);
	(void)snprintf(want, sizeof(want),
	    "r-1\tBAB1234\n"
	    "42\tMAB123E\n"
	    "r-3\terror: line 5: sealed: does not open (damaged, or another "
	    "record's aad)\n"
	    "-\terror: line 6: JSON: not an object\n"
	    "r-5\terror: line 7: sealed to key %s..., this key is %.16s...\n"
	    "r-6\terror: line 8: aad: not base64\n"
	    "a/bA\\x09\\\\\\xc3\\xa9\tBAB1234\n",
	    id, pseudo_evidence_key_fingerprint(priv_xa));
	assert_int_equal(run_opener(argv, NULL, out, err), 1);
	assert_string_equal(out, want);
	assert_string_equal(err, "");
}

static void
test_opener_reads_stdin_rsa(void **state)
{
	unsigned char s1[SEALED_16];
	char          pem[PEM_BUF], kpath[PATH_MAX], data[8192], line[4096];
	size_t        len, l1;
	char *const   argv[] = { NULL, "-k", kpath, NULL };

	(void)state;
	len = pem_of(rsa_a, 1, pem);
	write_file("rsa_a.pem", pem, len, 0400);
	path_of("rsa_a.pem", kpath);

	seal(pub_ra, aad_a, "BAB1234", s1, &l1);
	json_line(data, sizeof(data), "r-1", aad_a, s1, l1);
	seal(pub_ra, aad_b, "ZH123456", s1, &l1);
	json_line(line, sizeof(line), "r-2", aad_b, s1, l1);
	append(data, sizeof(data), line);
	write_file("in-rsa.jsonl", data, strlen(data), 0600);

	assert_int_equal(run_opener(argv, "in-rsa.jsonl", out, err), 0);
	assert_string_equal(out, "r-1\tBAB1234\nr-2\tZH123456\n");
	assert_string_equal(err, "");

	/* No input at all is no failure. */
	assert_int_equal(run_opener(argv, NULL, out, err), 0);
	assert_string_equal(out, "");
}

static void
test_opener_refuses_readable_key(void **state)
{
	static const mode_t modes[] = { 0640, 0604, 0610, 0644 };
	char                pem[PEM_BUF], kpath[PATH_MAX];
	size_t              len, i;
	char *const         argv[] = { NULL, "-k", kpath, NULL };
	char *const         none[] = { NULL, NULL };
	char *const         bad[] = { NULL, "-g", "dsa", "-o", kpath, NULL };

	(void)state;
	len = pem_of(x_a, 1, pem);
	path_of("open.pem", kpath);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		write_file("open.pem", pem, len, modes[i]);
		assert_int_equal(run_opener(argv, NULL, out, err), 2);
		assert_string_equal(out, "");
		assert_non_null(strstr(err, "are too open"));
		assert_non_null(strstr(err, "chmod 600"));
	}

	/* A public key, a missing file, usage. */
	len = pem_of(x_a, 0, pem);
	write_file("open.pem", pem, len, 0600);
	assert_int_equal(run_opener(argv, NULL, out, err), 2);
	assert_non_null(strstr(err, "opening needs the private key"));
	path_of("missing.pem", kpath);
	assert_int_equal(run_opener(argv, NULL, out, err), 2);
	assert_non_null(strstr(err, "No such file"));
	assert_int_equal(run_opener(none, NULL, out, err), 2);
	assert_non_null(strstr(err, "usage"));
	assert_int_equal(run_opener(bad, NULL, out, err), 2);
	assert_int_equal(access(kpath, F_OK), -1);
	OPENSSL_cleanse(pem, sizeof(pem));
}

static void
test_opener_generates_key_pairs(void **state)
{
	static const char *const    kinds[] = { "x25519", "rsa" };
	struct pseudo_evidence_key *pub;
	struct stat                 st;
	unsigned char               s1[SEALED_16];
	char        kpath[PATH_MAX], line[4096], before[PEM_BUF];
	char        kind[16];
	const char *errstr;
	size_t      i, l1;
	char *const gen[] = { NULL, "-g", kind, "-o", kpath, NULL };
	char *const opn[] = { NULL, "-k", kpath, NULL };

	(void)state;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		(void)snprintf(kind, sizeof(kind), "%s", kinds[i]);
		path_of(kinds[i], kpath);
		unlink(kpath);
		assert_int_equal(run_opener(gen, NULL, out, err), 0);
		assert_int_equal(stat(kpath, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0600);

		/* stdout is the public key, as the server will load it. */
		assert_int_equal(pseudo_evidence_key_load(out, strlen(out),
		                     &pub, &errstr),
		    0);
		assert_string_equal(pseudo_evidence_key_kind(pub), kinds[i]);
		assert_non_null(
		    strstr(err, pseudo_evidence_key_fingerprint(pub)));

		seal(pub, aad_a, "BAB1234", s1, &l1);
		json_line(line, sizeof(line), "g-1", aad_a, s1, l1);
		write_file("gen.jsonl", line, strlen(line), 0600);
		pseudo_evidence_key_free(pub);
		assert_int_equal(run_opener(opn, "gen.jsonl", out, err), 0);
		assert_string_equal(out, "g-1\tBAB1234\n");

		/* An existing file is never overwritten. */
		read_file(kpath, before, sizeof(before));
		assert_int_equal(run_opener(gen, NULL, out, err), 2);
		assert_string_equal(out, "");
		assert_non_null(strstr(err, "File exists"));
		read_file(kpath, line, sizeof(line));
		assert_string_equal(line, before);
	}
	OPENSSL_cleanse(before, sizeof(before));
	OPENSSL_cleanse(line, sizeof(line));
}

/* Copy s to p (room until end); the end of the copy. */
static char *
put(char *p, const char *end, const char *s)
{
	size_t len = strlen(s);

	assert_true(len < (size_t)(end - p));
	memcpy(p, s, len);

	return (p + len);
}

/* Each hostile line gets one error line; nothing crashes. */
static void
test_opener_survives_hostile_lines(void **state)
{
	static const char *const lines[] = {
		"{",
		"}",
		"[]",
		"{\"a\":",
		"{\"a\"",
		"{\"a\" 1}",
		"{\"a\":1,}",
		"{\"a\":1}x",
		"{\"a\":[}",
		"{\"a\":{]}",
		"{\"a\":\"\\ud800\"}",
		"{\"a\":\"\\udc00\"}",
		"{\"a\":\"\\u0000\"}",
		"{\"a\":\"\\x\"}",
		"{\"a\":\"\x01\"}",
		"{\"a\":\"\\u12\"}",
		"{\"a\":\"abc",
		"{\"a\":\"\\",
		"{\"aad\":\"\",\"sealed\":\"\",\"aad\":\"\"}",
		"{\"aad\":\"\"}",
		"{\"sealed\":\"AAAA\"}",
		"{\"aad\":1,\"sealed\":\"AAAA\"}",
		"{\"record\":true,\"aad\":\"\",\"sealed\":\"AAAA\"}",
		"{\"record\":1e999999,\"aad\":\"\",\"sealed\":\"AAAA\"}",
		"{\"aad\":\"\",\"sealed\":\"AAAA\"}",
		"{\"aad\":\"\",\"sealed\":\"AAA=\"}",
		"{\"aad\":\"\",\"sealed\":\"AB==\"}",
		"{\"aad\":\"\",\"sealed\":\"A===\"}",
		"{\"aad\":\"\",\"sealed\":\"AA=A\"}",
		"{\"aad\":\"\",\"sealed\":\"AA==AAAA\"}",
		"{\"aad\":\"\",\"sealed\":\"AAAA \"}",
		"{\"aad\":\"\",\"sealed\":\"AQ\"}",
		"{\"aad\":\"\",\"sealed\":\"AQEAAAAAAAAAAA==\"}",
		"{\"aad\":\"\",\"sealed\":\"AgEAAAAAAAAAAAAA\"}",
		"{\"aad\":\"\",\"sealed\":\"AQMAAAAAAAAAAAAA\"}",
		"{\"\\u00e9\\ud83d\\ude00\":1,\"aad\":\"\",\"sealed\":\"\"}",
		"{\"record\":\"\\u0001\\u007f\",\"aad\":\"\",\"sealed\":\"\"}",
		"\"just a string\"",
		"{\"a\":tru,\"b\":nul}",
	};
	char       *data, *p, *end, kpath[PATH_MAX];
	char        pem[PEM_BUF];
	size_t      i, n, len, count = 0;
	char *const argv[] = { NULL, "-k", kpath, NULL };

	(void)state;
	len = pem_of(x_a, 1, pem);
	write_file("h.pem", pem, len, 0600);
	path_of("h.pem", kpath);

	assert_non_null(data = malloc(1024 * 1024));
	data[0] = '\0';
	p = data;
	end = data + 1024 * 1024;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		p = put(p, end, lines[i]);
		p = put(p, end, "\n");
		count++;
	}
	/* Deep nesting, a raw NUL, a long member, a line over 64 KiB. */
	p = put(p, end, "{\"a\":");
	for (i = 0; i < 40; i++)
		*p++ = '[';
	p = put(p, end, "\n");
	count++;
	p = put(p, end, "{\"aad\":\"\",");
	*p++ = '\0';
	p = put(p, end, "\"sealed\":\"AAAA\"}\n");
	count++;
	p = put(p, end, "{\"aad\":\"\",\"sealed\":\"");
	memset(p, 'A', 8000);
	p += 8000;
	p = put(p, end, "\"}\n");
	count++;
	p = put(p, end, "{\"record\":\"");
	memset(p, 'r', 200);
	p += 200;
	p = put(p, end, "\"}\n");
	count++;
	memset(p, '{', 70000);
	p += 70000;
	*p++ = '\n';
	count++;
	/* No newline at the end. */
	p = put(p, end, "{\"aad\":\"\"");
	count++;
	write_file("hostile.jsonl", data, (size_t)(p - data), 0600);
	free(data);

	assert_int_equal(run_opener(argv, "hostile.jsonl", out, err), 1);
	assert_string_equal(err, "");
	for (n = 0, p = out; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	assert_int_equal(n, count);
	for (p = out; *p != '\0'; p = strchr(p, '\n') + 1)
		if (strstr(p, "\terror: line ") == NULL ||
		    strstr(p, "\terror: line ") > strchr(p, '\n'))
			fail_msg("not an error line: %.80s", p);
	/* A spot check of the reasons. */
	assert_non_null(strstr(out,
	    "-\terror: line 1: JSON: a member name "
	    "expected\n"));
	assert_non_null(strstr(out, "JSON: ',' or '}' expected"));
	assert_non_null(strstr(out, "JSON: unbalanced brackets"));
	assert_non_null(strstr(out, "JSON: a bad escape"));
	assert_non_null(strstr(out, "JSON: unterminated string"));
	assert_non_null(strstr(out, "JSON: data after the object"));
	assert_non_null(strstr(out, "JSON: a control character in a string"));
	assert_non_null(strstr(out, "JSON: a member appears twice"));
	assert_non_null(strstr(out, "JSON: nested too deeply"));
	assert_non_null(strstr(out, "sealed: too long"));
	assert_non_null(strstr(out, "record: too long"));
	assert_non_null(strstr(out, "longer than 65536 bytes"));
	assert_non_null(strstr(out, "sealed: not base64"));
	assert_non_null(strstr(out, "sealed: unknown version"));
	assert_non_null(strstr(out, "sealed: unknown algorithm"));
	assert_non_null(strstr(out, "\\x01\\x7f\terror:"));
	OPENSSL_cleanse(pem, sizeof(pem));
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evidence_round_trips_x25519),
		cmocka_unit_test(test_evidence_round_trips_rsa),
		cmocka_unit_test(test_evidence_x25519_layout_matches_readme),
		cmocka_unit_test(test_evidence_rsa_layout_matches_readme),
		cmocka_unit_test(test_evidence_seal_twice_differs),
		cmocka_unit_test(test_evidence_open_rejects_wrong_key),
		cmocka_unit_test(
		    test_evidence_open_rejects_flipped_bits_x25519),
		cmocka_unit_test(test_evidence_open_rejects_flipped_bits_rsa),
		cmocka_unit_test(test_evidence_open_rejects_wrong_aad),
		cmocka_unit_test(
		    test_evidence_open_rejects_small_order_ephemeral),
		cmocka_unit_test(test_evidence_seal_rejects_bad_arguments),
		cmocka_unit_test(test_evidence_rsa_8192_is_the_largest),
		cmocka_unit_test(test_evidence_key_load_refuses),
		cmocka_unit_test(test_evidence_private_load_refuses),
		cmocka_unit_test(test_evidence_fingerprint_is_stable),
		cmocka_unit_test(test_evidence_keyid_is_fingerprint_prefix),
		cmocka_unit_test(test_opener_opens_a_file),
		cmocka_unit_test(test_opener_reads_stdin_rsa),
		cmocka_unit_test(test_opener_refuses_readable_key),
		cmocka_unit_test(test_opener_generates_key_pairs),
		cmocka_unit_test(test_opener_survives_hostile_lines),
	};

	(void)argc;
	/* setup() turns this into the opener's path. */
	if (argv[0] != NULL)
		(void)snprintf(opener, sizeof(opener), "%s", argv[0]);

	return (cmocka_run_group_tests_name("pseudo_evidence", tests, setup,
	    teardown));
}
