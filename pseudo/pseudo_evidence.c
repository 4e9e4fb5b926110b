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
 * Sealed evidence: values sealed to a tenant's disclosure public key
 * (X25519 key agreement or RSA-OAEP key wrapping, then AES-256-GCM through
 * pseudo_seal()), which only the private key's holder can open.  The
 * server loads public keys and seals; pseudo_evidence_private_load() and
 * pseudo_evidence_open() exist for the offline opener (torwart-open.c)
 * and tests.  OpenSSL 3 EVP only; keys are immutable once loaded.
 */

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pseudo.h"
#include "pseudo_internal.h"

#define EV_VERSION    1
#define EV_ALG_X25519 1
#define EV_ALG_RSA    2
#define EV_INFO       "torwart evidence v1"
#define X25519_LEN    32
#define SHA256_LEN    32
#define WRAP_MAX      (PSEUDO_EVIDENCE_RSA_BITS_MAX / 8)
#define HEADER_MAX    (PSEUDO_EVIDENCE_PREFIX + 2 + WRAP_MAX)

struct pseudo_evidence_key {
	EVP_PKEY     *pkey;
	int           alg; /* EV_ALG_* */
	int           has_private; /* 1: pkey holds the private key */
	unsigned char pub[X25519_LEN]; /* X25519: the raw public key */
	size_t        wraplen; /* RSA: bytes of the modulus */
	unsigned char fp[SHA256_LEN];
	char          fphex[PSEUDO_EVIDENCE_FP_HEX + 1];
};

static int    key_load(const char *, size_t, int, struct pseudo_evidence_key **,
       const char **);
static int    pem_block(const char *, size_t, int, unsigned char **, long *,
       const char **);
static int    pem_name(const char *, int, const char **);
static int    key_classify(struct pseudo_evidence_key *, const char **);
static int    rsa_bounds(struct pseudo_evidence_key *, const char **);
static int    x25519_order(struct pseudo_evidence_key *, const char **);
static int    key_fingerprint(struct pseudo_evidence_key *);
static int    x25519_derive(EVP_PKEY *, EVP_PKEY *, unsigned char *);
static int    x25519_key(const unsigned char *, const unsigned char *,
       const unsigned char *, struct pseudo_key *);
static int    rsa_ctx_init(EVP_PKEY_CTX *, int);
static size_t seal_x25519(const struct pseudo_evidence_key *, unsigned char *,
    struct pseudo_key *);
static size_t seal_rsa(const struct pseudo_evidence_key *, unsigned char *,
    struct pseudo_key *);
static size_t open_header(const struct pseudo_evidence_key *,
    const unsigned char *, size_t, const char **);
static int unwrap_key(const struct pseudo_evidence_key *, const unsigned char *,
    struct pseudo_key *);
static size_t join_aad(unsigned char *, const unsigned char *, size_t,
    const void *, size_t);

int
pseudo_evidence_key_load(const char *pem, size_t len,
    struct pseudo_evidence_key **out, const char **errstr)
{
	return (key_load(pem, len, 0, out, errstr));
}

int
pseudo_evidence_private_load(const char *pem, size_t len,
    struct pseudo_evidence_key **out, const char **errstr)
{
	return (key_load(pem, len, 1, out, errstr));
}

static int
key_load(const char *pem, size_t len, int priv,
    struct pseudo_evidence_key **out, const char **errstr)
{
	struct pseudo_evidence_key *key = NULL;
	PKCS8_PRIV_KEY_INFO        *p8 = NULL;
	const unsigned char        *p;
	unsigned char              *der = NULL;
	long                        derlen = 0;
	int                         ret = -1;

	*out = NULL;
	*errstr = "openssl: failure";
	if (pem_block(pem, len, priv, &der, &derlen, errstr) == -1)
		goto done;
	if ((key = calloc(1, sizeof(*key))) == NULL) {
		*errstr = "out of memory";
		goto done;
	}
	key->has_private = priv;
	p = der;
	if (priv) {
		if ((p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, derlen)) != NULL)
			key->pkey = EVP_PKCS82PKEY(p8);
	} else
		key->pkey = d2i_PUBKEY(NULL, &p, derlen);
	if (key->pkey == NULL) {
		*errstr = "key: not a valid key";
		goto done;
	}
	if (p != der + derlen) {
		*errstr = "key: data after the key";
		goto done;
	}
	if (key_classify(key, errstr) == -1)
		goto done;
	if (key_fingerprint(key) == -1) {
		*errstr = "openssl: failure";
		goto done;
	}
	*out = key;
	key = NULL;
	ret = 0;

done:
	/* Both wipe: the DER and the PKCS#8 structure hold the private key. */
	PKCS8_PRIV_KEY_INFO_free(p8);
	if (der != NULL)
		OPENSSL_secure_clear_free(der, (size_t)derlen);
	pseudo_evidence_key_free(key);

	return (ret);
}

/*
 * The DER of the one PEM block in pem[0..len), which must be of the kind
 * asked for, with only whitespace around it.  *der is freed with
 * OPENSSL_secure_clear_free(): PEM_FLAG_SECURE makes OpenSSL wipe its own
 * copies of a private key too.
 */
static int
pem_block(const char *pem, size_t len, int priv, unsigned char **der,
    long *derlen, const char **errstr)
{
	BIO        *bio = NULL;
	char       *name = NULL, *header = NULL, *rest;
	const char *p;
	long        restlen, i;
	int         ret = -1;

	*der = NULL;
	if (pem == NULL || len == 0) {
		*errstr = "key: empty";
		return (-1);
	}
	if (len > PSEUDO_EVIDENCE_PEM_MAX) {
		*errstr = "key: longer than 16 KiB";
		return (-1);
	}
	if (memchr(pem, '\0', len) != NULL) {
		*errstr = "key: not PEM text";
		return (-1);
	}
	/* PEM_read_bio() skips anything before the BEGIN line: we do not. */
	for (p = pem; p < pem + len && strchr(" \t\r\n", *p) != NULL; p++)
		continue;
	if ((size_t)(pem + len - p) < 11 || memcmp(p, "-----BEGIN ", 11) != 0) {
		*errstr = "key: not PEM (no BEGIN line at the start)";
		return (-1);
	}

	if ((bio = BIO_new_mem_buf(pem, (int)len)) == NULL)
		goto done;
	if (PEM_read_bio_ex(bio, &name, &header, der, derlen,
	        PEM_FLAG_SECURE | PEM_FLAG_EAY_COMPATIBLE) != 1) {
		*errstr = "key: not valid PEM";
		goto done;
	}
	if (pem_name(name, priv, errstr) == -1)
		goto done;
	if (header[0] != '\0') {
		*errstr = "key: PEM headers (an encrypted key?)";
		goto done;
	}
	restlen = BIO_get_mem_data(bio, &rest);
	for (i = 0; i < restlen; i++) {
		if (strchr(" \t\r\n", rest[i]) == NULL) {
			*errstr = "key: data after the END line";
			goto done;
		}
	}
	ret = 0;

done:
	if (ret == -1 && *der != NULL) {
		OPENSSL_secure_clear_free(*der, (size_t)*derlen);
		*der = NULL;
	}
	OPENSSL_secure_free(name);
	OPENSSL_secure_free(header);
	BIO_free(bio);

	return (ret);
}

/* Is the PEM label the one we want?  The reasons name the usual mistakes. */
static int
pem_name(const char *name, int priv, const char **errstr)
{
	if (priv) {
		if (strcmp(name, "PRIVATE KEY") == 0)
			return (0);
		if (strcmp(name, "ENCRYPTED PRIVATE KEY") == 0)
			*errstr =
			    "key: encrypted; decrypt it with openssl pkey";
		else if (strcmp(name, "PUBLIC KEY") == 0)
			*errstr =
			    "key: a public key; opening needs the private "
			    "key";
		else
			*errstr =
			    "key: not a PKCS#8 private key (BEGIN PRIVATE "
			    "KEY)";
		return (-1);
	}

	if (strcmp(name, "PUBLIC KEY") == 0)
		return (0);
	if (strstr(name, "PRIVATE KEY") != NULL)
		*errstr = "key: a private key; configure the public key only";
	else if (strcmp(name, "RSA PUBLIC KEY") == 0)
		*errstr = "key: PKCS#1; give the SubjectPublicKeyInfo (BEGIN "
		          "PUBLIC KEY)";
	else
		*errstr = "key: not a public key (BEGIN PUBLIC KEY)";

	return (-1);
}

/* X25519, or RSA within bounds; both must pass OpenSSL's public check. */
static int
key_classify(struct pseudo_evidence_key *key, const char **errstr)
{
	EVP_PKEY_CTX *ctx = NULL;
	int           ret = -1;

	if (EVP_PKEY_is_a(key->pkey, "X25519"))
		key->alg = EV_ALG_X25519;
	else if (EVP_PKEY_is_a(key->pkey, "RSA"))
		key->alg = EV_ALG_RSA;
	else {
		*errstr = "key: neither X25519 nor RSA";
		return (-1);
	}
	if (key->alg == EV_ALG_RSA && rsa_bounds(key, errstr) == -1)
		return (-1);

	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey, NULL)) == NULL)
		goto done;
	if (EVP_PKEY_public_check(ctx) != 1) {
		*errstr = "key: fails the public key check";
		goto done;
	}
	if (key->alg == EV_ALG_X25519 && x25519_order(key, errstr) == -1)
		goto done;
	ret = 0;

done:
	EVP_PKEY_CTX_free(ctx);

	return (ret);
}

/* RSA of 2048 to 8192 bits with an exponent SP 800-56B allows. */
static int
rsa_bounds(struct pseudo_evidence_key *key, const char **errstr)
{
	BIGNUM *e = NULL;
	int     bits, ret = -1;

	bits = EVP_PKEY_get_bits(key->pkey);
	if (bits < PSEUDO_EVIDENCE_RSA_BITS_MIN) {
		*errstr = "key: RSA shorter than 2048 bits";
		return (-1);
	}
	if (bits > PSEUDO_EVIDENCE_RSA_BITS_MAX) {
		*errstr = "key: RSA longer than 8192 bits";
		return (-1);
	}
	/* OpenSSL's public check takes any odd e > 1 outside FIPS mode. */
	if (EVP_PKEY_get_bn_param(key->pkey, OSSL_PKEY_PARAM_RSA_E, &e) != 1)
		goto done;
	if (!BN_is_odd(e) || BN_num_bits(e) <= 16 || BN_num_bits(e) > 256) {
		*errstr =
		    "key: RSA exponent not odd, above 2^16 and below 2^256";
		goto done;
	}
	key->wraplen = (size_t)EVP_PKEY_get_size(key->pkey);
	ret = 0;

done:
	BN_free(e);

	return (ret);
}

/*
 * The raw X25519 public key into key->pub; refuse a point of small order,
 * which gives every sender the shared secret 0.
 */
static int
x25519_order(struct pseudo_evidence_key *key, const char **errstr)
{
	EVP_PKEY     *probe = NULL;
	unsigned char ss[X25519_LEN];
	size_t        len = sizeof(key->pub);
	int           ret = -1;

	if (EVP_PKEY_get_raw_public_key(key->pkey, key->pub, &len) != 1 ||
	    len != sizeof(key->pub))
		goto done;
	if ((probe = EVP_PKEY_Q_keygen(NULL, NULL, "X25519")) == NULL)
		goto done;
	if (x25519_derive(probe, key->pkey, ss) == -1) {
		*errstr = "key: X25519 point of small order";
		goto done;
	}
	ret = 0;

done:
	OPENSSL_cleanse(ss, sizeof(ss));
	EVP_PKEY_free(probe);

	return (ret);
}

/* SHA-256 of the DER SubjectPublicKeyInfo, raw and in hex. */
static int
key_fingerprint(struct pseudo_evidence_key *key)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char    *der = NULL;
	size_t            mdlen = 0, i;
	int               len, ret = -1;

	/* i2d_PUBKEY() allocates *der when it is NULL. */
	if ((len = i2d_PUBKEY(key->pkey, &der)) <= 0)
		goto done;
	if (EVP_Q_digest(NULL, "SHA256", NULL, der, (size_t)len, key->fp,
	        &mdlen) != 1 ||
	    mdlen != sizeof(key->fp))
		goto done;
	for (i = 0; i < sizeof(key->fp); i++) {
		key->fphex[2 * i] = hex[key->fp[i] >> 4];
		key->fphex[2 * i + 1] = hex[key->fp[i] & 0x0f];
	}
	key->fphex[PSEUDO_EVIDENCE_FP_HEX] = '\0';
	ret = 0;

done:
	OPENSSL_free(der);

	return (ret);
}

void
pseudo_evidence_key_free(struct pseudo_evidence_key *key)
{
	if (key == NULL)
		return;
	EVP_PKEY_free(key->pkey);
	OPENSSL_cleanse(key, sizeof(*key));
	free(key);
}

const char *
pseudo_evidence_key_kind(const struct pseudo_evidence_key *key)
{
	return (key->alg == EV_ALG_X25519 ? "x25519" : "rsa");
}

const char *
pseudo_evidence_key_fingerprint(const struct pseudo_evidence_key *key)
{
	return (key->fphex);
}

size_t
pseudo_evidence_sealed_len(const struct pseudo_evidence_key *key, size_t n)
{
	if (key == NULL || n > PSEUDO_EVIDENCE_IN_MAX)
		return (0);
	if (key->alg == EV_ALG_X25519)
		return (PSEUDO_EVIDENCE_SEALED_X25519(n));

	return (PSEUDO_EVIDENCE_PREFIX + 2 + key->wraplen +
	    PSEUDO_SEAL_OVERHEAD + n);
}

int
pseudo_evidence_seal(const struct pseudo_evidence_key *key, const void *aad,
    size_t aadlen, const void *in, size_t inlen, unsigned char *out,
    size_t outsize, size_t *outlen)
{
	struct pseudo_key aes;
	unsigned char     ad[HEADER_MAX + PSEUDO_EVIDENCE_AAD_MAX];
	size_t            hlen, n;
	int               ret = -1;

	if (outlen != NULL)
		*outlen = 0;
	if (key == NULL || out == NULL || outlen == NULL ||
	    (aad == NULL && aadlen > 0) || (in == NULL && inlen > 0) ||
	    aadlen > PSEUDO_EVIDENCE_AAD_MAX ||
	    inlen > PSEUDO_EVIDENCE_IN_MAX ||
	    outsize < pseudo_evidence_sealed_len(key, inlen))
		return (-1);

	memset(&aes, 0, sizeof(aes));
	out[0] = EV_VERSION;
	out[1] = (unsigned char)key->alg;
	memcpy(out + 2, key->fp, PSEUDO_EVIDENCE_KEYID_LEN);
	if (key->alg == EV_ALG_X25519)
		hlen = seal_x25519(key, out, &aes);
	else
		hlen = seal_rsa(key, out, &aes);
	if (hlen == 0)
		goto done;

	n = join_aad(ad, out, hlen, aad, aadlen);
	if (pseudo_seal(&aes, ad, n, in, inlen, out + hlen, outsize - hlen,
	        &n) == -1)
		goto done;
	*outlen = hlen + n;
	ret = 0;

done:
	OPENSSL_cleanse(&aes, sizeof(aes));
	if (ret == -1)
		OPENSSL_cleanse(out, outsize);

	return (ret);
}

/*
 * A fresh ephemeral key into the header after the prefix, the AES key
 * from the shared secret.  Returns the header's length, or 0.
 */
static size_t
seal_x25519(const struct pseudo_evidence_key *key, unsigned char *hdr,
    struct pseudo_key *aes)
{
	EVP_PKEY      *eph = NULL;
	unsigned char  ss[X25519_LEN];
	unsigned char *epub = hdr + PSEUDO_EVIDENCE_PREFIX;
	size_t         len = X25519_LEN, ret = 0;

	memset(ss, 0, sizeof(ss));
	if ((eph = EVP_PKEY_Q_keygen(NULL, NULL, "X25519")) == NULL)
		goto done;
	if (EVP_PKEY_get_raw_public_key(eph, epub, &len) != 1 ||
	    len != X25519_LEN)
		goto done;
	if (x25519_derive(eph, key->pkey, ss) == -1 ||
	    x25519_key(ss, epub, key->pub, aes) == -1)
		goto done;
	ret = PSEUDO_EVIDENCE_PREFIX + X25519_LEN;

done:
	OPENSSL_cleanse(ss, sizeof(ss));
	EVP_PKEY_free(eph);

	return (ret);
}

/* A random AES key, wrapped into the header.  Returns its length, or 0. */
static size_t
seal_rsa(const struct pseudo_evidence_key *key, unsigned char *hdr,
    struct pseudo_key *aes)
{
	EVP_PKEY_CTX  *ctx = NULL;
	unsigned char *wrapped = hdr + PSEUDO_EVIDENCE_PREFIX + 2;
	size_t         wlen = key->wraplen, ret = 0;

	if (pseudo_random(aes->bytes, sizeof(aes->bytes)) == -1)
		goto done;
	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey, NULL)) == NULL ||
	    rsa_ctx_init(ctx, 1) == -1)
		goto done;
	if (EVP_PKEY_encrypt(ctx, wrapped, &wlen, aes->bytes,
	        sizeof(aes->bytes)) != 1 ||
	    wlen != key->wraplen)
		goto done;
	hdr[PSEUDO_EVIDENCE_PREFIX] = (unsigned char)(wlen >> 8);
	hdr[PSEUDO_EVIDENCE_PREFIX + 1] = (unsigned char)wlen;
	ret = PSEUDO_EVIDENCE_PREFIX + 2 + wlen;

done:
	EVP_PKEY_CTX_free(ctx);

	return (ret);
}

int
pseudo_evidence_open(const struct pseudo_evidence_key *key, const void *aad,
    size_t aadlen, const unsigned char *in, size_t inlen, unsigned char *out,
    size_t outsize, size_t *outlen, const char **errstr)
{
	struct pseudo_key aes;
	unsigned char     ad[HEADER_MAX + PSEUDO_EVIDENCE_AAD_MAX];
	size_t            hlen, n;
	int               ret = -1;

	memset(&aes, 0, sizeof(aes));
	*errstr = "openssl: failure";
	if (outlen != NULL)
		*outlen = 0;
	if (key == NULL || !key->has_private) {
		*errstr = "key: not a private key";
		goto done;
	}
	if (in == NULL || out == NULL || outlen == NULL ||
	    (aad == NULL && aadlen > 0) || aadlen > PSEUDO_EVIDENCE_AAD_MAX) {
		*errstr = "bad argument";
		goto done;
	}
	if ((hlen = open_header(key, in, inlen, errstr)) == 0)
		goto done;
	if (outsize < inlen - hlen - PSEUDO_SEAL_OVERHEAD) {
		*errstr = "out: too small";
		goto done;
	}
	if (unwrap_key(key, in, &aes) == -1) {
		*errstr = "sealed: does not open (damaged, or another record's "
		          "aad)";
		goto done;
	}

	n = join_aad(ad, in, hlen, aad, aadlen);
	if (pseudo_unseal(&aes, ad, n, in + hlen, inlen - hlen, out, outsize,
	        outlen) == -1) {
		*errstr = "sealed: does not open (damaged, or another record's "
		          "aad)";
		goto done;
	}
	*errstr = NULL;
	ret = 0;

done:
	OPENSSL_cleanse(&aes, sizeof(aes));
	if (ret == -1 && out != NULL)
		OPENSSL_cleanse(out, outsize);

	return (ret);
}

/*
 * Check the header of in[0..inlen) against key.  Returns its length, or 0
 * with *errstr set.  The key id is public: no constant-time compare.
 */
static size_t
open_header(const struct pseudo_evidence_key *key, const unsigned char *in,
    size_t inlen, const char **errstr)
{
	size_t hlen;

	*errstr = "sealed: too short";
	if (inlen < PSEUDO_EVIDENCE_PREFIX + 2)
		return (0);
	if (in[0] != EV_VERSION) {
		*errstr = "sealed: unknown version";
		return (0);
	}
	if (in[1] != EV_ALG_X25519 && in[1] != EV_ALG_RSA) {
		*errstr = "sealed: unknown algorithm";
		return (0);
	}
	if (in[1] != key->alg) {
		*errstr = "sealed: for another kind of key";
		return (0);
	}
	if (memcmp(in + 2, key->fp, PSEUDO_EVIDENCE_KEYID_LEN) != 0) {
		*errstr = "sealed: to another key";
		return (0);
	}
	if (key->alg == EV_ALG_X25519)
		hlen = PSEUDO_EVIDENCE_PREFIX + X25519_LEN;
	else {
		hlen = (size_t)in[PSEUDO_EVIDENCE_PREFIX] << 8 |
		    in[PSEUDO_EVIDENCE_PREFIX + 1];
		if (hlen != key->wraplen) {
			*errstr = "sealed: wrapped key of the wrong length";
			return (0);
		}
		hlen += PSEUDO_EVIDENCE_PREFIX + 2;
	}
	*errstr = "sealed: too short";
	if (inlen < hlen + PSEUDO_SEAL_OVERHEAD)
		return (0);

	return (hlen);
}

/* The AES key of a sealed value whose header open_header() accepted. */
static int
unwrap_key(const struct pseudo_evidence_key *key, const unsigned char *in,
    struct pseudo_key *aes)
{
	EVP_PKEY            *eph = NULL;
	EVP_PKEY_CTX        *ctx = NULL;
	unsigned char        buf[WRAP_MAX];
	const unsigned char *epub = in + PSEUDO_EVIDENCE_PREFIX;
	size_t               len = sizeof(buf);
	int                  ret = -1;

	memset(buf, 0, sizeof(buf));
	if (key->alg == EV_ALG_X25519) {
		if ((eph = EVP_PKEY_new_raw_public_key_ex(NULL, "X25519", NULL,
		         epub, X25519_LEN)) == NULL)
			goto done;
		/* buf holds the shared secret. */
		if (x25519_derive(key->pkey, eph, buf) == -1 ||
		    x25519_key(buf, epub, key->pub, aes) == -1)
			goto done;
		ret = 0;
		goto done;
	}

	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey, NULL)) == NULL ||
	    rsa_ctx_init(ctx, 0) == -1)
		goto done;
	if (EVP_PKEY_decrypt(ctx, buf, &len, in + PSEUDO_EVIDENCE_PREFIX + 2,
	        key->wraplen) != 1 ||
	    len != sizeof(aes->bytes))
		goto done;
	memcpy(aes->bytes, buf, sizeof(aes->bytes));
	ret = 0;

done:
	OPENSSL_cleanse(buf, sizeof(buf));
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(eph);

	return (ret);
}

/*
 * X25519 of own (holding a private key) and peer into ss[0..32).  Fails
 * on an all-zero result, which a peer key of small order gives.
 */
static int
x25519_derive(EVP_PKEY *own, EVP_PKEY *peer, unsigned char *ss)
{
	EVP_PKEY_CTX *ctx = NULL;
	size_t        len = X25519_LEN, i;
	unsigned char acc = 0;
	int           ret = -1;

	if ((ctx = EVP_PKEY_CTX_new_from_pkey(NULL, own, NULL)) == NULL ||
	    EVP_PKEY_derive_init(ctx) != 1 ||
	    EVP_PKEY_derive_set_peer_ex(ctx, peer, 1) != 1)
		goto done;
	if (EVP_PKEY_derive(ctx, ss, &len) != 1 || len != X25519_LEN)
		goto done;
	for (i = 0; i < X25519_LEN; i++)
		acc |= ss[i];
	if (acc != 0)
		ret = 0;

done:
	if (ret == -1)
		OPENSSL_cleanse(ss, X25519_LEN);
	EVP_PKEY_CTX_free(ctx);

	return (ret);
}

/*
 * The AES key: HKDF-SHA-256 of the shared secret, salt = ephemeral public
 * key || recipient public key (binds both ends), info = EV_INFO.
 */
static int
x25519_key(const unsigned char *ss, const unsigned char *epub,
    const unsigned char *rpub, struct pseudo_key *aes)
{
	OSSL_PARAM    params[5];
	unsigned char salt[2 * X25519_LEN];
	char          digest[] = "SHA256";
	char          info[] = EV_INFO;

	memcpy(salt, epub, X25519_LEN);
	memcpy(salt + X25519_LEN, rpub, X25519_LEN);
	/* OSSL_PARAM is not const-correct; OpenSSL only reads these. */
	params[0] =
	    OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
	    (void *)(uintptr_t)ss, X25519_LEN);
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt,
	    sizeof(salt));
	params[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info,
	    sizeof(info) - 1);
	params[4] = OSSL_PARAM_construct_end();

	return (pseudo_kdf("HKDF", params, aes->bytes, sizeof(aes->bytes)));
}

/* RSA-OAEP with SHA-256 and MGF1-SHA-256, no label. */
static int
rsa_ctx_init(EVP_PKEY_CTX *ctx, int encrypt)
{
	OSSL_PARAM params[4];
	char       pad[] = OSSL_PKEY_RSA_PAD_MODE_OAEP;
	char       md[] = "SHA256";
	char       mgf1[] = "SHA256";
	int        r;

	params[0] =
	    OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_PAD_MODE,
	        pad, 0);
	params[1] =
	    OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_OAEP_DIGEST,
	        md, 0);
	params[2] =
	    OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_MGF1_DIGEST,
	        mgf1, 0);
	params[3] = OSSL_PARAM_construct_end();
	if (encrypt)
		r = EVP_PKEY_encrypt_init_ex(ctx, params);
	else
		r = EVP_PKEY_decrypt_init_ex(ctx, params);

	return (r == 1 ? 0 : -1);
}

/* GCM's aad: the header, then the caller's.  Returns the length. */
static size_t
join_aad(unsigned char *ad, const unsigned char *hdr, size_t hlen,
    const void *aad, size_t aadlen)
{
	memcpy(ad, hdr, hlen);
	if (aadlen > 0)
		memcpy(ad + hlen, aad, aadlen);

	return (hlen + aadlen);
}

int
pseudo_evidence_keyid(const unsigned char *in, size_t inlen,
    char out[2 * PSEUDO_EVIDENCE_KEYID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	size_t            i;

	out[0] = '\0';
	if (in == NULL || inlen < PSEUDO_EVIDENCE_PREFIX || in[0] != EV_VERSION)
		return (-1);
	for (i = 0; i < PSEUDO_EVIDENCE_KEYID_LEN; i++) {
		out[2 * i] = hex[in[2 + i] >> 4];
		out[2 * i + 1] = hex[in[2 + i] & 0x0f];
	}
	out[2 * PSEUDO_EVIDENCE_KEYID_LEN] = '\0';

	return (0);
}
