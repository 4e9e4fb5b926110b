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
 * Keys: random bytes, HKDF-SHA-256 derivation of purpose/tenant/version
 * keys from the master secret, and sealing with AES-256-GCM.  Everything
 * goes through OpenSSL 3's EVP interfaces (EVP_KDF, EVP_CIPHER); nothing
 * is cached between calls, so every function is thread-safe.
 */

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "pseudo.h"
#include "pseudo_internal.h"

#define HKDF_SALT "torwart-hkdf-v1"
#define INFO_MAX  (PSEUDO_PURPOSE_MAX + 1 + 8 + 4)

static int    purpose_ok(const char *, size_t *);
static size_t build_info(unsigned char *, const char *, size_t, uint64_t,
    uint32_t);
static int    hkdf(const struct pseudo_key *, const unsigned char *, size_t,
       unsigned char *);

void
pseudo_key_wipe(struct pseudo_key *key)
{
	if (key != NULL)
		explicit_bzero(key->bytes, sizeof(key->bytes));
}

int
pseudo_random(void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t         n, done;

	/* RAND_bytes() takes an int: feed it in chunks. */
	for (done = 0; done < len; done += n) {
		n = len - done;
		if (n > INT_MAX)
			n = INT_MAX;
		if (RAND_bytes(p + done, (int)n) != 1) {
			explicit_bzero(buf, len);
			return (-1);
		}
	}

	return (0);
}

int
pseudo_key_derive(const struct pseudo_key *master, const char *purpose,
    uint64_t tenant, uint32_t version, struct pseudo_key *out)
{
	struct pseudo_key tmp;
	unsigned char     info[INFO_MAX];
	size_t            plen, ilen;
	int               ret = -1;

	if (master == NULL || out == NULL || !purpose_ok(purpose, &plen))
		goto done;

	ilen = build_info(info, purpose, plen, tenant, version);
	/* Derive into tmp: out may be the master key. */
	if (hkdf(master, info, ilen, tmp.bytes) == -1)
		goto done;
	memcpy(out->bytes, tmp.bytes, sizeof(out->bytes));
	ret = 0;

done:
	if (ret == -1)
		pseudo_key_wipe(out);
	pseudo_key_wipe(&tmp);

	return (ret);
}

int
pseudo_key_fingerprint(const struct pseudo_key *key, char *out)
{
	static const char hex[] = "0123456789abcdef";
	struct pseudo_key fp;
	size_t            i;

	out[0] = '\0';
	if (pseudo_key_derive(key, "fingerprint", 0, 1, &fp) == -1)
		return (-1);
	for (i = 0; i < PSEUDO_KEY_FP_LEN / 2; i++) {
		out[2 * i] = hex[fp.bytes[i] >> 4];
		out[2 * i + 1] = hex[fp.bytes[i] & 0x0f];
	}
	out[PSEUDO_KEY_FP_LEN] = '\0';
	pseudo_key_wipe(&fp);

	return (0);
}

/* Returns 1 when purpose is a non-empty [a-z_] string (length in *len). */
static int
purpose_ok(const char *purpose, size_t *len)
{
	size_t i;

	if (purpose == NULL)
		return (0);
	for (i = 0; purpose[i] != '\0'; i++) {
		if (i == PSEUDO_PURPOSE_MAX)
			return (0);
		if ((purpose[i] < 'a' || purpose[i] > 'z') && purpose[i] != '_')
			return (0);
	}
	*len = i;

	return (i > 0);
}

/* info = purpose || 0x00 || tenant (be64) || version (be32); its length. */
static size_t
build_info(unsigned char *info, const char *purpose, size_t plen,
    uint64_t tenant, uint32_t version)
{
	size_t n, i;

	memcpy(info, purpose, plen);
	n = plen;
	info[n++] = 0x00;
	for (i = 0; i < 8; i++)
		info[n++] = (unsigned char)(tenant >> (56 - 8 * i));
	for (i = 0; i < 4; i++)
		info[n++] = (unsigned char)(version >> (24 - 8 * i));

	return (n);
}

static int
hkdf(const struct pseudo_key *master, const unsigned char *info, size_t infolen,
    unsigned char *out)
{
	OSSL_PARAM params[5];
	char       digest[] = "SHA256";
	char       salt[] = HKDF_SALT;

	/* OSSL_PARAM is not const-correct; OpenSSL only reads these. */
	params[0] =
	    OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
	    (void *)(uintptr_t)master->bytes, sizeof(master->bytes));
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt,
	    sizeof(salt) - 1);
	params[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
	    (void *)(uintptr_t)info, infolen);
	params[4] = OSSL_PARAM_construct_end();

	return (pseudo_kdf("HKDF", params, out, PSEUDO_KEY_LEN));
}

int
pseudo_mac(const struct pseudo_key *key, const void *data, size_t len,
    unsigned char *out)
{
	size_t outlen = 0;

	if (EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key->bytes,
	        sizeof(key->bytes), data, len, out, PSEUDO_MAC_LEN,
	        &outlen) == NULL ||
	    outlen != PSEUDO_MAC_LEN) {
		OPENSSL_cleanse(out, PSEUDO_MAC_LEN);
		return (-1);
	}

	return (0);
}

int
pseudo_seal(const struct pseudo_key *key, const void *aad, size_t aadlen,
    const void *in, size_t inlen, unsigned char *out, size_t outsize,
    size_t *outlen)
{
	EVP_CIPHER     *cipher = NULL;
	EVP_CIPHER_CTX *ctx = NULL;
	unsigned char  *ct;
	int             n, ret = -1;

	if (outlen != NULL)
		*outlen = 0;
	if (key == NULL || out == NULL || outlen == NULL ||
	    (aad == NULL && aadlen > 0) || (in == NULL && inlen > 0) ||
	    aadlen > INT_MAX || inlen > INT_MAX - PSEUDO_SEAL_OVERHEAD ||
	    outsize < inlen + PSEUDO_SEAL_OVERHEAD)
		return (-1);

	ct = out + PSEUDO_SEAL_NONCE;
	if (pseudo_random(out, PSEUDO_SEAL_NONCE) == -1)
		goto done;
	if ((cipher = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL)) == NULL ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL)
		goto done;
	/* The default GCM IV length is 12 bytes: our nonce. */
	if (EVP_EncryptInit_ex2(ctx, cipher, key->bytes, out, NULL) != 1)
		goto done;
	if (aadlen > 0 &&
	    EVP_EncryptUpdate(ctx, NULL, &n, aad, (int)aadlen) != 1)
		goto done;
	n = 0;
	if (inlen > 0 && EVP_EncryptUpdate(ctx, ct, &n, in, (int)inlen) != 1)
		goto done;
	if ((size_t)n != inlen)
		goto done;
	if (EVP_EncryptFinal_ex(ctx, ct + inlen, &n) != 1 || n != 0)
		goto done;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, PSEUDO_SEAL_TAG,
	        ct + inlen) != 1)
		goto done;
	*outlen = inlen + PSEUDO_SEAL_OVERHEAD;
	ret = 0;

done:
	if (ret == -1)
		explicit_bzero(out, outsize);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(cipher);

	return (ret);
}

int
pseudo_unseal(const struct pseudo_key *key, const void *aad, size_t aadlen,
    const unsigned char *in, size_t inlen, unsigned char *out, size_t outsize,
    size_t *outlen)
{
	EVP_CIPHER     *cipher = NULL;
	EVP_CIPHER_CTX *ctx = NULL;
	unsigned char   tag[PSEUDO_SEAL_TAG];
	size_t          ctlen = 0;
	int             n, ret = -1;

	if (outlen != NULL)
		*outlen = 0;
	if (key == NULL || in == NULL || outlen == NULL ||
	    (aad == NULL && aadlen > 0) || aadlen > INT_MAX ||
	    inlen < PSEUDO_SEAL_OVERHEAD || inlen > INT_MAX)
		goto done;
	ctlen = inlen - PSEUDO_SEAL_OVERHEAD;
	if (out == NULL || outsize < ctlen)
		goto done;

	/* EVP_CIPHER_CTX_ctrl() wants a writable tag. */
	memcpy(tag, in + PSEUDO_SEAL_NONCE + ctlen, sizeof(tag));
	if ((cipher = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL)) == NULL ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL)
		goto done;
	if (EVP_DecryptInit_ex2(ctx, cipher, key->bytes, in, NULL) != 1)
		goto done;
	if (aadlen > 0 &&
	    EVP_DecryptUpdate(ctx, NULL, &n, aad, (int)aadlen) != 1)
		goto done;
	n = 0;
	if (ctlen > 0 &&
	    EVP_DecryptUpdate(ctx, out, &n, in + PSEUDO_SEAL_NONCE,
	        (int)ctlen) != 1)
		goto done;
	if ((size_t)n != ctlen)
		goto done;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, sizeof(tag), tag) !=
	    1)
		goto done;
	/* The tag is checked here: nothing in out counts before this. */
	if (EVP_DecryptFinal_ex(ctx, out + ctlen, &n) != 1 || n != 0)
		goto done;
	*outlen = ctlen;
	ret = 0;

done:
	if (ret == -1 && out != NULL)
		explicit_bzero(out, outsize);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(cipher);

	return (ret);
}

int
pseudo_kdf(const char *name, const OSSL_PARAM *params, unsigned char *out,
    size_t len)
{
	EVP_KDF     *kdf = NULL;
	EVP_KDF_CTX *ctx = NULL;
	int          ret = -1;

	if ((kdf = EVP_KDF_fetch(NULL, name, NULL)) == NULL ||
	    (ctx = EVP_KDF_CTX_new(kdf)) == NULL)
		goto done;
	if (EVP_KDF_derive(ctx, out, len, params) != 1)
		goto done;
	ret = 0;

done:
	EVP_KDF_CTX_free(ctx);
	EVP_KDF_free(kdf);

	return (ret);
}
