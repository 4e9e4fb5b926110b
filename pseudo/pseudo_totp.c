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
 * Second factor: TOTP codes (RFC 6238, HOTP of RFC 4226 with HMAC-SHA-1,
 * which is what authenticator apps implement) and the base32 encoding
 * their otpauth:// secrets use (RFC 4648).
 */

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <stdint.h>
#include <string.h>

#include "pseudo.h"
#include "pseudo_internal.h"

#define DIGITS_MIN 6
#define DIGITS_MAX 8
#define SHA1_LEN   20

static int hotp(EVP_MAC *, const unsigned char *, size_t, uint64_t,
    unsigned int, char *);
static int b32_value(int);

static const char b32_abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int
pseudo_base32_encode(const unsigned char *in, size_t inlen, char *out,
    size_t outsize)
{
	if ((in == NULL && inlen > 0) || out == NULL ||
	    inlen > (SIZE_MAX - 4) / 8 || outsize < (inlen * 8 + 4) / 5 + 1)
		return (-1);
	pseudo_bits_encode(in, inlen, b32_abc, 5, out);

	return (0);
}

/* A symbol's value; '=' padding and spaces are skipped (-2). */
static int
b32_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return (c - 'A');
	if (c >= 'a' && c <= 'z')
		return (c - 'a');
	if (c >= '2' && c <= '7')
		return (c - '2' + 26);
	if (c == '=' || c == ' ')
		return (-2);

	return (-1);
}

int
pseudo_base32_decode(const char *in, unsigned char *out, size_t outsize,
    size_t *len)
{
	if (in == NULL || len == NULL || (out == NULL && outsize > 0))
		return (-1);

	return (pseudo_bits_decode(in, strlen(in), b32_value, 5, out, outsize,
	    len));
}

/* The digits-digit HOTP code for counter into out[0..digits]. */
static int
hotp(EVP_MAC *mac, const unsigned char *secret, size_t secretlen,
    uint64_t counter, unsigned int digits, char *out)
{
	EVP_MAC_CTX  *ctx = NULL;
	OSSL_PARAM    params[2];
	char          digest[] = "SHA1";
	unsigned char msg[8], md[EVP_MAX_MD_SIZE];
	size_t        mdlen = 0;
	uint32_t      bin;
	unsigned int  i, off;
	int           ret = -1;

	for (i = 0; i < 8; i++)
		msg[i] = (unsigned char)(counter >> (56 - 8 * i));
	params[0] =
	    OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0);
	params[1] = OSSL_PARAM_construct_end();

	if ((ctx = EVP_MAC_CTX_new(mac)) == NULL ||
	    EVP_MAC_init(ctx, secret, secretlen, params) != 1 ||
	    EVP_MAC_update(ctx, msg, sizeof(msg)) != 1 ||
	    EVP_MAC_final(ctx, md, &mdlen, sizeof(md)) != 1 ||
	    mdlen != SHA1_LEN)
		goto done;

	/* RFC 4226 5.3: dynamic truncation. */
	off = md[SHA1_LEN - 1] & 0x0f;
	bin = (uint32_t)(md[off] & 0x7f) << 24 | (uint32_t)md[off + 1] << 16 |
	    (uint32_t)md[off + 2] << 8 | md[off + 3];
	for (i = digits; i > 0; i--) {
		out[i - 1] = (char)('0' + bin % 10);
		bin /= 10;
	}
	out[digits] = '\0';
	ret = 0;

done:
	explicit_bzero(md, sizeof(md));
	EVP_MAC_CTX_free(ctx);

	return (ret);
}

int
pseudo_totp_code(const unsigned char *secret, size_t secretlen, uint64_t t,
    unsigned int step, unsigned int digits, char *out, size_t outsize)
{
	EVP_MAC *mac = NULL;
	int      ret = -1;

	if (secret == NULL || secretlen == 0 || step == 0 ||
	    digits < DIGITS_MIN || digits > DIGITS_MAX || out == NULL ||
	    outsize < digits + 1)
		goto done;
	if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		goto done;
	ret = hotp(mac, secret, secretlen, t / step, digits, out);

done:
	if (ret == -1 && out != NULL && outsize > 0)
		out[0] = '\0';
	EVP_MAC_free(mac);

	return (ret);
}

int
pseudo_totp_verify(const unsigned char *secret, size_t secretlen,
    const char *code, uint64_t t, unsigned int step, unsigned int digits,
    unsigned int window, uint64_t *counter)
{
	EVP_MAC *mac = NULL;
	char     cand[DIGITS_MAX + 1];
	uint64_t c, lo, hi, mask, found = 0;
	size_t   i;
	int      eq, matched = 0, ret = -1;

	if (secret == NULL || secretlen == 0 || code == NULL ||
	    counter == NULL || step == 0 || digits < DIGITS_MIN ||
	    digits > DIGITS_MAX || window > PSEUDO_TOTP_WINDOW_MAX)
		goto done;
	if (strnlen(code, digits + 1) != digits)
		goto done;
	for (i = 0; i < digits; i++) {
		if (code[i] < '0' || code[i] > '9')
			goto done;
	}
	if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		goto done;

	c = t / step;
	lo = c >= window ? c - window : 0;
	hi = c <= UINT64_MAX - window ? c + window : UINT64_MAX;
	/* Every candidate, no early exit; keep the lowest match. */
	for (c = lo;; c++) {
		if (hotp(mac, secret, secretlen, c, digits, cand) == -1)
			goto done;
		eq = CRYPTO_memcmp(cand, code, digits) == 0;
		mask = (uint64_t)0 - (uint64_t)(eq & !matched);
		found = (found & ~mask) | (c & mask);
		matched |= eq;
		if (c == hi)
			break;
	}
	if (matched)
		*counter = found;
	ret = matched;

done:
	explicit_bzero(cand, sizeof(cand));
	EVP_MAC_free(mac);

	return (ret);
}
